package org.rnc.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.rnc.training.EntropyTrainer;
import org.rnc.training.PortableEntropyExport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export-entropy", mixinStandardHelpOptions = true,
        description = "Export an entropy training run, or convert a TensorFlow (format 1) entropy model, as a portable entropy model directory.")
final class ExportEntropyCommand implements Callable<Integer> {
    static final class Source {
        @Option(names = "--run", required = true, description = "an entropy training run (train-entropy --run)") Path run;
        @Option(names = "--from-model", required = true, description = "a TensorFlow entropy model directory (format 1)") Path model;
    }

    @ArgGroup(exclusive = true, multiplicity = "1") Source source;
    @Option(names = "--out", required = true, description = "e.g. models/rnc-default-pe1") Path out;
    @Option(names = "--name", required = true, description = "a name no model has had before: models are immutable") String name;

    @Override
    public Integer call() throws Exception {
        String hash = source.run != null ? EntropyTrainer.export(source.run, out, name)
                : PortableEntropyExport.fromSavedModel(source.model, out, name);
        System.out.println("exported " + name + " sha256 " + hash + " to " + out);
        return 0;
    }
}

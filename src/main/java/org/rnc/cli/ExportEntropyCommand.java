package org.rnc.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.rnc.training.EntropyTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export-entropy", mixinStandardHelpOptions = true, description = "Export an entropy training run as a model directory.")
final class ExportEntropyCommand implements Callable<Integer> {
    @Option(names = "--run", required = true) Path run;
    @Option(names = "--out", required = true, description = "e.g. models/rnc-default-entropy") Path out;
    @Option(names = "--name", defaultValue = "rnc-default-entropy") String name;

    @Override
    public Integer call() throws Exception {
        System.out.println("exported " + name + " sha256 " + EntropyTrainer.export(run, out, name) + " to " + out);
        return 0;
    }
}

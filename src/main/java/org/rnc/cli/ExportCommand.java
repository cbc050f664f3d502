package org.rnc.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.rnc.training.ModelExporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true, description = "Export a training run's checkpoint as a shipped model directory.")
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--run", required = true, description = "Training run directory.") Path run;
    @Option(names = "--out", required = true, description = "Model directory to write, e.g. models/rnc-3.") Path out;
    @Option(names = "--name", required = true, description = "Model name recorded in files: a new name for new weights (docs/MODELS.md).") String name;

    @Override
    public Integer call() throws Exception {
        String hash = ModelExporter.export(run, out, name);
        System.out.println("exported " + name + " sha256 " + hash + " to " + out);
        return 0;
    }
}

package org.rnc.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.apache.commons.io.file.PathUtils;
import org.rnc.training.ModelExporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true, description = {
        "Export a training run's checkpoint as a shipped model directory (--out and --name),",
        "or check that a model directory holds that checkpoint's network (--verify)."})
final class ExportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = "--run", required = true, description = "Training run directory.") Path run;
    @Option(names = "--out", description = "Model directory to write, e.g. models/rnc-3.") Path out;
    @Option(names = "--name", description = "Model name recorded in files: a new name for new weights (docs/MODELS.md).") String name;
    @Option(names = "--verify", description = "A model directory, e.g. models/rnc-3: export to a scratch folder and compare its graph and weights with it (exit 1 if they differ).") Path verify;

    @Override
    public Integer call() throws Exception {
        if (verify != null) {
            if (out != null || name != null) throw new ParameterException(spec.commandLine(), "--verify takes neither --out nor --name");
            if (!Files.isRegularFile(ModelExporter.graphFile(verify)))
                throw new ParameterException(spec.commandLine(), "--verify " + verify + ": not a codec model directory (no "
                        + verify.relativize(ModelExporter.graphFile(verify)) + ")");
            Path scratch = Files.createTempDirectory("rnc-verify-export");
            try {
                ModelExporter.export(run, scratch, "verify");
                List<String> diff = ModelExporter.networkDifferences(verify, scratch);
                if (diff.isEmpty()) {
                    System.out.println(verify + " holds the network exported from " + run + " (same graph, same weights)");
                    return 0;
                }
                System.out.println(verify + " differs from the export of " + run + ":");
                for (String d : diff) System.out.println("  " + d);
                return 1;
            } finally {
                PathUtils.deleteDirectory(scratch);
            }
        }
        if (out == null || name == null) throw new ParameterException(spec.commandLine(), "export needs --out and --name (or --verify)");
        String hash = ModelExporter.export(run, out, name);
        System.out.println("exported " + name + " sha256 " + hash + " to " + out);
        return 0;
    }
}

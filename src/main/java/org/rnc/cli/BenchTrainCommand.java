package org.rnc.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.rnc.bench.TrainingSpeedBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench-train", mixinStandardHelpOptions = true,
        description = "Training speed (steps/s) of each width preset on this machine. Run it with nothing else busy.")
final class BenchTrainCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, split = ",", description = "Folders of photos to draw crops from.")
    List<Path> data;
    @Option(names = "--presets", split = ",", defaultValue = "tiny,small,medium,large,reference") List<String> presets;
    @Option(names = "--iterations", split = ",", defaultValue = "8,16", description = "Unrolled iterations (default ${DEFAULT-VALUE}).")
    List<Integer> iterations;
    @Option(names = "--batch", defaultValue = "32") int batch;
    @Option(names = "--patch", defaultValue = "32") int patch;
    @Option(names = "--warmup", defaultValue = "3", description = "Untimed steps first (default ${DEFAULT-VALUE}).") int warmup;
    @Option(names = "--steps", defaultValue = "10", description = "Timed steps (default ${DEFAULT-VALUE}).") int steps;
    @Option(names = "--out", description = "Folder for train-speed.md and train-speed.csv.") Path out;

    @Override
    public Integer call() throws Exception {
        var rows = TrainingSpeedBench.run(data, presets, iterations, batch, patch, warmup, steps, System.err);
        String md = TrainingSpeedBench.markdown(rows, Runtime.getRuntime().availableProcessors());
        System.out.print(md);
        if (out != null) {
            Files.createDirectories(out);
            Files.writeString(out.resolve("train-speed.md"), md);
            Files.writeString(out.resolve("train-speed.csv"), TrainingSpeedBench.csv(rows));
        }
        return 0;
    }
}

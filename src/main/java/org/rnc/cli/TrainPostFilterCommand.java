package org.rnc.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.rnc.format.ModelId;
import org.rnc.model.ModelRegistry;
import org.rnc.model.PostFilterModel;
import org.rnc.training.PostFilterTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train-postfilter", mixinStandardHelpOptions = true,
        description = {"Train a learned post-filter on a codec model's pictures, in up to three steps, each run when asked:",
                "--crops N: N crops of the --data photos, written by the codec at caps 1-16 (RUN/crops-SEED.bin; run "
                        + "several seeds side by side to use both cores);",
                "--steps N: train on every RUN/crops-*.bin (weights and checkpoints in RUN/weights.bin, log on stdout);",
                "--name NAME --out DIR: write RUN/weights.bin as an immutable model. See docs/quality/post-filter.md."})
final class TrainPostFilterCommand implements Callable<Integer> {
    @Option(names = "--run", required = true, description = "Run directory.") Path run;
    @Option(names = "--data", split = ",", description = "Folders of training photos (for --crops).") List<Path> data;
    @Option(names = "--codec", description = "Codec model whose pictures to make (for --crops; default: the writer's).") String codec;
    @Option(names = "--crops", defaultValue = "0", description = "Crops to make (default ${DEFAULT-VALUE}).") int crops;
    @Option(names = "--seed", defaultValue = "1", description = "Seed of the crops (default ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--steps", defaultValue = "0", description = "Training steps, batches of 8 (default ${DEFAULT-VALUE}).") int steps;
    @Option(names = "--channels", defaultValue = "16", description = "Channels of the hidden layers (default ${DEFAULT-VALUE}).") int channels;
    @Option(names = "--layers", defaultValue = "4", description = "3x3 convolution layers (default ${DEFAULT-VALUE}).") int layers;
    @Option(names = "--coarse-channels", defaultValue = "0", description = "Channels of a coarse branch at 1/4 of the resolution (default ${DEFAULT-VALUE}: none).") int coarseChannels;
    @Option(names = "--coarse-layers", defaultValue = "0", description = "3x3 convolution layers of the coarse branch (default ${DEFAULT-VALUE}).") int coarseLayers;
    @Option(names = "--init", description = "Weights file (a model's network/postfilter.bin or a run's weights.bin) whose tensors start the network (with --steps).") Path init;
    @Option(names = "--ms-ssim", defaultValue = "0.01", description = "Weight of (1 - multi-scale SSIM) beside the MSE (default ${DEFAULT-VALUE}).") float msSsim;
    @Option(names = "--lr", defaultValue = "1e-3", description = "Adam's learning rate, a tenth of it for the last quarter (default ${DEFAULT-VALUE}).") float lr;
    @Option(names = "--log-every", defaultValue = "250", description = "Steps between log lines; checkpoints every 4 (default ${DEFAULT-VALUE}).") int logEvery;
    @Option(names = "--name", description = "Model name to export as (with --out).") String name;
    @Option(names = "--out", description = "Model directory to write (with --name); never overwritten.") Path out;

    @Override
    public Integer call() throws Exception {
        if (crops <= 0 && steps <= 0 && out == null) throw new IllegalArgumentException("nothing to do: give --crops, --steps or --out");
        if ((name == null) != (out == null)) throw new IllegalArgumentException("--name and --out go together");
        Files.createDirectories(run);
        Path weights = run.resolve("weights.bin");
        if (crops > 0) {
            if (data == null || data.isEmpty()) throw new IllegalArgumentException("--crops needs --data");
            Path f = run.resolve(String.format(Locale.ROOT, "crops-%d.bin", seed));
            PostFilterTrainer.makeCrops(data, f, crops, seed, codec != null ? codec : ModelRegistry.defaultModelName(), System.out);
            System.out.println("wrote " + f);
        }
        Path factsFile = run.resolve("training.properties");
        if (steps > 0) {
            long t0 = System.nanoTime();
            List<Path> files = cropFiles();
            PostFilterTrainer.train(new PostFilterTrainer.Options(files, weights, steps, arch(), msSsim, lr, logEvery, init), System.out);
            double minutes = (System.nanoTime() - t0) / 6e10;
            System.out.printf(Locale.ROOT, "trained %d steps in %.1f min: %s%n", steps, minutes, weights);
            // what the model's properties record at export
            Properties facts = new Properties();
            facts.setProperty("training.steps", Integer.toString(steps));
            facts.setProperty("training.loss", "mse + " + msSsim + " (1 - multi-scale ssim)");
            facts.setProperty("training.learningRate", Float.toString(lr));
            facts.setProperty("training.cropFiles", String.join(",", files.stream().map(f -> f.getFileName().toString()).toList()));
            facts.setProperty("training.minutes", String.format(Locale.ROOT, "%.1f", minutes));
            arch().store(facts);
            if (init != null) facts.setProperty("training.init", init.toString());
            try (var w = Files.newBufferedWriter(factsFile)) {
                facts.store(w, "train-postfilter");
            }
        }
        if (out != null) {
            List<Path> files = cropFiles();
            ModelId c = PostFilterTrainer.codecOf(files.get(0));
            Properties facts = new Properties();
            if (Files.isRegularFile(factsFile)) {
                try (var r = Files.newBufferedReader(factsFile)) {
                    facts.load(r);
                }
                PostFilterModel.Arch trained = PostFilterModel.Arch.of(facts);
                if (!trained.equals(arch()))
                    throw new IllegalArgumentException("the run trained " + trained.describe() + ", not " + arch().describe()
                            + ": give the same --channels, --layers, --coarse-channels and --coarse-layers");
            }
            String hash = PostFilterTrainer.export(weights, out, name, c, arch(), facts);
            System.out.println("exported " + name + " sha256 " + hash + " to " + out + " (for codec " + c + ")");
        }
        ModelRegistry.closeAll();
        return 0;
    }

    private PostFilterModel.Arch arch() {
        return new PostFilterModel.Arch(channels, layers, coarseChannels, coarseLayers);
    }

    private List<Path> cropFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(run)) {
            s.filter(p -> p.getFileName().toString().matches("crops-.*\\.bin")).sorted().forEach(files::add);
        }
        if (files.isEmpty()) throw new IOException("no crops in " + run + ": make them with --crops first");
        return files;
    }
}

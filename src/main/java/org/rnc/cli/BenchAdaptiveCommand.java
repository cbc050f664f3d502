package org.rnc.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.rnc.bench.AdaptiveClosedLoop;
import org.rnc.bench.AdaptiveRateOracle;
import org.rnc.bench.BenchRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench-adaptive", mixinStandardHelpOptions = true,
        description = "Upper bound of a spatially adaptive bit rate with today's networks: every 16x16 block at its own "
                + "iteration count (Lagrangian optimum), against every block at k iterations.")
final class BenchAdaptiveCommand implements Callable<Integer> {
    @Option(names = "--images", required = true, description = "a folder of PNG/JPEG images") Path images;
    @Option(names = {"-n", "--iterations"}, defaultValue = "16", description = "iterations coded (default ${DEFAULT-VALUE})") int iterations;
    @Option(names = "--model", description = "codec model (default: the writer's)") String model;
    @Option(names = "--closed-loop", description = "run the codec's adaptive loop (blocks stop at a PSNR target, send no "
            + "more codes and keep their pixels) instead of the oracle") boolean closedLoop;
    @Option(names = "--min-iterations", defaultValue = "1", description = "closed loop: no block stops before this many "
            + "iterations (default ${DEFAULT-VALUE})") int minIterations;

    @Override
    public Integer call() throws Exception {
        System.setProperty("java.awt.headless", "true");
        List<Path> files = BenchRunner.listImages(images);
        if (files.isEmpty()) throw new IllegalArgumentException("no images in " + images);
        if (closedLoop) AdaptiveClosedLoop.run(files, iterations, minIterations, model, System.out);
        else AdaptiveRateOracle.run(files, iterations, model, System.out);
        return 0;
    }
}

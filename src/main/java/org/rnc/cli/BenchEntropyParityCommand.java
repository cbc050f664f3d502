package org.rnc.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.rnc.bench.EntropyParityBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench-entropy-parity", mixinStandardHelpOptions = true,
        description = "Bits per code of two entropy models (e.g. a TensorFlow model and its portable export) on the same codes, "
                + "or (--adaptive) the bytes of adaptive-rate files coded with each.")
final class BenchEntropyParityCommand implements Callable<Integer> {
    @Option(names = "--images", defaultValue = "conformance/images") Path images;
    @Option(names = {"-n", "--iterations"}, defaultValue = "16") int iterations;
    @Option(names = "--first", defaultValue = "models/rnc-default-entropy", description = "an entropy model directory") Path first;
    @Option(names = "--second", defaultValue = "models/rnc-default-pe1", description = "an entropy model directory") Path second;
    @Option(names = "--adaptive", description = "Codes of the writer's adaptive rate capped at -n (format 3); compares the "
            + "bytes of the coded iterations instead of ideal bits per code.") boolean adaptive;

    @Override
    public Integer call() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(images)) {
            files = s.filter(p -> p.toString().toLowerCase(Locale.ROOT).matches(".*\\.(png|jpg|jpeg|bmp)")).sorted().toList();
        }
        EntropyParityBench.run(files, iterations, adaptive, first, second, System.out);
        return 0;
    }
}

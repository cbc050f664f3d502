package org.rnc.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.rnc.bench.EntropyBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench-entropy", mixinStandardHelpOptions = true,
        description = "Bits the BinaryRNN entropy stage saves per iteration against RAW codes, its losslessness and its time.")
final class BenchEntropyCommand implements Callable<Integer> {
    @Option(names = "--images", defaultValue = "conformance/images") Path images;
    @Option(names = {"-n", "--iterations"}, defaultValue = "16") int iterations;

    @Override
    public Integer call() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(images)) {
            files = s.filter(p -> p.toString().toLowerCase(Locale.ROOT).matches(".*\\.(png|jpg|jpeg|bmp)")).sorted().toList();
        }
        EntropyBench.run(files, iterations, System.out);
        return 0;
    }
}

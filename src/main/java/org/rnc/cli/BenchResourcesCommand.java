package org.rnc.cli;

import java.util.concurrent.Callable;

import org.rnc.bench.ResourceBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench-resources", mixinStandardHelpOptions = true,
        description = "Soak (native memory and handles over time) and large images (time and peak memory vs megapixels).")
final class BenchResourcesCommand implements Callable<Integer> {
    @Option(names = "--soak-minutes", defaultValue = "0", description = "Run the soak loop this long (0: skip).") double soak;
    @Option(names = "--megapixels", split = ",", defaultValue = "1,4,12,24", description = "Large-image sizes (default ${DEFAULT-VALUE}).")
    double[] megapixels;
    @Option(names = {"-n", "--iterations"}, defaultValue = "2") int iterations;

    @Override
    public Integer call() throws Exception {
        if (soak > 0) ResourceBench.soak(soak, System.out);
        if (megapixels.length > 0 && megapixels[0] > 0) ResourceBench.large(megapixels, iterations, System.out);
        return 0;
    }
}

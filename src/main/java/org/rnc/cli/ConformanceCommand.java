package org.rnc.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import javax.imageio.ImageIO;

import org.rnc.conformance.Conformance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "conformance", mixinStandardHelpOptions = true,
        description = "Check the reference vectors (or make them anew with --generate after a model change).")
final class ConformanceCommand implements Callable<Integer> {
    @Option(names = "--dir", defaultValue = "conformance/vectors") Path dir;
    @Option(names = "--generate", description = "Write the vectors with the installed models.") boolean generate;
    @Option(names = "--photo", defaultValue = "conformance/images/kodim23.png", description = "Photo the photo vectors crop.") Path photo;

    @Override
    public Integer call() throws Exception {
        if (generate) {
            Conformance.generate(dir, ImageIO.read(photo.toFile()), System.out);
            return 0;
        }
        return Conformance.check(dir, System.out) == 0 ? 0 : 1;
    }
}

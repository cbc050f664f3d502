package org.rnc.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import javax.imageio.ImageIO;

import org.rnc.conformance.Conformance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "conformance", mixinStandardHelpOptions = true,
        description = "Check the reference vectors and every frozen set (or make the vectors anew with --generate after a "
                + "model change, and freeze them with --freeze when a model ships).")
final class ConformanceCommand implements Callable<Integer> {
    @Option(names = "--dir", defaultValue = "conformance/vectors") Path dir;
    @Option(names = "--frozen", defaultValue = "conformance/frozen", description = "Folder of the frozen sets.") Path frozen;
    @Option(names = "--generate", description = "Write the vectors with the installed models.") boolean generate;
    @Option(names = "--freeze", paramLabel = "NAME", description = "Copy the vectors to a new frozen set FROZEN/NAME.") String freeze;
    @Option(names = "--photo", defaultValue = "conformance/images/kodim23.png", description = "Photo the photo vectors crop.") Path photo;

    @Override
    public Integer call() throws Exception {
        if (generate) {
            Conformance.generate(dir, ImageIO.read(photo.toFile()), System.out);
            return 0;
        }
        if (freeze != null) {
            Conformance.freeze(dir, frozen.resolve(freeze));
            System.out.println("froze " + dir + " as " + frozen.resolve(freeze));
            return 0;
        }
        int failures = Conformance.check(dir, System.out);
        for (Path set : Conformance.frozenSets(frozen)) failures += Conformance.checkFrozen(set, System.out);
        return failures == 0 ? 0 : 1;
    }
}

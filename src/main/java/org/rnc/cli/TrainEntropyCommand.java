package org.rnc.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.rnc.model.CodecModel;
import org.rnc.model.ModelRegistry;
import org.rnc.training.EntropyTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train-entropy", mixinStandardHelpOptions = true,
        description = "Train the BinaryRNN entropy model on the codes a codec model makes of a folder of photos.")
final class TrainEntropyCommand implements Callable<Integer> {
    @Option(names = "--codec", description = "Codec model: a name, or a model directory (default: the writer's, models/catalog.properties).")
    String codec;
    @Option(names = "--data", required = true, split = ",", description = "Folders of training photos.") List<Path> data;
    @Option(names = "--run", required = true, description = "Run directory (codes cache, checkpoint, log.csv).") Path run;
    @Option(names = "--minutes", defaultValue = "30") double minutes;
    @Option(names = "--max-images", defaultValue = "300") int maxImages;
    @Option(names = "--crop", defaultValue = "256") int crop;
    @Option(names = "--resume") boolean resume;
    @Option(names = "--cross-channel-terms", defaultValue = "3", description = "Terms of the cross-channel weights' "
            + "polynomial in t/16; 0 trains a model without them, whose files use modes 1 and 2 only (default ${DEFAULT-VALUE}). "
            + "A resumed run keeps its own.")
    int crossChannelTerms;
    @Option(names = "--adaptive-share", defaultValue = "0", description = "Share (0..1) of the training pictures coded "
            + "with the adaptive rate, as the writer makes format 3 files (a random cap, blocks stopping at its PSNR target); "
            + "their stopped blocks are 0 in the inputs and left out of the loss (default ${DEFAULT-VALUE}).")
    double adaptiveShare;

    @Override
    public Integer call() throws Exception {
        if (codec == null) codec = ModelRegistry.defaultModelName();
        Path dir = Path.of(codec);
        CodecModel m = Files.isDirectory(dir) ? ModelRegistry.load(dir) : ModelRegistry.get(codec);
        EntropyTrainer.Options o = new EntropyTrainer.Options();
        o.codec = m;
        o.data = data;
        o.runDir = run;
        o.maxMinutes = minutes;
        o.maxImages = maxImages;
        o.crop = crop;
        o.resume = resume;
        o.crossChannelTerms = crossChannelTerms;
        if (adaptiveShare < 0 || adaptiveShare > 1) throw new IllegalArgumentException("--adaptive-share must be 0..1");
        o.adaptiveShare = adaptiveShare;
        o.iterations = m.config().maxIterations();
        new EntropyTrainer(o).run();
        return 0;
    }
}

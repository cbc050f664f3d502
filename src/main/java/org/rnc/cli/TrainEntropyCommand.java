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
    @Option(names = "--window", defaultValue = "8", description = "Side, in code positions (16 pixels each), of the square "
            + "windows a training batch holds; each window is coded as if it were a picture of its own (default ${DEFAULT-VALUE}).")
    int window;
    @Option(names = "--full-size-jpegs", description = "Code JPEG training photos at their own size instead of halved "
            + "(the codec's training halves them to hide their 8x8 grid; the entropy model learns the codes' statistics).")
    boolean fullSizeJpegs;
    @Option(names = "--batch", defaultValue = "32", description = "Windows per step (default ${DEFAULT-VALUE}).") int batch;

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
        if (window < 2 || batch < 1) throw new IllegalArgumentException("--window must be at least 2 and --batch at least 1");
        o.rows = o.cols = window;
        o.batch = batch;
        o.halveJpegs = !fullSizeJpegs;
        o.iterations = m.config().maxIterations();
        new EntropyTrainer(o).run();
        return 0;
    }
}

package org.rnc.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.rnc.study.MnistStudy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "study", mixinStandardHelpOptions = true,
        description = {"The autoencoder vs VAE study on MNIST, with ZIP and RNC beside them: study mnist --data DIR --out DIR.",
                "The recurrent-codec study's Models 1-4 table and figure: study models --images DIR --models A,B,.. --out DIR."})
final class StudyCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "Which study: mnist or models.") String which;
    @Option(names = "--data", description = "mnist: folder with the MNIST idx files (gzipped or plain).") Path data;
    @Option(names = "--images", description = "models: folder of test images (e.g. Kodak).") Path images;
    @Option(names = "--models", split = ",", description = "models: model names (with -Drnc.models.dir for models not shipped).") List<String> models;
    @Option(names = "--figure", description = "models: image (name without extension) and crop X,Y,SIZE of the figure, e.g. kodim23:440,40,192.") String figure;
    @Option(names = "--remeasure", description = "models: measure again where an earlier run left points.csv.") boolean remeasure;
    @Option(names = "--threads", defaultValue = "1", description = "models: worker threads over images (default ${DEFAULT-VALUE}).") int threads;
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
    @Option(names = "--out", required = true, description = "Output folder (mnist: results.csv, losses.csv, losses.png, "
            + "SavedModels; models: table.md, bench-*/, figure-*.png).") Path out;
    @Option(names = "--epochs", defaultValue = "10") int epochs;
    @Option(names = "--latent", defaultValue = "32") int latent;
    @Option(names = "--train-limit", defaultValue = "0", description = "Use only this many training digits (0: all).") int trainLimit;

    @Override
    public Integer call() throws Exception {
        if (which.equals("models")) return models();
        if (!which.equals("mnist")) throw new IllegalArgumentException("unknown study '" + which + "' (known: mnist, models)");
        if (data == null) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "study mnist needs --data DIR");
        MnistStudy.Options o = new MnistStudy.Options();
        o.data = data;
        o.out = out;
        o.epochs = epochs;
        o.latent = latent;
        o.trainLimit = trainLimit;
        long t0 = System.nanoTime();
        List<MnistStudy.Row> rows = new MnistStudy(o).run();
        System.out.println(MnistStudy.table(rows));
        System.out.printf("wrote %s/results.csv, losses.csv, losses.png in %.0f s%n", out, (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    private int models() throws Exception {
        if (images == null || models == null || models.isEmpty())
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "study models needs --images DIR and --models A,B,..");
        System.setProperty("java.awt.headless", "true");
        org.rnc.study.ModelsStudy.Options o = new org.rnc.study.ModelsStudy.Options();
        o.images = images;
        o.out = out;
        o.models = models;
        o.threads = threads;
        o.remeasure = remeasure;
        if (figure != null) {
            String[] f = figure.split(":");
            String[] c = f.length == 2 ? f[1].split(",") : new String[0];
            if (c.length != 3) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--figure IMAGE:X,Y,SIZE");
            o.figureImage = f[0];
            o.crop = new int[]{Integer.parseInt(c[0].trim()), Integer.parseInt(c[1].trim()), Integer.parseInt(c[2].trim())};
        }
        o.commandLine = "java -jar target/rnc-cli.jar " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        System.out.print(org.rnc.study.ModelsStudy.run(o, System.err));
        return 0;
    }
}

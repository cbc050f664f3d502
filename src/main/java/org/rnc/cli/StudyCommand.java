package org.rnc.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.rnc.study.MnistStudy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "study", mixinStandardHelpOptions = true,
        description = "The autoencoder vs VAE study on MNIST, with ZIP and RNC beside them: study mnist --data DIR --out DIR.")
final class StudyCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "Which study (mnist).") String which;
    @Option(names = "--data", required = true, description = "Folder with the MNIST idx files (gzipped or plain).") Path data;
    @Option(names = "--out", required = true, description = "Output folder: results.csv, losses.csv, losses.png, SavedModels.") Path out;
    @Option(names = "--epochs", defaultValue = "10") int epochs;
    @Option(names = "--latent", defaultValue = "32") int latent;
    @Option(names = "--train-limit", defaultValue = "0", description = "Use only this many training digits (0: all).") int trainLimit;

    @Override
    public Integer call() throws Exception {
        if (!which.equals("mnist")) throw new IllegalArgumentException("unknown study '" + which + "' (known: mnist)");
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
}

package org.rnc.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.rnc.entropy.EntropyAnalysis;
import org.rnc.entropy.IterationCoder;
import org.rnc.format.RncFileReader;
import org.rnc.format.RncHeader;
import org.rnc.imageio.RncIO;
import org.rnc.model.EntropyPredictor;
import org.rnc.model.ModelException;
import org.rnc.model.ModelRegistry;

/**
 * Two entropy models on the same codes: ideal bits per code of the model alone and of coding mode 3, per
 * iteration, and the time each spends computing probabilities. Made to compare a TensorFlow entropy model with
 * its portable export ({@code rnc bench-entropy-parity}); the codes come from the writer's default codec.
 */
public final class EntropyParityBench {
    private EntropyParityBench() {}

    public static void run(List<Path> images, int iterations, Path first, Path second, PrintStream out)
            throws IOException, ModelException {
        run(images, iterations, false, first, second, out);
    }

    /**
     * As above; with {@code adaptive} the codes are those of the writer's adaptive rate capped at {@code iterations}
     * (stopped blocks 0, format 3), and what is compared is the bytes of the entropy-coded iterations as files hold
     * them (stop flags included), not ideal code lengths.
     */
    public static void run(List<Path> images, int iterations, boolean adaptive, Path first, Path second, PrintStream out)
            throws IOException, ModelException {
        if (adaptive) {
            adaptiveBytes(images, iterations, first, second, out);
            return;
        }
        EntropyPredictor[] models = {ModelRegistry.loadEntropy(first), ModelRegistry.loadEntropy(second)};
        double[][][] bits = new double[2][2][iterations];
        double[] seconds = new double[2];
        double[] codesPer = new double[iterations];
        int n = 0;
        for (Path f : images) {
            BufferedImage img = ImageIO.read(f.toFile());
            if (img == null) continue;
            RawFile rf = RawFile.of(img, iterations, false, models);
            RncHeader hd = rf.header();
            List<float[]> codes = rf.codes();
            for (int m = 0; m < 2; m++) {
                long t0 = System.nanoTime();
                for (int t = 0; t < iterations; t++) {
                    double[] b = EntropyAnalysis.modelBits(models[m], codes.subList(0, t), codes.get(t), hd.blocksHigh(), hd.blocksWide());
                    bits[m][0][t] += b[0];
                    bits[m][1][t] += b[1];
                }
                seconds[m] += (System.nanoTime() - t0) / 1e9;
            }
            for (int t = 0; t < iterations; t++) codesPer[t] += codes.get(t).length;
            n++;
            out.printf(Locale.ROOT, "%s: %d iterations of %d codes%n", f.getFileName(), iterations, codes.get(0).length);
        }
        if (n == 0) throw new IOException("no images");
        String a = models[0].id().shortForm(), b = models[1].id().shortForm();
        out.printf(Locale.ROOT, "%n| iteration | %s model alone | %s model alone | %s mode 3 | %s mode 3 |%n", a, b, a, b);
        out.println("|---:|---:|---:|---:|---:|");
        double[][] sum = new double[2][2];
        double all = 0;
        for (int t = 0; t < iterations; t++) {
            out.printf(Locale.ROOT, "| %d | %.5f | %.5f | %.5f | %.5f |%n", t + 1, bits[0][0][t] / codesPer[t], bits[1][0][t] / codesPer[t],
                    bits[0][1][t] / codesPer[t], bits[1][1][t] / codesPer[t]);
            for (int m = 0; m < 2; m++) for (int k = 0; k < 2; k++) sum[m][k] += bits[m][k][t];
            all += codesPer[t];
        }
        out.printf(Locale.ROOT, "| all | %.5f | %.5f | %.5f | %.5f |%n", sum[0][0] / all, sum[1][0] / all, sum[0][1] / all, sum[1][1] / all);
        out.printf(Locale.ROOT, "%n(bits per code, ideal code lengths; %d images)%nprobability time per image: %s %.2f s, %s %.2f s%n",
                n, a, seconds[0] / n, b, seconds[1] / n);
    }

    private static void adaptiveBytes(List<Path> images, int cap, Path first, Path second, PrintStream out)
            throws IOException, ModelException {
        EntropyPredictor[] models = {ModelRegistry.loadEntropy(first), ModelRegistry.loadEntropy(second)};
        long[][] bytes = new long[2][cap];
        long[] rawBytes = new long[cap];
        int[] files = new int[cap];
        int n = 0;
        for (Path f : images) {
            BufferedImage img = ImageIO.read(f.toFile());
            if (img == null) continue;
            RawFile rf = RawFile.of(img, cap, true, models);
            RncHeader hd = rf.header();
            List<float[]> codes = rf.codes();
            List<RncFileReader.Iteration> its = rf.iterations();
            for (int m = 0; m < 2; m++) {
                IterationCoder coder = new IterationCoder(RncHeader.Coding.BINARY_RNN, models[m], hd.blocksHigh(), hd.blocksWide(),
                        hd.codesPerBlock(), true);
                for (int t = 0; t < codes.size(); t++) bytes[m][t] += coder.encode(codes.get(t)).length;
            }
            for (int t = 0; t < codes.size(); t++) {
                rawBytes[t] += its.get(t).data().length;
                files[t]++;
            }
            n++;
            out.printf(Locale.ROOT, "%s: %d iterations (cap %d)%n", f.getFileName(), codes.size(), cap);
        }
        if (n == 0) throw new IOException("no images");
        String a = models[0].id().shortForm(), b = models[1].id().shortForm();
        out.printf(Locale.ROOT, "%n| iteration | files | RAW bytes | %s bytes | %s bytes | %s / %s |%n", a, b, b, a);
        out.println("|---:|---:|---:|---:|---:|---:|");
        long[] sum = new long[3];
        for (int t = 0; t < cap; t++) {
            if (files[t] == 0) continue;
            out.printf(Locale.ROOT, "| %d | %d | %d | %d | %d | %.4f |%n", t + 1, files[t], rawBytes[t], bytes[0][t], bytes[1][t],
                    bytes[1][t] / (double) bytes[0][t]);
            sum[0] += rawBytes[t];
            sum[1] += bytes[0][t];
            sum[2] += bytes[1][t];
        }
        out.printf(Locale.ROOT, "| all | | %d | %d | %d | %.4f |%n", sum[0], sum[1], sum[2], sum[2] / (double) sum[1]);
        out.printf(Locale.ROOT, "%n(adaptive rate capped at %d iterations, the writer's ladder; bytes of the iteration payloads "
                + "as entropy-coded files hold them, stop flags included; %d images)%n", cap, n);
    }

    /** A RAW file the writer's default codec makes of an image, with its decoded codes (0 for stopped blocks). */
    private record RawFile(RncHeader header, List<RncFileReader.Iteration> iterations, List<float[]> codes) {
        static RawFile of(BufferedImage img, int iterations, boolean adaptive, EntropyPredictor[] models) throws IOException {
            byte[] raw = RncIO.encode(img, p -> {
                p.setIterations(iterations);
                p.setEntropyCoding(false);
                p.setAdaptiveRate(adaptive);
            });
            RncHeader hd = new RncFileReader(new ByteArrayInputStream(raw)).readHeader();
            for (EntropyPredictor m : models)
                if (!m.codec().matches(hd.model())) throw new IOException("the entropy models are not both for codec " + hd.model());
            IterationCoder unpack = IterationCoder.forFile(hd, null);
            List<RncFileReader.Iteration> its = RncFileReader.iterationsOf(raw);
            List<float[]> codes = new ArrayList<>();
            for (RncFileReader.Iteration it : its) codes.add(unpack.decode(it.data()));
            return new RawFile(hd, its, codes);
        }
    }
}

package org.rnc.bench;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.rnc.entropy.EntropyAnalysis;
import org.rnc.entropy.IterationCoder;
import org.rnc.format.RncFileReader;
import org.rnc.format.RncHeader;
import org.rnc.imageio.RncIO;

/**
 * What the BinaryRNN stage saves: every image is written twice (RAW and entropy-coded) with N iterations,
 * both files are decoded, and the decoded pixels must be identical (the coding is lossless). Reports the
 * bits of every iteration against RAW, and the time entropy coding adds to encoding and decoding.
 */
public final class EntropyBench {
    private EntropyBench() {}

    public static void run(List<Path> images, int iterations, PrintStream out) throws IOException {
        long[] raw = new long[iterations], coded = new long[iterations];
        int[][] modes = new int[iterations][4]; // RAW, model alone, model + adaptive mixing, + cross-channel stage
        double[] adaptiveBits = new double[iterations], rawBits = new double[iterations];
        double encRaw = 0, encCoded = 0, decRaw = 0, decCoded = 0;
        int n = 0;
        for (Path f : images) {
            BufferedImage img = ImageIO.read(f.toFile());
            if (img == null) continue;
            long t0 = System.nanoTime();
            byte[] r = write(img, iterations, false);
            long t1 = System.nanoTime();
            byte[] c = write(img, iterations, true);
            long t2 = System.nanoTime();
            BufferedImage dr = read(r);
            long t3 = System.nanoTime();
            BufferedImage dc = read(c);
            long t4 = System.nanoTime();
            int w = img.getWidth(), h = img.getHeight();
            if (!Arrays.equals(dr.getRGB(0, 0, w, h, null, 0, w), dc.getRGB(0, 0, w, h, null, 0, w)))
                throw new IOException(f + ": entropy-coded file decodes differently from the RAW one: coding is not lossless");
            List<RncFileReader.Iteration> ri = RncFileReader.iterationsOf(r), ci = RncFileReader.iterationsOf(c);
            if (ci.size() != iterations || ri.size() != iterations) throw new IOException(f + ": iteration count differs");
            RncHeader hd = new RncFileReader(new java.io.ByteArrayInputStream(r)).readHeader();
            IterationCoder codes = new IterationCoder(RncHeader.Coding.RAW, null, hd.blocksHigh(), hd.blocksWide(), hd.codesPerBlock());
            float[] before = null;
            for (int t = 0; t < iterations; t++) {
                float[] it = codes.decode(ri.get(t).data());
                adaptiveBits[t] += EntropyAnalysis.adaptiveOnlyBits(it, before, hd.blocksHigh(), hd.blocksWide(), hd.codesPerBlock());
                rawBits[t] += it.length;
                before = it;
            }
            for (int t = 0; t < iterations; t++) {
                raw[t] += ri.get(t).bytes();
                coded[t] += ci.get(t).bytes();
                byte[] data = ci.get(t).data();
                if (data.length > 0 && (data[0] & 255) < 4) modes[t][data[0] & 255]++;
            }
            encRaw += (t1 - t0) / 1e9;
            encCoded += (t2 - t1) / 1e9;
            decRaw += (t3 - t2) / 1e9;
            decCoded += (t4 - t3) / 1e9;
            n++;
            out.printf(Locale.ROOT, "%s: RAW %d bytes, coded %d bytes (%.1f%% saved), decode %.2f s -> %.2f s%n", f.getFileName(),
                    r.length, c.length, 100.0 * (r.length - c.length) / r.length, (t3 - t2) / 1e9, (t4 - t3) / 1e9);
        }
        if (n == 0) throw new IOException("no images");
        out.println();
        out.println("| iteration | RAW bytes (mean) | coded bytes (mean) | saved | modes raw/model/mixed/cross | adaptive contexts alone (ideal) |");
        out.println("|---:|---:|---:|---:|---|---:|");
        long rs = 0, cs = 0;
        for (int t = 0; t < iterations; t++) {
            rs += raw[t];
            cs += coded[t];
            out.printf(Locale.ROOT, "| %d | %.0f | %.0f | %.1f%% | %d/%d/%d/%d | %.1f%% |%n", t + 1, raw[t] / (double) n, coded[t] / (double) n,
                    100.0 * (raw[t] - coded[t]) / raw[t], modes[t][0], modes[t][1], modes[t][2], modes[t][3],
                    100.0 * (rawBits[t] - adaptiveBits[t]) / rawBits[t]);
        }
        double ra = java.util.Arrays.stream(rawBits).sum(), aa = java.util.Arrays.stream(adaptiveBits).sum();
        out.printf(Locale.ROOT, "| all | %.0f | %.0f | %.1f%% | | %.1f%% |%n", rs / (double) n, cs / (double) n, 100.0 * (rs - cs) / rs,
                100.0 * (ra - aa) / ra);
        out.println("\n(saved: whole ITER chunks against RAW chunks; adaptive contexts alone: the mode-2 mixer with no entropy "
                + "model, ideal code length of the codes only, no chunk overhead)");
        out.printf(Locale.ROOT, "%nlossless: decoded pixels identical for all %d images at %d iterations%n", n, iterations);
        out.printf(Locale.ROOT, "time per image: encode RAW %.2f s, coded %.2f s; decode RAW %.2f s, coded %.2f s "
                        + "(entropy decoding adds %.0f%% to decode time)%n", encRaw / n, encCoded / n, decRaw / n, decCoded / n,
                100 * (decCoded - decRaw) / decRaw);
    }

    static byte[] write(BufferedImage img, int iterations, boolean entropy) throws IOException {
        return RncIO.encode(img, p -> {
            p.setIterations(iterations);
            p.setEntropyCoding(entropy);
            // Every block at every iteration: the bench reads the chunks as whole RAW iterations, which the
            // writer's default adaptive rate (format 3, a stop flag per block) would not make.
            p.setAdaptiveRate(false);
        });
    }

    static BufferedImage read(byte[] file) throws IOException {
        return RncIO.decode(file, null, null);
    }
}

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.rnc.bench.BenchRunner;
import org.rnc.codec.AdaptiveIterations;
import org.rnc.codec.SourceImage;
import org.rnc.entropy.BinaryRnnCoder;
import org.rnc.metrics.ImageQuality;
import org.rnc.model.CodecModel;
import org.rnc.model.EntropyPredictor;
import org.rnc.model.ModelRegistry;

/**
 * How much an encoder-side search over an iteration's codes could buy, with the decoder untouched (so at no decode cost
 * and no format change); docs/quality/code-search.md. For each of the 32 code channels and each of 9 interleaved block
 * classes (blocks 3 apart, so their 3x3 neighbourhoods do not overlap; {@code -Dclasses=2}: 4 classes, blocks 2 apart,
 * neighbourhoods overlapping at their edges), that channel's bit is flipped in every block of
 * the class at once and the iteration is decoded again from the decoder's state ({@code Decoder.trial}). A block keeps
 * its flip when its 3x3 blocks' error falls by more than lambda times the bits the flip costs under the entropy model's
 * own probabilities (model alone: log2 P(code) - log2 P(flipped)).
 * <p>
 * On the central CROP x CROP crop of each image: the plain codec's points at 1..N iterations, then for each KAPPA the
 * points where iterations 1..k-1 are plain and the k-th is searched, lambda = KAPPA x the (k+1)-th plain iteration's
 * error removed per coded bit. {@code -Devery=LAMBDA}: every iteration searched with that fixed lambda instead. The
 * error is squared error (pixels in [0, 1], summed over RGB), or with {@code -Dcell=C} that of the residual averaged
 * over CxC pixels, or with {@code -Dssim=true} 1 - SSIM per block. Writes CSV (bytes: entropy-coded codes, no header).
 * <pre>java [-Diterations=4] [-Dclasses=3] [-Dcell=4 | -Dssim=true] [-Devery=LAMBDA] -cp "target/rnc-cli.jar:target/rnc.jar:target/lib/*" \
 *     docs/quality/CodeSearch.java IMAGES MODEL CROP KAPPA... &gt; OUT.csv</pre>
 */
public class CodeSearch {
    static final int B = 16, CLASSES = Integer.getInteger("classes", 3);

    public static void main(String[] args) throws Exception {
        List<Path> images = BenchRunner.listImages(Path.of(args[0]));
        CodecModel model = ModelRegistry.get(args[1]);
        EntropyPredictor em = ModelRegistry.entropyFor(model);
        int crop = Integer.parseInt(args[2]), hb = crop / B, wb = crop / B;
        double[] lambdas = java.util.Arrays.stream(args, 3, args.length).mapToDouble(Double::parseDouble).toArray();
        int iterations = Integer.getInteger("iterations", 4);
        System.out.println("image,mode,k,bytes,psnr,msssim,flips,seconds");
        for (Path p : images) {
            BufferedImage img = BenchRunner.toRgb(ImageIO.read(p.toFile()));
            SourceImage src = SourceImage.of(img, B);
            int x0 = (src.width - crop) / 2 / B * B, y0 = (src.height - crop) / 2 / B * B;
            float[] x = src.tile(x0, y0, crop, crop);
            BufferedImage orig = toImage(x, crop);
            String name = BenchRunner.imageName(p);
            // the plain codec, one iteration further: each iteration's price of a bit (squared error removed per coded bit)
            double[] se = new double[iterations + 2], price = new double[iterations + 2];
            int[] bytes = new int[iterations + 2];
            run(model, em, x, crop, iterations + 1, -1, 0, (k, recon, total, flips) -> {
                for (double v : blockErrors(x, recon, new float[x.length], hb, wb)) se[k] += v;
                bytes[k] = total;
                if (k <= iterations) row(name, "plain", k, orig, recon, crop, total, 0, 0);
            });
            for (int k = 2; k <= iterations + 1; k++) price[k] = (se[k - 1] - se[k]) / (8.0 * (bytes[k] - bytes[k - 1]));
            if (System.getProperty("every") != null) { // every iteration searched, one fixed lambda
                double lambda = Double.parseDouble(System.getProperty("every"));
                long t0 = System.nanoTime();
                run(model, em, x, crop, iterations, 0, lambda, (t, recon, total, flips) ->
                        row(name, "every" + lambda, t, orig, recon, crop, total, flips, (System.nanoTime() - t0) / 1e9));
                continue;
            }
            for (double kappa : lambdas) {
                for (int k = 1; k <= iterations; k++) {
                    long t0 = System.nanoTime();
                    int kk = k;
                    run(model, em, x, crop, k, k, kappa * price[k + 1], (t, recon, total, flips) -> {
                        if (t == kk) row(name, "search" + kappa, t, orig, recon, crop, total, flips, (System.nanoTime() - t0) / 1e9);
                    });
                }
            }
        }
    }

    interface Sink {
        void iteration(int k, float[] recon, int bytes, int flips);
    }

    /** Codes {@code iterations} iterations, the codes of iteration {@code searched} (1-based; 0: all; -1: none) searched. */
    static void run(CodecModel model, EntropyPredictor em, float[] x, int crop, int iterations, int searched, double lambda,
                    Sink sink) {
        int hb = crop / B, wb = crop / B;
        List<float[]> previous = new java.util.ArrayList<>();
        float[] recon = new float[x.length], residual = x.clone();
        int bytes = 0, flips = 0;
        try (CodecModel.Encoder enc = model.encoder(crop, crop); CodecModel.Decoder dec = model.decoder(crop, crop)) {
            for (int t = 1; t <= iterations; t++) {
                float[] c = enc.step(residual);
                if (t == searched || searched == 0) flips += search(model, em, dec, previous, x, recon, c, crop, lambda);
                bytes += coded(em, previous, c, hb, wb);
                previous.add(c);
                float[] d = dec.step(c);
                for (int i = 0; i < x.length; i++) {
                    recon[i] += d[i];
                    residual[i] = x[i] - recon[i];
                }
                sink.iteration(t, recon, bytes, flips);
            }
        }
    }

    static void row(String image, String mode, int k, BufferedImage orig, float[] recon, int crop, int bytes, int flips, double seconds) {
        BufferedImage r = toImage(recon, crop);
        System.out.printf(Locale.ROOT, "%s,%s,%d,%d,%.4f,%.6f,%d,%.1f%n", image, mode, k, bytes, ImageQuality.psnr(orig, r),
                ImageQuality.msSsim(orig, r), flips, seconds);
    }

    /** Searches codes {@code c} of the next iteration in place; returns the number of flips kept. */
    static int search(CodecModel model, EntropyPredictor em, CodecModel.Decoder dec, List<float[]> previous, float[] x,
                      float[] recon, float[] c, int crop, double lambda) {
        int bits = model.config().bits(), hb = crop / B, wb = crop / B, flips = 0;
        double[] err = blockErrors(x, recon, dec.trial(c), hb, wb);
        for (int cls = 0; cls < CLASSES * CLASSES; cls++) {
            double[] flipCost = lambda > 0 ? flipBits(em, previous, c, hb, wb) : null;
            for (int j = 0; j < bits; j++) {
                float[] trial = c.clone();
                for (int by = cls / CLASSES; by < hb; by += CLASSES)
                    for (int bx = cls % CLASSES; bx < wb; bx += CLASSES) trial[(by * wb + bx) * bits + j] *= -1;
                double[] e = blockErrors(x, recon, dec.trial(trial), hb, wb);
                for (int by = cls / CLASSES; by < hb; by += CLASSES)
                    for (int bx = cls % CLASSES; bx < wb; bx += CLASSES) {
                        int i = (by * wb + bx) * bits + j;
                        double gain = around(err, by, bx, hb, wb) - around(e, by, bx, hb, wb);
                        if (gain > (lambda > 0 ? lambda * flipCost[i] : 0)) {
                            c[i] *= -1;
                            flips++;
                            // the neighbourhoods of one class do not overlap: take the trial's errors there
                            for (int y = Math.max(0, by - 1); y <= Math.min(hb - 1, by + 1); y++)
                                for (int xx = Math.max(0, bx - 1); xx <= Math.min(wb - 1, bx + 1); xx++) err[y * wb + xx] = e[y * wb + xx];
                        }
                    }
            }
            err = blockErrors(x, recon, dec.trial(c), hb, wb);
        }
        return flips;
    }

    /** For each code, the bits its flip would add under the entropy model alone: log2 P(code) - log2 P(flipped). */
    static double[] flipBits(EntropyPredictor m, List<float[]> previous, float[] codes, int h, int w) {
        int bits = m.config().bits(), l = m.config().lstmChannels(), cc = m.config().contextChannels();
        double[] out = new double[codes.length];
        float[] ctx = m.context(BinaryRnnCoder.previousInput(previous, h, w, bits), h, w);
        float[] state = new float[w * l], cell = new float[w * l], above = new float[w * bits];
        int[] probs = new int[w * bits];
        for (int y = 0; y < h; y++) {
            m.row(above, java.util.Arrays.copyOfRange(ctx, y * w * cc, (y + 1) * w * cc), state, cell, w, probs);
            for (int i = 0; i < w * bits; i++) {
                double p1 = probs[i] / 32768.0, pThis = codes[y * w * bits + i] > 0 ? p1 : 1 - p1;
                out[y * w * bits + i] = (Math.log(pThis) - Math.log(1 - pThis)) / Math.log(2);
            }
            above = java.util.Arrays.copyOfRange(codes, y * w * bits, (y + 1) * w * bits);
        }
        return out;
    }

    /** The smallest entropy-coded size of one iteration's codes. */
    static int coded(EntropyPredictor em, List<float[]> previous, float[] codes, int hb, int wb) {
        int best = Integer.MAX_VALUE;
        for (byte[] b : BinaryRnnCoder.encodeAll(em, previous, codes, hb, wb)) if (b != null) best = Math.min(best, b.length);
        return best;
    }

    /** Squared error of each 16x16 block of recon + d. */
    static double[] blockErrors(float[] x, float[] recon, float[] d, int hb, int wb) {
        int cell = Integer.getInteger("cell", 1);
        if (cell > 1) return cellErrors(x, recon, d, hb, wb, cell);
        if (Boolean.getBoolean("ssim")) return ssimErrors(x, recon, d, hb, wb);
        double[] e = new double[hb * wb];
        String weighted = System.getProperty("weighted");
        if (weighted != null) { // squared error over 2 sigma^2 + C: how SSIM's contrast-structure term counts an error
            double[] wt = blockWeights(x, hb, wb, Double.parseDouble(weighted));
            int w = wb * B;
            for (int i = 0; i < x.length; i++) {
                int px = (i / 3) % w, py = (i / 3) / w, b = (py / B) * wb + px / B;
                double v = x[i] - recon[i] - d[i];
                e[b] += v * v * wt[b * 3 + i % 3];
            }
            return e;
        }
        int w = wb * B;
        for (int i = 0; i < x.length; i++) {
            int px = (i / 3) % w, py = (i / 3) / w;
            double v = x[i] - recon[i] - d[i];
            e[(py / B) * wb + px / B] += v * v;
        }
        return e;
    }

    private static float[] weightsOf;
    private static double[] weights;

    /**
     * Per block and channel, C / (2 var + C) with var the variance of the original's 2x2 averages over the block
     * (MS-SSIM's second scale, where its weight starts): 1 where the block is flat, less where it is textured.
     */
    static double[] blockWeights(float[] x, int hb, int wb, double c) {
        if (weightsOf == x) return weights;
        int w = wb * B, hw = B / 2;
        double[] out = new double[hb * wb * 3];
        for (int b = 0; b < hb * wb; b++)
            for (int ch = 0; ch < 3; ch++) {
                double s = 0, s2 = 0;
                for (int y = 0; y < hw; y++)
                    for (int xx = 0; xx < hw; xx++) {
                        int py = (b / wb) * B + 2 * y, px = (b % wb) * B + 2 * xx;
                        double v = (x[3 * (py * w + px) + ch] + x[3 * (py * w + px + 1) + ch] + x[3 * ((py + 1) * w + px) + ch]
                                + x[3 * ((py + 1) * w + px + 1) + ch]) / 4;
                        s += v;
                        s2 += v * v;
                    }
                double n = hw * hw, var = Math.max(0, s2 / n - (s / n) * (s / n));
                out[b * 3 + ch] = c / (2 * var + c);
            }
        weightsOf = x;
        weights = out;
        return out;
    }

    /**
     * As {@link #blockErrors} on the residual averaged over cell x cell pixels (times the cell's area, so in the same
     * units): the error of the coarse structure that MS-SSIM's heavier scales see.
     */
    static double[] cellErrors(float[] x, float[] recon, float[] d, int hb, int wb, int cell) {
        double[] e = new double[hb * wb];
        int w = wb * B, cw = w / cell, ch = hb * B / cell;
        double[] sum = new double[cw * ch * 3];
        for (int i = 0; i < x.length; i++) {
            int px = (i / 3) % w, py = (i / 3) / w;
            sum[((py / cell) * cw + px / cell) * 3 + i % 3] += x[i] - recon[i] - d[i];
        }
        for (int j = 0; j < sum.length; j++) {
            int cx = (j / 3) % cw, cy = (j / 3) / cw;
            double m = sum[j] / (cell * cell);
            e[(cy * cell / B) * wb + cx * cell / B] += m * m * cell * cell;
        }
        return e;
    }

    /**
     * 1 - SSIM of each block as the writer's adaptive SSIM target measures a block (one window over its 2x2 averages,
     * AdaptiveIterations.blockSsim), times the block's pixel count so that it adds up like an error.
     */
    static double[] ssimErrors(float[] x, float[] recon, float[] d, int hb, int wb) {
        float[] y = new float[x.length];
        for (int i = 0; i < y.length; i++) y[i] = recon[i] + d[i];
        double[] e = new double[hb * wb];
        for (int b = 0; b < e.length; b++) e[b] = (1 - AdaptiveIterations.blockSsim(x, y, b, wb)) * B * B;
        return e;
    }

    static double around(double[] e, int by, int bx, int hb, int wb) {
        double s = 0;
        for (int y = Math.max(0, by - 1); y <= Math.min(hb - 1, by + 1); y++)
            for (int x = Math.max(0, bx - 1); x <= Math.min(wb - 1, bx + 1); x++) s += e[y * wb + x];
        return s;
    }

    static BufferedImage toImage(float[] v, int crop) {
        BufferedImage img = new BufferedImage(crop, crop, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < crop; y++)
            for (int x = 0; x < crop; x++) {
                int o = 3 * (y * crop + x), rgb = 0;
                for (int ch = 0; ch < 3; ch++)
                    rgb = rgb << 8 | (int) Math.max(0, Math.min(255, Math.round((v[o + ch] + 0.5f) * 255f)));
                img.setRGB(x, y, rgb);
            }
        return img;
    }
}

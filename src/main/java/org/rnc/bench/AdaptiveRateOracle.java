package org.rnc.bench;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.rnc.metrics.ImageQuality;
import org.rnc.model.CodecConfig;
import org.rnc.model.ModelRegistry;

/**
 * How much a spatially adaptive bit rate could save with today's networks ({@code rnc bench-adaptive}), before any
 * format or training work: each image is coded at N iterations and decoded after every one; each 16x16 block then
 * gets the iteration count that minimises its squared error plus lambda times its bits (the Lagrangian optimum for
 * a budget), and the image made of every block at its own count is measured against the original. A second oracle
 * weighs each block's squared error by 1 / (its variance + SSIM's C2): errors in flat blocks count more, as they do
 * for SSIM. Bits are the
 * code bits (32 per block per iteration, RAW) plus one stop flag per still-active block per iteration, priced at the
 * flags' empirical entropy; the uniform curve (every block at k iterations) is priced the same way, without flags.
 * <p>
 * An upper bound, not a codec: in a real one a stopped block's missing codes change what the networks see in its
 * neighbours (the encoder's and decoder's convolutions reach across blocks), which a fine-tune has to absorb.
 */
public final class AdaptiveRateOracle {
    private AdaptiveRateOracle() {}

    /** Lambdas in squared 8-bit error per code bit: a log grid from "every block at N" to "every block at 1". */
    static final double[] LAMBDAS = RdCurves.logGrid(0.01, 1e5, 57);

    /** SSIM's C2 for 8-bit samples, (0.03 x 255)^2: the floor of the variance weighting. */
    static final double C2 = 58.5225;

    /**
     * How blocks are chosen: by squared error; by squared error over the block's variance (flat blocks first); or by
     * the block's own SSIM (one window per block and channel), 1 - SSIM scaled by {@link #SSIM_SCALE}.
     */
    enum Criterion { SQUARED_ERROR, VARIANCE_WEIGHTED, BLOCK_SSIM }

    /** Puts 1 - SSIM of a block on the scale of its squared error (MSE ~ 50-500 over 768 samples), so one lambda grid serves. */
    static final double SSIM_SCALE = 2e5;

    /** One image's curves: uniform (k = 1..N) and oracle (one point per lambda). */
    record Curves(String image, double[] uniformBpp, double[] uniformPsnr, double[] uniformMsssim,
                  double[] oracleBpp, double[] oraclePsnr, double[] oracleMsssim) {}

    public static void run(List<Path> images, int iterations, String model, PrintStream out) throws IOException {
        int bits = ModelRegistry.get(model != null ? model : ModelRegistry.defaultModelName()).config().bits();
        List<Curves> all = new ArrayList<>(), weighted = new ArrayList<>(), bySsim = new ArrayList<>();
        for (Path p : images) {
            BufferedImage original = BenchRunner.toRgb(ImageIO.read(p.toFile()));
            List<BufferedImage> decoded = new ArrayList<>();
            for (RncEvaluation.Timed t : RncEvaluation.evaluateTimed(original, iterations, model, true)) decoded.add(t.decoded());
            double[] uniformMsssim = null; // the same for every criterion: measured once
            for (Criterion cr : Criterion.values()) {
                Curves c = curves(BenchRunner.imageName(p), original, decoded, bits, true, cr, uniformMsssim);
                uniformMsssim = c.uniformMsssim();
                (cr == Criterion.SQUARED_ERROR ? all : cr == Criterion.VARIANCE_WEIGHTED ? weighted : bySsim).add(c);
                out.printf(Locale.ROOT, "%s, %s: BD-rate of the oracle against every block at k: PSNR %+.1f %%, MS-SSIM (dB) %+.1f %%%n",
                        c.image(), cr.name().toLowerCase(Locale.ROOT).replace('_', ' '),
                        BdRate.percent(c.uniformBpp(), c.uniformPsnr(), c.oracleBpp(), c.oraclePsnr()),
                        BdRate.percent(c.uniformBpp(), db(c.uniformMsssim()), c.oracleBpp(), db(c.oracleMsssim())));
            }
        }
        out.println("\n## Blocks chosen by squared error");
        report(all, iterations, out);
        out.println("\n## Blocks chosen by squared error / (block variance + C2)");
        report(weighted, iterations, out);
        out.println("\n## Blocks chosen by their own SSIM");
        report(bySsim, iterations, out);
    }

    /** Both curves of one image from its decoded image after each iteration (index k-1). */
    static Curves curves(String name, BufferedImage original, List<BufferedImage> decoded, int bits, boolean msssim,
                         Criterion criterion) {
        return curves(name, original, decoded, bits, msssim, criterion, null);
    }

    /** As above, with the uniform curve's MS-SSIM already measured (null: measure it). */
    static Curves curves(String name, BufferedImage original, List<BufferedImage> decoded, int bits, boolean msssim,
                         Criterion criterion, double[] uniformMsssim) {
        int w = original.getWidth(), h = original.getHeight(), n = decoded.size();
        int bw = (w + CodecConfig.BLOCK - 1) / CodecConfig.BLOCK, bh = (h + CodecConfig.BLOCK - 1) / CodecConfig.BLOCK;
        double pixels = (double) w * h;
        double[][] sse = new double[bw * bh][n];
        int[] o = original.getRGB(0, 0, w, h, null, 0, w);
        for (int k = 0; k < n; k++) {
            int[] d = decoded.get(k).getRGB(0, 0, w, h, null, 0, w);
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    int a = o[y * w + x], b = d[y * w + x];
                    double e = 0;
                    for (int s = 0; s <= 16; s += 8) {
                        int diff = ((a >> s) & 255) - ((b >> s) & 255);
                        e += diff * diff;
                    }
                    sse[(y / CodecConfig.BLOCK) * bw + x / CodecConfig.BLOCK][k] += e;
                }
        }
        double[] weight = new double[bw * bh];
        java.util.Arrays.fill(weight, 1);
        if (criterion == Criterion.VARIANCE_WEIGHTED) {
            double[] sum = new double[weight.length], sq = new double[weight.length], cnt = new double[weight.length];
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    for (int s = 0; s <= 16; s += 8) {
                        int b = (y / CodecConfig.BLOCK) * bw + x / CodecConfig.BLOCK, v = (o[y * w + x] >> s) & 255;
                        sum[b] += v;
                        sq[b] += (double) v * v;
                        cnt[b]++;
                    }
            double mean = 0;
            for (int b = 0; b < weight.length; b++) {
                double m = sum[b] / cnt[b];
                weight[b] = 1 / (sq[b] / cnt[b] - m * m + C2);
                mean += weight[b] / weight.length;
            }
            for (int b = 0; b < weight.length; b++) weight[b] /= mean; // lambda keeps its scale
        }
        // what the oracle minimises per block (plus lambda x bits): squared error, weighted, or 1 - the block's SSIM
        double[][] cost = new double[sse.length][n];
        for (int k = 0; k < n; k++) {
            double[] ssim = criterion == Criterion.BLOCK_SSIM ? blockSsim(o, decoded.get(k).getRGB(0, 0, w, h, null, 0, w), w, h, bw, bh) : null;
            for (int b = 0; b < sse.length; b++) cost[b][k] = ssim != null ? (1 - ssim[b]) * SSIM_SCALE : weight[b] * sse[b][k];
        }
        double[] uBpp = new double[n], uPsnr = new double[n], uMs = new double[n];
        for (int k = 0; k < n; k++) {
            double total = 0;
            for (double[] b : sse) total += b[k];
            uBpp[k] = (double) bits * (k + 1) * bw * bh / pixels;
            uPsnr[k] = psnr(total, pixels);
            uMs[k] = !msssim ? Double.NaN : uniformMsssim != null ? uniformMsssim[k] : ImageQuality.msSsim(original, decoded.get(k));
        }
        double[] oBpp = new double[LAMBDAS.length], oPsnr = new double[LAMBDAS.length], oMs = new double[LAMBDAS.length];
        for (int l = 0; l < LAMBDAS.length; l++) {
            int[] count = new int[sse.length];
            double total = 0;
            for (int b = 0; b < sse.length; b++) {
                int best = 0;
                for (int k = 1; k < n; k++)
                    if (cost[b][k] + LAMBDAS[l] * bits * (k + 1) < cost[b][best] + LAMBDAS[l] * bits * (best + 1)) best = k;
                count[b] = best + 1;
                total += sse[b][best];
            }
            oBpp[l] = (codeBits(count, bits) + flagBits(count, n)) / pixels;
            oPsnr[l] = psnr(total, pixels);
            oMs[l] = msssim ? ImageQuality.msSsim(original, compose(decoded, count, bw, w, h)) : Double.NaN;
        }
        return new Curves(name, uBpp, uPsnr, uMs, oBpp, oPsnr, oMs);
    }

    /** SSIM of each block (one window: the block, 8-bit samples), averaged over R, G, B. */
    static double[] blockSsim(int[] a, int[] b, int w, int h, int bw, int bh) {
        final double c1 = 6.5025; // (0.01 x 255)^2
        double[] out = new double[bw * bh];
        for (int by = 0; by < bh; by++)
            for (int bx = 0; bx < bw; bx++) {
                double s = 0;
                for (int sh = 0; sh <= 16; sh += 8) {
                    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
                    int cnt = 0;
                    for (int y = by * CodecConfig.BLOCK; y < Math.min(h, (by + 1) * CodecConfig.BLOCK); y++)
                        for (int x = bx * CodecConfig.BLOCK; x < Math.min(w, (bx + 1) * CodecConfig.BLOCK); x++) {
                            double p = (a[y * w + x] >> sh) & 255, q = (b[y * w + x] >> sh) & 255;
                            sx += p;
                            sy += q;
                            sxx += p * p;
                            syy += q * q;
                            sxy += p * q;
                            cnt++;
                        }
                    double mx = sx / cnt, my = sy / cnt;
                    double vx = sxx / cnt - mx * mx, vy = syy / cnt - my * my, cxy = sxy / cnt - mx * my;
                    s += (2 * mx * my + c1) * (2 * cxy + C2) / ((mx * mx + my * my + c1) * (vx + vy + C2));
                }
                out[by * bw + bx] = s / 3;
            }
        return out;
    }

    static double codeBits(int[] count, int bits) {
        double s = 0;
        for (int c : count) s += (double) bits * c;
        return s;
    }

    /** Before iteration k (2..n) every block still active says whether it goes on: entropy of those flags. */
    static double flagBits(int[] count, int n) {
        double s = 0;
        for (int k = 2; k <= n; k++) {
            long active = 0, goOn = 0;
            for (int c : count) {
                if (c >= k - 1) active++;
                if (c >= k) goOn++;
            }
            if (active == 0) break;
            double p = (double) goOn / active;
            s += active * binaryEntropy(p);
        }
        return s;
    }

    static double binaryEntropy(double p) {
        if (p <= 0 || p >= 1) return 0;
        return -(p * Math.log(p) + (1 - p) * Math.log(1 - p)) / Math.log(2);
    }

    private static double psnr(double sse, double pixels) {
        double mse = sse / (3 * pixels);
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    /** The image made of each block taken from the decode after its own iteration count. */
    static BufferedImage compose(List<BufferedImage> decoded, int[] count, int bw, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[CodecConfig.BLOCK];
        for (int b = 0; b < count.length; b++) {
            int x0 = (b % bw) * CodecConfig.BLOCK, y0 = (b / bw) * CodecConfig.BLOCK;
            int bwid = Math.min(CodecConfig.BLOCK, w - x0);
            BufferedImage src = decoded.get(count[b] - 1);
            for (int y = y0; y < Math.min(h, y0 + CodecConfig.BLOCK); y++) {
                src.getRGB(x0, y, bwid, 1, row, 0, bwid);
                out.setRGB(x0, y, bwid, 1, row, 0, bwid);
            }
        }
        return out;
    }

    static void report(List<Curves> all, int n, PrintStream out) {
        double bdPsnr = 0, bdMs = 0;
        int defined = 0, definedMs = 0;
        for (Curves c : all) {
            double b = BdRate.percent(c.uniformBpp(), c.uniformPsnr(), c.oracleBpp(), c.oraclePsnr());
            if (Double.isFinite(b)) {
                bdPsnr += b;
                defined++;
            }
            double m = BdRate.percent(c.uniformBpp(), db(c.uniformMsssim()), c.oracleBpp(), db(c.oracleMsssim()));
            if (Double.isFinite(m)) {
                bdMs += m;
                definedMs++;
            }
        }
        out.printf(Locale.ROOT, "%nmean over %d images: BD-rate of the oracle against uniform iterations, PSNR %+.1f %% (%d images), "
                + "MS-SSIM (dB) %+.1f %% (%d images)%n", all.size(), bdPsnr / Math.max(1, defined), defined,
                bdMs / Math.max(1, definedMs), definedMs);
        out.println("\n| every block at k | bpp (codes) | PSNR (dB) | oracle bpp for that PSNR (codes + flags) | saving | MS-SSIM | oracle bpp for that MS-SSIM | saving |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int k = 1; k <= n; k *= 2) {
            double bpp = 0, psnr = 0, ob = 0, ms = 0, obm = 0;
            int ok = 0, okm = 0;
            for (Curves c : all) {
                bpp += c.uniformBpp()[k - 1];
                psnr += c.uniformPsnr()[k - 1];
                ms += c.uniformMsssim()[k - 1];
                double at = rateFor(c.oracleBpp(), c.oraclePsnr(), c.uniformPsnr()[k - 1]);
                if (Double.isFinite(at)) {
                    ob += at / c.uniformBpp()[k - 1];
                    ok++;
                }
                double atm = rateFor(c.oracleBpp(), c.oracleMsssim(), c.uniformMsssim()[k - 1]);
                if (Double.isFinite(atm)) {
                    obm += atm / c.uniformBpp()[k - 1];
                    okm++;
                }
            }
            int m = all.size();
            out.printf(Locale.ROOT, "| %d | %.3f | %.2f | %s | %s | %.4f | %s | %s |%n", k, bpp / m, psnr / m,
                    ok == m ? String.format(Locale.ROOT, "%.3f", ob / ok * bpp / m) : "— (" + ok + "/" + m + ")",
                    ok == m ? String.format(Locale.ROOT, "%+.1f %%", 100 * (ob / ok - 1)) : "",
                    ms / m, okm == m ? String.format(Locale.ROOT, "%.3f", obm / okm * bpp / m) : "— (" + okm + "/" + m + ")",
                    okm == m ? String.format(Locale.ROOT, "%+.1f %%", 100 * (obm / okm - 1)) : "");
        }
        out.println("\n(savings: the mean over images of oracle bits / uniform bits at each image's own quality after k iterations)");
    }

    static double[] db(double[] msssim) {
        double[] d = new double[msssim.length];
        for (int i = 0; i < d.length; i++) d[i] = BenchPoint.msssimDb(msssim[i]);
        return d;
    }

    /** The rate at which a curve (any order, quality rising with rate after sorting by rate) first reaches {@code q}. */
    static double rateFor(double[] bpp, double[] quality, double q) {
        Integer[] idx = new Integer[bpp.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        java.util.Arrays.sort(idx, (a, b) -> Double.compare(bpp[a], bpp[b]));
        for (int j = 0; j < idx.length; j++) {
            int i = idx[j];
            if (quality[i] >= q) {
                if (j == 0) return quality[i] == q ? bpp[i] : Double.NaN; // q below the curve's reach
                int p = idx[j - 1];
                double t = (q - quality[p]) / (quality[i] - quality[p]);
                return Math.exp(Math.log(bpp[p]) + t * (Math.log(bpp[i]) - Math.log(bpp[p])));
            }
        }
        return Double.NaN;
    }
}

package org.rnc.bench;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.rnc.codec.AdaptiveIterations;
import org.rnc.codec.OutputImages;
import org.rnc.codec.SourceImage;
import org.rnc.codec.Tiling;
import org.rnc.metrics.ImageQuality;
import org.rnc.model.CodecConfig;
import org.rnc.model.CodecModel;
import org.rnc.model.ModelRegistry;

/**
 * The spatially adaptive bit rate as a codec would run it ({@code rnc bench-adaptive --closed-loop}): the encoder
 * stops each 16x16 block once its own PSNR reaches a target, stopped blocks send no codes (the networks see 0 there)
 * and keep their reconstruction ({@link AdaptiveIterations}). Unlike {@link AdaptiveRateOracle}, which composes
 * blocks from uniform decodes, this measures what today's networks (no fine-tune) make of the missing codes, and a
 * causal rule in place of the Lagrangian choice. The same run gives the uniform curve (every block at k) and the
 * open-loop oracle on it (squared error), so all three share one baseline. Bits: 32 per block per iteration (RAW)
 * plus the stop flags at their empirical entropy, as in the oracle.
 */
public final class AdaptiveClosedLoop {
    private AdaptiveClosedLoop() {}

    /** Per-block PSNR targets (dB) of the closed-loop runs. */
    static final double[] TARGETS = {22, 23.5, 25, 26.5, 28, 29.5, 31, 32.5};

    record Point(double bpp, double psnr, double msssim, double meanIterations) {}

    public static void run(List<Path> images, int iterations, int minIterations, String modelName, PrintStream out) throws IOException {
        CodecModel model = ModelRegistry.get(modelName != null ? modelName : ModelRegistry.defaultModelName());
        int bits = model.config().bits();
        List<double[][]> uniform = new ArrayList<>(); // per image: bpp, psnr, msssim per k
        List<Point[]> closed = new ArrayList<>();
        double oracleSum = 0, closedSum = 0, closedMsSum = 0;
        int oracleN = 0, closedN = 0, closedMsN = 0;
        for (Path p : images) {
            long t0 = System.nanoTime();
            BufferedImage original = BenchRunner.toRgb(ImageIO.read(p.toFile()));
            int w = original.getWidth(), h = original.getHeight();
            SourceImage src = SourceImage.of(original, CodecConfig.BLOCK);
            Tiling tiling = new Tiling(src.paddedWidth, src.paddedHeight, Math.max(src.paddedWidth, src.paddedHeight));
            double pixels = (double) w * h;
            int blocks = src.paddedWidth / CodecConfig.BLOCK * (src.paddedHeight / CodecConfig.BLOCK);

            List<BufferedImage> decoded = new ArrayList<>();
            AdaptiveIterations.encode(model, src, iterations, tiling, (b, d, e) -> false,
                    (t, tile, recon) -> decoded.add(OutputImages.rgb(recon, tile.width(), w, h)));
            double[][] u = new double[3][iterations];
            for (int k = 0; k < iterations; k++) {
                u[0][k] = (double) bits * (k + 1) * blocks / pixels;
                u[1][k] = ImageQuality.psnr(original, decoded.get(k));
                u[2][k] = ImageQuality.msSsim(original, decoded.get(k));
            }
            uniform.add(u);
            AdaptiveRateOracle.Curves oracle = AdaptiveRateOracle.curves(BenchRunner.imageName(p), original, decoded, bits,
                    false, AdaptiveRateOracle.Criterion.SQUARED_ERROR);
            decoded.clear();

            Point[] pts = new Point[TARGETS.length];
            for (int i = 0; i < TARGETS.length; i++) {
                float[][] lastRecon = new float[1][]; // one tile: the listener's array ends as the final reconstruction
                int[] lastWidth = new int[1];
                AdaptiveIterations.Result r = AdaptiveIterations.encode(model, src, iterations, tiling,
                        AdaptiveIterations.atLeast(minIterations,
                                AdaptiveIterations.targetPsnr(TARGETS[i])),
                        (t, tile, recon) -> {
                            lastRecon[0] = recon;
                            lastWidth[0] = tile.width();
                        });
                BufferedImage last = OutputImages.rgb(lastRecon[0], lastWidth[0], w, h);
                double codeBits = AdaptiveRateOracle.codeBits(r.counts(), bits);
                double flags = AdaptiveRateOracle.flagBits(r.counts(), iterations);
                pts[i] = new Point((codeBits + flags) / pixels, ImageQuality.psnr(original, last),
                        ImageQuality.msSsim(original, last), codeBits / bits / r.counts().length);
            }
            closed.add(pts);
            double[] cb = new double[pts.length], cp = new double[pts.length], cm = new double[pts.length];
            for (int i = 0; i < pts.length; i++) {
                cb[i] = pts[i].bpp();
                cp[i] = pts[i].psnr();
                cm[i] = BenchPoint.msssimDb(pts[i].msssim());
            }
            double bdOracle = BdRate.percent(oracle.uniformBpp(), oracle.uniformPsnr(), oracle.oracleBpp(), oracle.oraclePsnr());
            double bdClosed = BdRate.percent(u[0], u[1], cb, cp);
            double bdClosedMs = BdRate.percent(u[0], AdaptiveRateOracle.db(u[2]), cb, cm);
            if (Double.isFinite(bdOracle)) { oracleSum += bdOracle; oracleN++; }
            if (Double.isFinite(bdClosed)) { closedSum += bdClosed; closedN++; }
            if (Double.isFinite(bdClosedMs)) { closedMsSum += bdClosedMs; closedMsN++; }
            out.printf(Locale.ROOT, "%s: BD-rate against every block at k: PSNR, open-loop oracle %+.1f %%, closed loop %+.1f %%; "
                    + "MS-SSIM (dB), closed loop %+.1f %% (%.0f s)%n", BenchRunner.imageName(p), bdOracle, bdClosed, bdClosedMs,
                    (System.nanoTime() - t0) / 1e9);
        }
        out.printf(Locale.ROOT, "%nevery block gets at least %d iteration(s)%n", minIterations);
        out.printf(Locale.ROOT, "mean over %d images: BD-rate against every block at k, PSNR: open-loop oracle %+.1f %% (%d), "
                + "closed loop %+.1f %% (%d); MS-SSIM (dB), closed loop %+.1f %% (%d)%n", images.size(),
                oracleSum / Math.max(1, oracleN), oracleN, closedSum / Math.max(1, closedN), closedN,
                closedMsSum / Math.max(1, closedMsN), closedMsN);
        out.println("\n| block PSNR target (dB) | mean iterations per block | bpp (codes + flags) | PSNR (dB) | MS-SSIM "
                + "| uniform bpp for that PSNR | saving | uniform bpp for that MS-SSIM | saving |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int i = 0; i < TARGETS.length; i++) {
            double it = 0, bpp = 0, psnr = 0, ms = 0, ratioP = 0, ratioM = 0, ub = 0, um = 0;
            int okP = 0, okM = 0, m = closed.size();
            for (int j = 0; j < m; j++) {
                Point pt = closed.get(j)[i];
                it += pt.meanIterations() / m;
                bpp += pt.bpp() / m;
                psnr += pt.psnr() / m;
                ms += pt.msssim() / m;
                double[][] u = uniform.get(j);
                double atP = AdaptiveRateOracle.rateFor(u[0], u[1], pt.psnr());
                if (Double.isFinite(atP)) { ratioP += pt.bpp() / atP; ub += atP; okP++; }
                double atM = AdaptiveRateOracle.rateFor(u[0], u[2], pt.msssim());
                if (Double.isFinite(atM)) { ratioM += pt.bpp() / atM; um += atM; okM++; }
            }
            out.printf(Locale.ROOT, "| %.1f | %.2f | %.3f | %.2f | %.4f | %s | %s | %s | %s |%n", TARGETS[i], it, bpp, psnr, ms,
                    okP == m ? String.format(Locale.ROOT, "%.3f", ub / m) : "— (" + okP + "/" + m + ")",
                    okP == m ? String.format(Locale.ROOT, "%+.1f %%", 100 * (ratioP / m - 1)) : "",
                    okM == m ? String.format(Locale.ROOT, "%.3f", um / m) : "— (" + okM + "/" + m + ")",
                    okM == m ? String.format(Locale.ROOT, "%+.1f %%", 100 * (ratioM / m - 1)) : "");
        }
        out.println("\n(saving: the mean over images of closed-loop bits / uniform bits at the same quality, the uniform "
                + "curve interpolated in log rate)");
    }
}

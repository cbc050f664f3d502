package org.rnc.codec;

import java.util.List;

import org.rnc.model.CodecConfig;
import org.rnc.model.CodecModel;

/**
 * Spatially adaptive iterations (issue 17): every 16x16 block gets its own number of iterations. After each
 * iteration a {@link StopRule} says which still-active blocks are done. A stopped block sends no more codes (the
 * networks see 0 there, the mean of the +1/-1 codes) and its reconstruction stays as it is, so a decoder that
 * knows each block's count (what stop flags in a file would carry) rebuilds exactly the encoder's image: see
 * {@link #decode}. Stopping is decided on the encoder's reconstruction alone and then transmitted, so decoding
 * never depends on the encoder's arithmetic.
 * <p>
 * Format 3 files carry the counts as stop flags (see {@code conformance/FORMAT.md}); the writer uses this loop when a
 * block PSNR target is set, and {@code rnc bench-adaptive --closed-loop} measures it.
 */
public final class AdaptiveIterations {
    private AdaptiveIterations() {}

    /** Decides, after {@code done} iterations, whether a block stops, from how far its reconstruction is from the source. */
    public interface StopRule {
        boolean stop(int block, int done, BlockError error);
    }

    /**
     * A block's distance from the source: the squared error over its 16x16x3 8-bit samples, and its SSIM (the mean over
     * R, G and B of SSIM's formula over the block as a whole, on its 8x8 samples after 2x2 averaging, where MS-SSIM's
     * weight lies).
     */
    public interface BlockError {
        double squaredError();

        double ssim();
    }

    /** Stops a block once its mean squared error (8-bit samples) is at most {@code mse}: a PSNR target per block. */
    public static StopRule targetMse(double mse) {
        double limit = mse * CodecConfig.BLOCK * CodecConfig.BLOCK * 3;
        return (block, done, e) -> e.squaredError() <= limit;
    }

    /** Stops a block once the PSNR of its 8-bit samples is at least {@code db}: {@link #targetMse} of that PSNR. */
    public static StopRule targetPsnr(double db) {
        return targetMse(255.0 * 255.0 / Math.pow(10, db / 10));
    }

    /** Stops a block once its {@link BlockError#ssim() SSIM} is at least {@code ssim}: a structural target per block. */
    public static StopRule targetSsim(double ssim) {
        return (block, done, e) -> e.ssim() >= ssim;
    }

    /** The same rule, never before {@code min} iterations. */
    public static StopRule atLeast(int min, StopRule rule) {
        return (block, done, e) -> done >= min && rule.stop(block, done, e);
    }

    /** Stops each block after its given count (block index on the padded image's grid). */
    public static StopRule counts(int[] counts) {
        return (block, done, e) -> done >= counts[block];
    }

    /** Sees each tile's reconstruction (padded tile, RGB, [-0.5, 0.5]) after every iteration, before the stop rule. */
    public interface Listener {
        void iterationDone(int t, Tiling.Tile tile, float[] reconstruction);
    }

    /** Codes per iteration on the whole grid (0 where a block had stopped) and each block's iteration count. */
    public record Result(float[][] codes, int[] counts) {}

    public static Result encode(CodecModel model, SourceImage src, int iterations, Tiling tiling, StopRule rule,
                                Listener listener) {
        return encode(model, src, iterations, tiling, rule, listener, null);
    }

    /** As above, reporting progress after every iteration of every tile; null when the progress callback stops it. */
    public static Result encode(CodecModel model, SourceImage src, int iterations, Tiling tiling, StopRule rule,
                                Listener listener, IterativeCodec.Progress progress) {
        return encode(model, src, iterations, tiling, rule, listener, progress, null);
    }

    /**
     * As above, the codes of the last iteration ({@code iterations}, the cap) searched with {@code search} (null: not
     * searched) in the blocks still going then.
     */
    public static Result encode(CodecModel model, SourceImage src, int iterations, Tiling tiling, StopRule rule,
                                Listener listener, IterativeCodec.Progress progress, CodeSearch search) {
        CodecConfig cfg = model.config();
        if (cfg.oneShot()) throw new IllegalArgumentException("adaptive iterations need an additive model");
        int bits = cfg.bits(), gw = tiling.paddedWidth() / Tiling.BLOCK;
        float[][] codes = new float[iterations][tiling.blocksHigh() * gw * bits];
        int[] counts = new int[tiling.blocksHigh() * gw];
        int done = 0, total = tiling.tiles().size() * iterations;
        for (Tiling.Tile tile : tiling.tiles()) {
            int h = tile.height(), w = tile.width(), tw = w / Tiling.BLOCK, th = h / Tiling.BLOCK;
            float[] x = src.tile(tile.x(), tile.y(), w, h);
            float[] recon = new float[x.length], residual = x.clone();
            boolean[] active = new boolean[tw * th];
            java.util.Arrays.fill(active, true);
            List<float[]> previous = new java.util.ArrayList<>();
            try (CodecModel.Encoder enc = model.encoder(h, w); CodecModel.Decoder dec = model.decoder(h, w)) {
                for (int t = 0; t < iterations && any(active); t++) {
                    float gain = cfg.gain(t);
                    float[] c = enc.step(gain == 1f ? residual : IterativeCodec.scaled(residual, gain));
                    mask(c, active, bits);
                    boolean[] stopping = null;
                    if (search != null) {
                        // the blocks for which this iteration is the last (judged on the plain codes) get searched codes
                        float[] increment = dec.trial(c), plain = recon.clone();
                        IterativeCodec.addBlocks(plain, increment, gain, active, tw, w);
                        stopping = t == iterations - 1 ? active.clone() : stops(rule, x, plain, active, tile, t, tw, th, gw);
                        if (worthSearching(stopping, active, t == iterations - 1))
                            search.search(new CodeSearch.Tile(model, enc, dec, previous, x, recon, active, stopping, th, tw,
                                    gain, cfg.gain(t + 1)), c, increment);
                    }
                    previous.add(c);
                    tiling.place(tile, c, codes[t], bits);
                    IterativeCodec.addBlocks(recon, dec.step(c), gain, active, tw, w);
                    for (int b = 0; b < active.length; b++) if (active[b]) counts[grid(tile, b, tw, gw)]++;
                    if (listener != null) listener.iterationDone(t, tile, recon);
                    for (int i = 0; i < recon.length; i++) residual[i] = x[i] - recon[i];
                    boolean[] stop = stops(rule, x, recon, active, tile, t, tw, th, gw);
                    for (int b = 0; b < active.length; b++)
                        // a block whose codes were searched as its last stops: codes searched once go no further
                        if (stop[b] || stopping != null && stopping[b]) active[b] = false;
                    if (progress != null && !progress.stepDone(++done, total)) return null;
                }
            }
            done = (tiling.tiles().indexOf(tile) + 1) * iterations; // a tile that stops early is done
            if (progress != null && !progress.stepDone(done, total)) return null;
        }
        return new Result(codes, counts);
    }

    /** The active blocks of a tile that {@code rule} stops after iteration {@code t} (0-based) given {@code recon}. */
    private static boolean[] stops(StopRule rule, float[] x, float[] recon, boolean[] active, Tiling.Tile tile, int t,
                                   int tw, int th, int gw) {
        float[] residual = new float[recon.length];
        for (int i = 0; i < recon.length; i++) residual[i] = x[i] - recon[i];
        double[] sse = blockSquaredError(residual, tw, th);
        boolean[] out = new boolean[active.length];
        for (int b = 0; b < active.length; b++) {
            if (!active[b]) continue;
            int bb = b;
            BlockError e = new BlockError() {
                @Override public double squaredError() { return sse[bb]; }
                @Override public double ssim() { return blockSsim(x, recon, bb, tw); }
            };
            out[b] = rule.stop(grid(tile, b, tw, gw), t + 1, e);
        }
        return out;
    }

    /**
     * A search costs the same whatever the number of blocks it may change: before the cap it runs only when at least an
     * eighth of the blocks still going stop here.
     */
    private static boolean worthSearching(boolean[] stopping, boolean[] active, boolean last) {
        int n = 0, a = 0;
        for (int b = 0; b < active.length; b++) {
            if (stopping[b]) n++;
            if (active[b]) a++;
        }
        return n > 0 && (last || n * 8 >= a);
    }

    /** Rebuilds the reconstruction of each tile from the codes and counts alone (what a reader would do). */
    public static void decode(CodecModel model, Tiling tiling, List<float[]> codes, int[] counts, Listener listener) {
        CodecConfig cfg = model.config();
        int bits = cfg.bits(), gw = tiling.paddedWidth() / Tiling.BLOCK;
        for (Tiling.Tile tile : tiling.tiles()) {
            int h = tile.height(), w = tile.width(), tw = w / Tiling.BLOCK, th = h / Tiling.BLOCK;
            float[] recon = new float[h * w * 3];
            boolean[] active = new boolean[tw * th];
            try (CodecModel.Decoder dec = model.decoder(h, w)) {
                for (int t = 0; t < codes.size(); t++) {
                    for (int b = 0; b < active.length; b++) active[b] = counts[grid(tile, b, tw, gw)] > t;
                    if (!any(active)) break;
                    float[] c = tiling.extract(tile, codes.get(t), bits);
                    mask(c, active, bits); // a file would not carry them; 0 whatever the grid holds
                    IterativeCodec.addBlocks(recon, dec.step(c), cfg.gain(t), active, tw, w);
                    if (listener != null) listener.iterationDone(t, tile, recon);
                }
            }
        }
    }

    private static int grid(Tiling.Tile tile, int b, int tw, int gw) {
        return (tile.y() / Tiling.BLOCK + b / tw) * gw + tile.x() / Tiling.BLOCK + b % tw;
    }

    private static boolean any(boolean[] a) {
        for (boolean v : a) if (v) return true;
        return false;
    }

    private static void mask(float[] c, boolean[] active, int bits) {
        for (int b = 0; b < active.length; b++)
            if (!active[b]) java.util.Arrays.fill(c, b * bits, (b + 1) * bits, 0f);
    }

    private static final double C1 = (0.01 * 255) * (0.01 * 255), C2 = (0.03 * 255) * (0.03 * 255);

    /**
     * SSIM of block b (of a tile tw blocks across) between source and reconstruction, as {@link BlockError#ssim()} says;
     * both in the codec's [-0.5, 0.5] samples, NHWC.
     */
    public static double blockSsim(float[] x, float[] y, int b, int tw) {
        int w = tw * Tiling.BLOCK, x0 = (b % tw) * Tiling.BLOCK, y0 = (b / tw) * Tiling.BLOCK, half = Tiling.BLOCK / 2;
        double total = 0;
        for (int c = 0; c < 3; c++) {
            double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
            for (int j = 0; j < half; j++)
                for (int i = 0; i < half; i++) {
                    double a = 0, d = 0;
                    for (int dy = 0; dy < 2; dy++)
                        for (int dx = 0; dx < 2; dx++) {
                            int k = 3 * ((y0 + 2 * j + dy) * w + x0 + 2 * i + dx) + c;
                            a += x[k];
                            d += y[k];
                        }
                    a = (a / 4 + 0.5) * 255; // samples are coded as [-0.5, 0.5]: SSIM's means are of 0..255
                    d = (d / 4 + 0.5) * 255;
                    sx += a;
                    sy += d;
                    sxx += a * a;
                    syy += d * d;
                    sxy += a * d;
                }
            int n = half * half;
            double mx = sx / n, my = sy / n, vx = sxx / n - mx * mx, vy = syy / n - my * my, cov = sxy / n - mx * my;
            total += (2 * mx * my + C1) * (2 * cov + C2) / ((mx * mx + my * my + C1) * (vx + vy + C2));
        }
        return total / 3;
    }

    /** Squared error of each block on the 8-bit scale, from a residual in [-1, 1] units of full scale. */
    static double[] blockSquaredError(float[] residual, int tw, int th) {
        double[] sse = new double[tw * th];
        int w = tw * Tiling.BLOCK;
        for (int i = 0; i < residual.length; i++) {
            int p = i / 3, b = (p / w / Tiling.BLOCK) * tw + (p % w) / Tiling.BLOCK;
            double e = residual[i] * 255.0;
            sse[b] += e * e;
        }
        return sse;
    }
}

package org.rnc.codec;

import java.util.ArrayList;
import java.util.List;

import org.rnc.entropy.BinaryRnnCoder;
import org.rnc.model.CodecModel;
import org.rnc.model.EntropyPredictor;

/**
 * Encoder-side code search (issue 17, docs/quality/code-search.md): better codes for the iteration that ends a file,
 * for the same decoder. The encoder's codes are the sign of its last layer, and nothing says they are the best codes for
 * the decoder; the writer runs the decoder anyway, so it can try others.
 * <p>
 * The search is guided: the gradient of the tile's squared error with respect to the codes
 * ({@link CodecModel.Decoder#gradient}) says, to first order, how much each single flip would remove; less the bits the
 * flip costs under the entropy model's own probabilities, that ranks each block's 32 flips. Then, for each rank up to
 * {@code ranks} and each of 9 classes of blocks 3 apart (their 3x3-block neighbourhoods do not overlap), the flip of
 * that rank is made in every block of the class at once and the iteration decoded again ({@link CodecModel.Decoder#trial}).
 * A block keeps its flip when the squared error over its 3x3 blocks falls by more than lambda times the flip's bits and
 * their SSIM ({@link AdaptiveIterations#blockSsim}) does not fall. That is {@code 9 x ranks} trial decodes and one
 * gradient per search. Without the SSIM condition a search buys PSNR with MS-SSIM (smoother blocks); with it, Kodak
 * crops gain in both. The guided search replaced (session 30) one that tried every channel of every class
 * ({@code 9 x 32} trials): one rank gains more than that search's faster setting for a seventh of its time
 * (docs/quality/code-search.md).
 * <p>
 * Only the codes of a block's last iteration are searched: searched codes take the decoder's state where training never
 * took it, so iterations that follow a searched one do worse (measured). With the uniform codec that is the file's
 * last iteration; with the adaptive rate, each block's last (the loop in {@link AdaptiveIterations} decides the stops
 * on the plain codes, then searches). Lambda is the price of a bit where the file stops: {@code kappa} times the
 * squared error that one more plain iteration would remove per bit it costs, measured by trying it.
 * <p>
 * Nothing here is part of the format: decoding, files and their portability are unchanged; encoding is deterministic on
 * one machine (the search follows a fixed order, and a gradient only picks which flips a trial decode then judges).
 */
public final class CodeSearch {
    /** Blocks of one class are this far apart, so their 3x3-block neighbourhoods do not overlap. */
    private static final int SPACING = 3;

    private final EntropyPredictor entropy;
    private final double kappa;
    private final int ranks;
    private final java.util.function.BooleanSupplier stop;

    /**
     * @param entropy the entropy model whose probabilities price the bits (the file's, or any for the same codec)
     * @param kappa   the price of a bit relative to the next plain iteration's; {@link #KAPPA} for the writer
     * @param ranks   how many of each block's best-ranked flips are tried (1 .. bits): 1 for the writer's effort 1
     */
    public CodeSearch(EntropyPredictor entropy, double kappa, int ranks) {
        this(entropy, kappa, ranks, () -> false);
    }

    /** As above; {@code stop} true ends a search early (an aborted write), its codes as far as it got. */
    public CodeSearch(EntropyPredictor entropy, double kappa, int ranks, java.util.function.BooleanSupplier stop) {
        if (!(kappa >= 0) || Double.isInfinite(kappa)) throw new IllegalArgumentException("kappa " + kappa);
        if (ranks < 1) throw new IllegalArgumentException("ranks " + ranks);
        if (entropy == null && kappa > 0) throw new IllegalArgumentException("pricing bits needs an entropy model");
        this.entropy = entropy;
        this.kappa = kappa;
        this.ranks = ranks;
        this.stop = stop;
    }

    /**
     * The price of a bit relative to the next plain iteration's. With the SSIM condition 3 beat 1.5, 4.5 and 6 in both
     * measures (sessions 25 and 27, with the search that tried every channel; docs/quality/code-search.md).
     */
    public static final double KAPPA = 3;

    /**
     * One tile's coding state at an iteration to search, as the encode loops hold it: the blocks still going
     * ({@code active}: the decoder's increment is added there) and those whose codes the search may change
     * ({@code searched}: the blocks for which this iteration is the last).
     */
    record Tile(CodecModel model, CodecModel.Encoder enc, CodecModel.Decoder dec, List<float[]> previous, float[] x,
                float[] recon, boolean[] active, boolean[] searched, int th, int tw, float gain, float nextGain) {}

    /**
     * Searches {@code c}, the codes of one iteration of a tile (0 in stopped blocks), in place, in the blocks
     * {@code searched}, before the decoder steps on them; {@code plain} is the decoder's increment for {@code c} as it is
     * ({@code dec.trial(c)}, which the caller has already run). Returns the number of flips kept. Encoder and decoder
     * are left as they were.
     */
    int search(Tile t, float[] c, float[] plain) {
        int bits = t.model().config().bits(), th = t.th(), tw = t.tw();
        double[] err = blockErrors(t, plain), ssim = blockSsims(t, plain);
        double lambda = kappa == 0 ? 0 : kappa * nextIterationPrice(t, c, plain, err);
        int[] probs = lambda > 0 ? BinaryRnnCoder.probabilities(entropy, t.previous(), c, th, tw) : null;
        int[][] order = ranked(t, c, plain, probs, lambda);
        int flips = 0;
        for (int r = 0; r < ranks; r++) {
            for (int cls = 0; cls < SPACING * SPACING; cls++) {
                if (stop.getAsBoolean()) return flips;
                float[] trial = c.clone();
                boolean any = false;
                for (int by = cls / SPACING; by < th; by += SPACING)
                    for (int bx = cls % SPACING; bx < tw; bx += SPACING) {
                        int[] o = order[by * tw + bx];
                        if (o != null && r < o.length) {
                            trial[(by * tw + bx) * bits + o[r]] *= -1;
                            any = true;
                        }
                    }
                if (!any) continue;
                float[] d = t.dec().trial(trial);
                double[] e = blockErrors(t, d), es = blockSsims(t, d);
                for (int by = cls / SPACING; by < th; by += SPACING)
                    for (int bx = cls % SPACING; bx < tw; bx += SPACING) {
                        int[] o = order[by * tw + bx];
                        if (o == null || r >= o.length) continue;
                        int i = (by * tw + bx) * bits + o[r];
                        double gain = around(err, by, bx, th, tw) - around(e, by, bx, th, tw);
                        if (gain > (lambda > 0 ? lambda * flipBits(probs[i], c[i]) : 0)
                                && around(es, by, bx, th, tw) >= around(ssim, by, bx, th, tw)) {
                            c[i] *= -1;
                            flips++;
                            // the neighbourhoods of one class do not overlap: the trial's errors hold there. Elsewhere
                            // they are a class behind until the next rank's refresh: refreshing after every class
                            // doubled the trials and gained nothing measurable (docs/quality/code-search.md)
                            for (int y = Math.max(0, by - 1); y <= Math.min(th - 1, by + 1); y++)
                                for (int xx = Math.max(0, bx - 1); xx <= Math.min(tw - 1, bx + 1); xx++) {
                                    err[y * tw + xx] = e[y * tw + xx];
                                    ssim[y * tw + xx] = es[y * tw + xx];
                                }
                        }
                    }
            }
            if (r + 1 < ranks) {
                float[] d = t.dec().trial(c);
                err = blockErrors(t, d);
                ssim = blockSsims(t, d);
            }
        }
        return flips;
    }

    /**
     * Each searched block's flips predicted to pay, best first, at most {@code ranks} of them (null for a block not
     * searched). The prediction: flipping code i changes the squared error by about {@code -2 c[i] g[i]}, g the gradient
     * of the error with respect to the codes, less lambda times the flip's bits.
     */
    private int[][] ranked(Tile t, float[] c, float[] plain, int[] probs, double lambda) {
        int bits = t.model().config().bits(), tw = t.tw(), w = tw * Tiling.BLOCK;
        // d err / d delta, err = sum over active blocks of (255 (x - recon - delta / gain))^2, as blockErrors measures it
        float[] upstream = new float[plain.length];
        double k = -2.0 * 255 * 255 / t.gain();
        for (int b = 0; b < t.active().length; b++) {
            if (!t.active()[b]) continue;
            int x0 = (b % tw) * Tiling.BLOCK, y0 = (b / tw) * Tiling.BLOCK;
            for (int y = y0; y < y0 + Tiling.BLOCK; y++)
                for (int i = 3 * (y * w + x0); i < 3 * (y * w + x0 + Tiling.BLOCK); i++)
                    upstream[i] = (float) (k * (t.x()[i] - t.recon()[i] - plain[i] / t.gain()));
        }
        float[] g = t.dec().gradient(c, upstream);
        int[][] order = new int[t.th() * tw][];
        double[] score = new double[bits];
        for (int b = 0; b < order.length; b++) {
            if (!t.searched()[b]) continue;
            for (int j = 0; j < bits; j++) {
                int i = b * bits + j;
                score[j] = 2.0 * c[i] * g[i] - (lambda > 0 ? lambda * flipBits(probs[i], c[i]) : 0);
            }
            // best first, ties to the lower channel: a fixed order
            int[] best = new int[Math.min(ranks, bits)];
            int n = 0;
            boolean[] taken = new boolean[bits];
            for (; n < best.length; n++) {
                int top = -1;
                for (int j = 0; j < bits; j++)
                    if (!taken[j] && score[j] > 0 && (top < 0 || score[j] > score[top])) top = j;
                if (top < 0) break;
                taken[top] = true;
                best[n] = top;
            }
            order[b] = java.util.Arrays.copyOf(best, n);
        }
        return order;
    }

    /**
     * Squared error removed per bit by one more plain iteration on the active blocks: the encoder tries one more step on
     * the residual the plain codes leave, a second decoder replays the tile's iterations to run it, and the entropy model
     * prices its codes. 0 when that iteration would not help.
     */
    private double nextIterationPrice(Tile t, float[] c, float[] plain, double[] err) {
        int bits = t.model().config().bits();
        float[] reconPlain = t.recon().clone();
        IterativeCodec.addBlocks(reconPlain, plain, t.gain(), t.active(), t.tw(), t.tw() * Tiling.BLOCK);
        float[] residual = new float[reconPlain.length];
        for (int i = 0; i < residual.length; i++) residual[i] = (t.x()[i] - reconPlain[i]) * t.nextGain();
        float[] next = t.enc().trial(residual);
        for (int b = 0; b < t.active().length; b++)
            if (!t.active()[b]) java.util.Arrays.fill(next, b * bits, (b + 1) * bits, 0f);
        float[] d = t.dec().trialAfter(c, next);
        float[] reconNext = reconPlain.clone();
        IterativeCodec.addBlocks(reconNext, d, t.nextGain(), t.active(), t.tw(), t.tw() * Tiling.BLOCK);
        double removed = sum(err) - sum(errors(t.x(), reconNext, t.th(), t.tw()));
        List<float[]> withThis = new ArrayList<>(t.previous());
        withThis.add(c);
        int[] probs = BinaryRnnCoder.probabilities(entropy, withThis, next, t.th(), t.tw());
        double cost = 0;
        for (int i = 0; i < next.length; i++) {
            if (next[i] == 0) continue;
            double p1 = probs[i] / 32768.0;
            cost -= Math.log(next[i] > 0 ? p1 : 1 - p1) / Math.log(2);
        }
        return cost > 0 && removed > 0 ? removed / cost : 0;
    }

    /** Bits a flip of {@code code} adds: log2 P(code) - log2 P(flipped), negative when the flipped code is likelier. */
    static double flipBits(int p15, float code) {
        double p1 = p15 / 32768.0, pThis = code > 0 ? p1 : 1 - p1;
        return (Math.log(pThis) - Math.log(1 - pThis)) / Math.log(2);
    }

    /** Squared error of each block if the decoder's increment {@code d} were added (active blocks only). */
    private static double[] blockErrors(Tile t, float[] d) {
        float[] r = t.recon().clone();
        IterativeCodec.addBlocks(r, d, t.gain(), t.active(), t.tw(), t.tw() * Tiling.BLOCK);
        return errors(t.x(), r, t.th(), t.tw());
    }

    /** SSIM of each block if {@code d} were added, as the adaptive rate's SSIM target measures a block. */
    private static double[] blockSsims(Tile t, float[] d) {
        float[] r = t.recon().clone();
        IterativeCodec.addBlocks(r, d, t.gain(), t.active(), t.tw(), t.tw() * Tiling.BLOCK);
        double[] out = new double[t.th() * t.tw()];
        for (int b = 0; b < out.length; b++) out[b] = AdaptiveIterations.blockSsim(t.x(), r, b, t.tw());
        return out;
    }

    /** Squared error of each block of {@code recon} (8-bit scale, as the adaptive rate's PSNR target measures it). */
    static double[] errors(float[] x, float[] recon, int th, int tw) {
        float[] residual = new float[x.length];
        for (int i = 0; i < x.length; i++) residual[i] = x[i] - recon[i];
        return AdaptiveIterations.blockSquaredError(residual, tw, th);
    }

    private static double around(double[] e, int by, int bx, int th, int tw) {
        double s = 0;
        for (int y = Math.max(0, by - 1); y <= Math.min(th - 1, by + 1); y++)
            for (int x = Math.max(0, bx - 1); x <= Math.min(tw - 1, bx + 1); x++) s += e[y * tw + x];
        return s;
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) s += v;
        return s;
    }
}

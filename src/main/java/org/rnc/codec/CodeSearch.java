package org.rnc.codec;

import java.util.ArrayList;
import java.util.List;

import org.rnc.entropy.BinaryRnnCoder;
import org.rnc.model.CodecModel;
import org.rnc.model.EntropyPredictor;

/**
 * Encoder-side code search (issue 17, docs/quality/code-search.md): better codes for the iteration that ends a file,
 * for the same decoder. The encoder's codes are the sign of its last layer, and nothing says they are the best codes for
 * the decoder; the writer runs the decoder anyway, so it can try others. For each code channel and each class of blocks
 * {@code spacing} apart (their 3x3-block neighbourhoods do not overlap when the spacing is 3), the channel's bit is
 * flipped in every block of the class at once and the iteration decoded again ({@link CodecModel.Decoder#trial}); a
 * block keeps its flip when the squared error over its 3x3 blocks falls by more than lambda times the bits the flip
 * costs under the entropy model's own probabilities, and their SSIM ({@link AdaptiveIterations#blockSsim}) does not
 * fall. That is {@code spacing^2 x bits} trial decodes per search. Without the SSIM condition the search buys PSNR
 * with MS-SSIM (smoother blocks); with it, Kodak crops gain in both (docs/quality/code-search.md).
 * <p>
 * Only the codes of a block's last iteration are searched: searched codes take the decoder's state where training never
 * took it, so iterations that follow a searched one do worse (measured). With the uniform codec that is the file's
 * last iteration; with the adaptive rate, each block's last (the loop in {@link AdaptiveIterations} decides the stops
 * on the plain codes, then searches). Lambda is the price of a bit where the file stops: {@code kappa} times the
 * squared error that one more plain iteration would remove per bit it costs, measured by trying it.
 * <p>
 * Nothing here is part of the format: decoding, files and their portability are unchanged; encoding is deterministic on
 * one machine (the search follows a fixed order).
 */
public final class CodeSearch {
    private final EntropyPredictor entropy;
    private final double kappa;
    private final int spacing;
    private final java.util.function.BooleanSupplier stop;

    /**
     * @param entropy the entropy model whose probabilities price the bits (the file's, or any for the same codec)
     * @param kappa   the price of a bit relative to the next plain iteration's; {@link #KAPPA} for the writer
     * @param spacing 3 (9 classes, the full search) or 2 (4 classes: about 2/3 of the gain for 4/9 of the time)
     */
    public CodeSearch(EntropyPredictor entropy, double kappa, int spacing) {
        this(entropy, kappa, spacing, () -> false);
    }

    /** As above; {@code stop} true ends a search early (an aborted write), its codes as far as it got. */
    public CodeSearch(EntropyPredictor entropy, double kappa, int spacing, java.util.function.BooleanSupplier stop) {
        if (!(kappa >= 0) || Double.isInfinite(kappa)) throw new IllegalArgumentException("kappa " + kappa);
        if (spacing < 1 || spacing > 8) throw new IllegalArgumentException("spacing " + spacing);
        if (entropy == null && kappa > 0) throw new IllegalArgumentException("pricing bits needs an entropy model");
        this.entropy = entropy;
        this.kappa = kappa;
        this.spacing = spacing;
        this.stop = stop;
    }

    /**
     * The price of a bit relative to the next plain iteration's. Without the SSIM condition 1.5 gave the most PSNR per
     * byte on Kodak crops; with it, a higher price no longer costs MS-SSIM: 3 beat 1.5 in both measures at effort 2
     * (-6.2 / -5.6 % against -5.5 / -5.5 % at equal PSNR / MS-SSIM) and at effort 1 (-3.9 / -3.2 % against -2.9 / -2.4 %),
     * where 4.5 and 6 gave less MS-SSIM (-2.9, -2.7 %); docs/quality/code-search.md.
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
        int flips = 0;
        for (int cls = 0; cls < spacing * spacing; cls++) {
            int[] probs = lambda > 0 ? BinaryRnnCoder.probabilities(entropy, t.previous(), c, th, tw) : null;
            for (int j = 0; j < bits; j++) {
                if (stop.getAsBoolean()) return flips;
                float[] trial = c.clone();
                boolean any = false;
                for (int by = cls / spacing; by < th; by += spacing)
                    for (int bx = cls % spacing; bx < tw; bx += spacing)
                        if (t.searched()[by * tw + bx]) {
                            trial[(by * tw + bx) * bits + j] *= -1;
                            any = true;
                        }
                if (!any) continue;
                float[] d = t.dec().trial(trial);
                double[] e = blockErrors(t, d), es = blockSsims(t, d);
                for (int by = cls / spacing; by < th; by += spacing)
                    for (int bx = cls % spacing; bx < tw; bx += spacing) {
                        if (!t.searched()[by * tw + bx]) continue;
                        int i = (by * tw + bx) * bits + j;
                        double gain = around(err, by, bx, th, tw) - around(e, by, bx, th, tw);
                        if (gain > (lambda > 0 ? lambda * flipBits(probs[i], c[i]) : 0)
                                && around(es, by, bx, th, tw) >= around(ssim, by, bx, th, tw)) {
                            c[i] *= -1;
                            flips++;
                            // with spacing 3 the neighbourhoods of one class do not overlap: the trial's errors hold
                            for (int y = Math.max(0, by - 1); y <= Math.min(th - 1, by + 1); y++)
                                for (int xx = Math.max(0, bx - 1); xx <= Math.min(tw - 1, bx + 1); xx++) {
                                    err[y * tw + xx] = e[y * tw + xx];
                                    ssim[y * tw + xx] = es[y * tw + xx];
                                }
                        }
                    }
            }
            float[] d = t.dec().trial(c);
            err = blockErrors(t, d);
            ssim = blockSsims(t, d);
        }
        return flips;
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
        float[] d;
        try (CodecModel.Decoder replay = t.model().decoder(t.th() * Tiling.BLOCK, t.tw() * Tiling.BLOCK)) {
            for (float[] p : t.previous()) replay.step(p);
            replay.step(c);
            d = replay.trial(next);
        }
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

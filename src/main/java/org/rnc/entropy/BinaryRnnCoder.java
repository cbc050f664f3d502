package org.rnc.entropy;

import java.util.List;
import java.util.zip.CRC32;

import org.rnc.format.RawBits;
import org.rnc.format.RncFormatException;
import org.rnc.model.EntropyPredictor;

/**
 * Lossless coding of one iteration's codes with the BinaryRNN entropy model and the binary arithmetic coder.
 * <p>
 * Encoder and decoder make the same model calls with the same inputs in the same order — one
 * {@code context} call per iteration, then one {@code row} call per code row, top to bottom — so they see
 * bit-identical probabilities. The payload starts with the CRC-32 of the iteration's codes in RAW packing;
 * the decoder checks it, so a machine whose arithmetic differs fails loudly instead of showing a wrong picture.
 * <pre>payload = crc32(raw codes):u32  arithmetic-coded bits</pre>
 * Bits are coded row by row, position by position, channel by channel (NHWC order). Mode 3 also needs the
 * model's stateless {@code cross_channel} weights for the iteration: the encoder fetches them for every iteration
 * (it tries every mode), the decoder only for mode-3 iterations.
 */
public final class BinaryRnnCoder {
    private BinaryRnnCoder() {}

    /**
     * The previous-iterations input [h*w*(3B+1)]: b_{t-1}, b_{t-2}, the mean of all b_{s<t}, and t/16,
     * zeros where an iteration does not exist.
     */
    public static float[] previousInput(List<float[]> previous, int h, int w, int bits) {
        int t = previous.size(), n = h * w, ch = 3 * bits + 1;
        float[] in = new float[n * ch];
        float[] last = t >= 1 ? previous.get(t - 1) : null, before = t >= 2 ? previous.get(t - 2) : null;
        float tPlane = t / 16f;
        for (int i = 0; i < n; i++) {
            int o = i * ch, s = i * bits;
            for (int b = 0; b < bits; b++) {
                if (last != null) in[o + b] = last[s + b];
                if (before != null) in[o + bits + b] = before[s + b];
                if (t > 0) {
                    float sum = 0;
                    for (float[] p : previous) sum += p[s + b];
                    in[o + 2 * bits + b] = sum / t;
                }
            }
            in[o + 3 * bits] = tPlane;
        }
        return in;
    }

    /** Mode 1 payload: the model's probabilities alone. */
    public static byte[] encode(EntropyPredictor m, List<float[]> previous, float[] codes, int h, int w) {
        return encodeAll(m, previous, codes, h, w)[0];
    }

    /**
     * The iteration coded every way from one pass of model calls: {mode 1 payload (model alone), mode 2
     * payload (model mixed with adaptive contexts, {@link ContextMixer}), mode 3 payload (as mode 2 with the
     * model's probabilities first refined by the codes already coded at the same position, {@link CrossChannel};
     * null when the model has no cross-channel weights)}.
     */
    public static byte[][] encodeAll(EntropyPredictor m, List<float[]> previous, float[] codes, int h, int w) {
        return encodeAll(m, previous, codes, h, w, null, null);
    }

    /**
     * As {@link #encodeAll(EntropyPredictor, List, float[], int, int)} for an iteration of an adaptive file (format 3):
     * first the stop flag of every block in {@code before} (the blocks still going; null for the first iteration,
     * which has no flags) with {@link StopFlags}' probabilities, then the codes of the blocks in {@code now} only. The
     * other blocks' codes are 0 in {@code codes} and in the model's inputs. {@code now} null: a file without flags.
     */
    public static byte[][] encodeAll(EntropyPredictor m, List<float[]> previous, float[] codes, int h, int w,
                                     boolean[] before, boolean[] now) {
        int bits = m.config().bits();
        BinaryArithmeticCoder.Encoder plain = new BinaryArithmeticCoder.Encoder(), mixed = new BinaryArithmeticCoder.Encoder();
        ContextMixer mixer = new ContextMixer(h, w, bits, last(previous));
        CrossChannel cross = crossChannel(m, previous.size());
        BinaryArithmeticCoder.Encoder crossCoder = cross == null ? null : new BinaryArithmeticCoder.Encoder();
        ContextMixer crossMixer = cross == null ? null : ContextMixer.forMode3(h, w, bits, last(previous));
        if (before != null) {
            StopFlags flags = new StopFlags(before, h, w);
            for (int b = 0; b < h * w; b++) {
                if (!before[b]) continue;
                int p = flags.predict(b / w, b % w);
                plain.encode(now[b], p);
                mixed.encode(now[b], p);
                if (crossCoder != null) crossCoder.encode(now[b], p);
                flags.update(now[b]);
            }
        }
        run(m, previous, h, w, (probs, row) -> {
            int base = row * w * bits;
            for (int i = 0; i < w * bits; i++) {
                int p = probs[i], x = i / bits, c = i % bits;
                if (now != null && !now[row * w + x]) continue;
                boolean bit = codes[base + i] > 0;
                plain.encode(bit, p);
                mixed.encode(bit, mixer.predict(row, x, c, p));
                mixer.update(bit);
                if (cross != null) {
                    crossCoder.encode(bit, crossMixer.predict(row, x, c, cross.refine(p, codes, base + x * bits, c)));
                    crossMixer.update(bit);
                }
            }
            return java.util.Arrays.copyOfRange(codes, base, base + w * bits);
        });
        long crc = now == null ? crc(codes) : crc(RawBits.packAdaptive(codes, before, now, bits));
        return new byte[][]{withCrc(crc, plain.finish()), withCrc(crc, mixed.finish()),
                cross == null ? null : withCrc(crc, crossCoder.finish())};
    }

    /**
     * The model's own probability (mode 1, 15 bits) that each code of one iteration is +1, given the codes above it in
     * {@code codes}: what an encoder weighing changes to its codes needs to price them (a code's bits are
     * -log2 of its probability). Adaptive files' 0 codes (stopped blocks) get a probability too; it means nothing.
     */
    public static int[] probabilities(EntropyPredictor m, List<float[]> previous, float[] codes, int h, int w) {
        int bits = m.config().bits();
        int[] out = new int[h * w * bits];
        run(m, previous, h, w, (probs, row) -> {
            int base = row * w * bits;
            System.arraycopy(probs, 0, out, base, w * bits);
            return java.util.Arrays.copyOfRange(codes, base, base + w * bits);
        });
        return out;
    }

    /** The model's cross-channel stage for iteration index t, or null if it has none. */
    static CrossChannel crossChannel(EntropyPredictor m, int t) {
        return m.config().hasCrossChannel() ? new CrossChannel(m.crossChannel(t), m.config().bits()) : null;
    }

    private static float[] last(List<float[]> previous) {
        return previous.isEmpty() ? null : previous.get(previous.size() - 1);
    }

    static byte[] withCrc(long crc, byte[] coded) {
        byte[] out = new byte[4 + coded.length];
        writeCrc(out, crc);
        System.arraycopy(coded, 0, out, 4, coded.length);
        return out;
    }

    /** Decodes a mode 1 payload. */
    public static float[] decode(EntropyPredictor m, List<float[]> previous, byte[] payload, int h, int w)
            throws RncFormatException {
        return decode(m, previous, payload, h, w, 1);
    }

    /** Decodes a payload of mode 1, 2 or 3. */
    public static float[] decode(EntropyPredictor m, List<float[]> previous, byte[] payload, int h, int w, int mode)
            throws RncFormatException {
        return decode(m, previous, payload, h, w, mode, false, null);
    }

    /**
     * Decodes a payload of mode 1, 2 or 3; in an adaptive file ({@code adaptive}), with stop flags for the blocks in
     * {@code before} (null for the first iteration): the codes of blocks that do not go on come back as 0.
     */
    public static float[] decode(EntropyPredictor m, List<float[]> previous, byte[] payload, int h, int w, int mode,
                                 boolean adaptive, boolean[] before) throws RncFormatException {
        if (mode < 1 || mode > 3) throw new IllegalArgumentException("mode " + mode);
        if (payload.length < 4) throw new RncFormatException("entropy-coded iteration too short");
        int bits = m.config().bits();
        if (mode == 3 && !m.config().hasCrossChannel())
            throw new RncFormatException("iteration coded with cross-channel weights (mode 3), which entropy model "
                    + m.id().name() + " lacks");
        CrossChannel xc = mode == 3 ? crossChannel(m, previous.size()) : null;
        float[] codes = new float[h * w * bits];
        BinaryArithmeticCoder.Decoder dec = new BinaryArithmeticCoder.Decoder(java.util.Arrays.copyOfRange(payload, 4, payload.length));
        ContextMixer mixer = mode == 2 ? new ContextMixer(h, w, bits, last(previous))
                : mode == 3 ? ContextMixer.forMode3(h, w, bits, last(previous)) : null;
        boolean[] now = null;
        if (adaptive) {
            now = new boolean[h * w];
            if (before == null) java.util.Arrays.fill(now, true);
            else {
                StopFlags flags = new StopFlags(before, h, w);
                for (int b = 0; b < h * w; b++) {
                    if (!before[b]) continue;
                    now[b] = dec.decode(flags.predict(b / w, b % w));
                    flags.update(now[b]);
                }
            }
        }
        boolean[] going = now;
        run(m, previous, h, w, (probs, row) -> {
            float[] rowCodes = new float[w * bits];
            for (int i = 0; i < rowCodes.length; i++) {
                int p = probs[i], x = i / bits, c = i % bits;
                if (going != null && !going[row * w + x]) continue;
                if (mixer == null) {
                    rowCodes[i] = dec.decode(p) ? 1f : -1f;
                } else {
                    if (xc != null) p = xc.refine(p, rowCodes, x * bits, c);
                    boolean bit = dec.decode(mixer.predict(row, x, c, p));
                    mixer.update(bit);
                    rowCodes[i] = bit ? 1f : -1f;
                }
            }
            System.arraycopy(rowCodes, 0, codes, row * w * bits, rowCodes.length);
            return rowCodes;
        });
        long stored = ((payload[0] & 0xFFL) << 24) | ((payload[1] & 0xFF) << 16) | ((payload[2] & 0xFF) << 8) | (payload[3] & 0xFF);
        long actual = now == null ? crc(codes) : crc(RawBits.packAdaptive(codes, before, now, bits));
        if (stored != actual) throw new ChecksumException();
        return codes;
    }

    /** Receives row y's probabilities and returns row y's codes (+1/-1), which become the next row's context. */
    interface RowCoder {
        float[] code(int[] probs, int row);
    }

    static void run(EntropyPredictor m, List<float[]> previous, int h, int w, RowCoder coder) {
        int bits = m.config().bits(), l = m.config().lstmChannels(), c = m.config().contextChannels();
        float[] ctx = m.context(previousInput(previous, h, w, bits), h, w);
        float[] state = new float[w * l], cell = new float[w * l];
        float[] above = new float[w * bits];
        int[] probs = new int[w * bits];
        for (int y = 0; y < h; y++) {
            float[] ctxRow = java.util.Arrays.copyOfRange(ctx, y * w * c, (y + 1) * w * c);
            m.row(above, ctxRow, state, cell, w, probs);
            above = coder.code(probs, y);
        }
    }

    /** The decoded codes do not match the checksum the writer stored. */
    static final class ChecksumException extends RncFormatException {
        ChecksumException() {
            super("entropy-decoded codes fail their checksum: the data is damaged");
        }
    }

    static long crc(float[] codes) {
        return crc(RawBits.pack(codes));
    }

    /** The CRC-32 of an iteration's RAW payload. */
    static long crc(byte[] raw) {
        CRC32 crc = new CRC32();
        crc.update(raw);
        return crc.getValue();
    }

    private static void writeCrc(byte[] out, long c) {
        out[0] = (byte) (c >>> 24);
        out[1] = (byte) (c >>> 16);
        out[2] = (byte) (c >>> 8);
        out[3] = (byte) c;
    }
}

package org.rnc.entropy;

/**
 * Adapts the BinaryRNN's probabilities to the image being coded (coding mode 2).
 * <p>
 * The entropy model is trained on other photos; some statistics are specific to one image and one iteration
 * (a channel that is nearly always +1 here, codes that repeat their neighbour or the previous iteration). Eight
 * small adaptive context models count those as the bits go by (with a low count limit, so they follow local
 * changes), and a logistic mixer (one weight set per code channel, trained online) combines their stretched
 * probabilities with the model's. Encoder and decoder run
 * the same updates on the same bits, so they stay in step. All arithmetic is Java {@code double} with
 * {@link StrictMath}, which Java 17 specifies bit for bit on every platform: unlike the TensorFlow part, the
 * mixer cannot differ between machines.
 * <p>
 * A mixer lives for one iteration (the whole code grid, whatever the tiling): every {@code ITER} chunk stays
 * decodable from the codes of the earlier iterations alone.
 */
final class ContextMixer {
    static final int ONE = BinaryArithmeticCoder.ONE;
    private static final int INPUTS = 10, MODELS = 8, LIMIT = 30;
    private static final double RATE = 0.01, BIAS = 0.3;
    /** Stretched count probabilities, by (n0, n1): the counts stay at or below LIMIT. */
    private static final double[] COUNT_STRETCH = new double[(LIMIT + 1) * (LIMIT + 1)];
    /** Stretched 15-bit probabilities. */
    static final double[] P15_STRETCH = new double[ONE];

    static {
        for (int n0 = 0; n0 <= LIMIT; n0++)
            for (int n1 = 0; n1 <= LIMIT; n1++)
                COUNT_STRETCH[n0 * (LIMIT + 1) + n1] = stretch((n1 + 0.4) / (n0 + n1 + 0.8));
        for (int p = 1; p < ONE; p++) P15_STRETCH[p] = stretch(p / (double) ONE);
    }

    private final int h, w, bits;
    private final byte[] current;   // this iteration's bits so far: 1 for +1, 0 for -1, 2 not (yet) coded
    private final float[] previous; // the previous iteration's codes, or null for the first
    private final short[][] n0 = new short[MODELS][], n1 = new short[MODELS][];
    private final double[][] weights;
    private final double[] in = new double[INPUTS];
    private final int[] ctx = new int[MODELS];
    private int pos, p15;

    ContextMixer(int h, int w, int bits, float[] previous) {
        this(h, w, bits, previous, MODE2_START);
    }

    /** The mode-2 mixer's starting weights (x_0 .. x_9). */
    static final double[] MODE2_START = {0.1, 0.2, 0.3, 0.1, 0.1, 0.2, 0.1, 0.2, 0.5, 0};
    /**
     * Mode 3 starts from the cross-channel model's probability alone: that model is good enough (about 0.84
     * bits per code against 0.94 without the stage) that mode 2's start, which trusts fresh counts, cost more
     * than it won on held-out photos (17.0 % saved against 16.9 % for the model alone and 14.4 % with mode 2's start).
     */
    static final double[] MODE3_START = {0, 0, 0, 0, 0, 0, 0, 0, 1, 0};

    static ContextMixer forMode3(int h, int w, int bits, float[] previous) {
        return new ContextMixer(h, w, bits, previous, MODE3_START);
    }

    /** @param start the mixer's starting weights, one per input */
    private ContextMixer(int h, int w, int bits, float[] previous, double[] start) {
        this.h = h;
        this.w = w;
        this.bits = bits;
        this.current = new byte[h * w * bits];
        // codes of stopped blocks (adaptive files) are never coded and read as 2, like the outside of the grid; in files
        // without them every neighbour the contexts use is coded before it is read, so this changes nothing there
        java.util.Arrays.fill(current, (byte) 2);
        this.previous = previous;
        int[] sizes = {bits, bits * 9, bits * 27, bits * 81, bits * 243, 27, 243, bits * 243};
        for (int m = 0; m < MODELS; m++) {
            n0[m] = new short[sizes[m]];
            n1[m] = new short[sizes[m]];
        }
        weights = new double[bits][];
        for (int c = 0; c < bits; c++) weights[c] = start.clone();
    }

    /** The 15-bit probability of a logit: round(2^15 / (1 + exp(-x))) clamped to [1, 2^15 - 1]. */
    static int squash15(double x) {
        double p = 1 / (1 + StrictMath.exp(-x));
        return (int) Math.max(1, Math.min(ONE - 1, Math.round(p * ONE)));
    }

    static double stretch(double p) {
        p = Math.min(Math.max(p, 1e-6), 1 - 1e-6);
        return StrictMath.log(p / (1 - p));
    }

    /** The previous iteration's code at (y, x, c): 0 or 1, 2 outside the grid or absent (a stopped block's 0). */
    private int pAt(int y, int x, int c) {
        if (previous == null || y < 0 || x < 0 || x >= w || y >= h) return 2;
        return code(previous[(y * w + x) * bits + c]);
    }

    private static int code(float v) {
        return v > 0 ? 1 : v < 0 ? 0 : 2;
    }

    /** 0 or 1 for a decoded neighbour, 2 outside the grid or not coded (a stopped block). */
    private int at(int y, int x, int c) {
        if (y < 0 || x < 0 || x >= w) return 2;
        return current[(y * w + x) * bits + c];
    }

    /**
     * The probability (15 bits) that the code at (y, x, c) is +1, given the entropy model's quantised
     * probability {@code model15}. Codes must be visited in NHWC order, each followed by {@link #update}.
     */
    int predict(int y, int x, int c, int model15) {
        pos = (y * w + x) * bits + c;
        int up = at(y - 1, x, c), left = at(y, x - 1, c), ul = at(y - 1, x - 1, c), ur = at(y - 1, x + 1, c);
        int prev = previous == null ? 2 : code(previous[pos]);
        int prevChannel = c > 0 ? current[pos - 1] : 2;
        int nb = up * 3 + left;
        ctx[0] = c;
        ctx[1] = c * 9 + nb;
        ctx[2] = (c * 9 + nb) * 3 + prev;
        ctx[3] = ((c * 9 + nb) * 3 + prev) * 3 + prevChannel;
        ctx[4] = (((c * 27 + nb * 3 + ul) * 3 + ur) * 3) + prev;
        ctx[5] = nb * 3 + prev;
        ctx[6] = ((nb * 3 + ul) * 3 + ur) * 3 + prev;
        ctx[7] = ((((c * 3 + prev) * 3 + pAt(y - 1, x, c)) * 3 + pAt(y + 1, x, c)) * 3 + pAt(y, x - 1, c)) * 3 + pAt(y, x + 1, c);
        for (int m = 0; m < MODELS; m++) in[m] = COUNT_STRETCH[n0[m][ctx[m]] * (LIMIT + 1) + n1[m][ctx[m]]];
        in[MODELS] = P15_STRETCH[model15];
        in[MODELS + 1] = BIAS;
        double[] wc = weights[c];
        double dot = 0;
        for (int i = 0; i < INPUTS; i++) dot += wc[i] * in[i];
        p15 = squash15(dot);
        return p15;
    }

    /** Learns from the code just predicted. */
    void update(boolean bit) {
        current[pos] = (byte) (bit ? 1 : 0);
        int c = pos % bits;
        double err = (bit ? 1.0 : 0.0) - p15 / (double) ONE;
        double[] wc = weights[c];
        for (int i = 0; i < INPUTS; i++) wc[i] += RATE * err * in[i];
        for (int m = 0; m < MODELS; m++) {
            short[] hit = bit ? n1[m] : n0[m], other = bit ? n0[m] : n1[m];
            int k = ctx[m];
            hit[k]++;
            if (hit[k] + other[k] > LIMIT) {
                hit[k] = (short) ((hit[k] + 1) / 2);
                other[k] = (short) ((other[k] + 1) / 2);
            }
        }
    }
}

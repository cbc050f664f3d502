package org.rnc.entropy;

/**
 * Probabilities of the stop flags of adaptive files (format 3): for each block still going after iteration t-1, in
 * raster order, whether it goes on in iteration t. Flags of neighbouring blocks agree (flat regions stop together),
 * so each is predicted from counts in a context of its neighbours: above, left and above-right (this iteration's
 * flags, already coded) and below (whether it was still going). Counts and the probability are integers, so every
 * platform computes the same value by construction.
 */
final class StopFlags {
    /** Counts are halved (rounding up) when their sum passes this: they follow local changes. */
    static final int LIMIT = 60;
    private final int h, w;
    private final boolean[] before;
    private final byte[] now; // this iteration's flags: 1 goes on, 0 stops, 2 not coded (stopped before, or not yet)
    private final int[] n0 = new int[81], n1 = new int[81];
    private int pos, ctx;

    /** @param before the blocks still going after the previous iteration, [h * w] */
    StopFlags(boolean[] before, int h, int w) {
        this.h = h;
        this.w = w;
        this.before = before;
        this.now = new byte[h * w];
        java.util.Arrays.fill(now, (byte) 2);
    }

    /** The 15-bit probability that the flag of block (y, x), which must be going, is 1 (goes on). */
    int predict(int y, int x) {
        pos = y * w + x;
        int down = y + 1 >= h ? 2 : before[pos + w] ? 1 : 0;
        ctx = ((at(y - 1, x) * 3 + at(y, x - 1)) * 3 + at(y - 1, x + 1)) * 3 + down;
        int n = n0[ctx] + n1[ctx];
        int p = (int) (((2L * n1[ctx] + 1) << 15) / (2L * n + 2));
        return Math.max(1, Math.min(BinaryArithmeticCoder.ONE - 1, p));
    }

    private int at(int y, int x) {
        return y < 0 || x < 0 || x >= w ? 2 : now[y * w + x];
    }

    void update(boolean goes) {
        now[pos] = (byte) (goes ? 1 : 0);
        if (goes) n1[ctx]++;
        else n0[ctx]++;
        if (n0[ctx] + n1[ctx] > LIMIT) {
            n0[ctx] = (n0[ctx] + 1) / 2;
            n1[ctx] = (n1[ctx] + 1) / 2;
        }
    }
}

package org.rnc.entropy;

/**
 * Coding mode 3's first step: the entropy model's probability for code c of a position, corrected by the codes
 * 0..c-1 of the same position through the model's cross-channel weights (see conformance/FORMAT.md). The row
 * call predicts a position's codes together; this is where their correlation with each other is used.
 * Java {@code double} and {@link StrictMath}, in a fixed order, so every platform computes the same value.
 */
final class CrossChannel {
    private final double[] w;
    private final int bits;

    /** @param weights [B*B] from {@link org.rnc.model.EntropyPredictor#crossChannel(int)}, entry from * B + to */
    CrossChannel(double[] weights, int bits) {
        if (weights.length != bits * bits) throw new IllegalArgumentException(weights.length + " cross-channel weights for " + bits + " codes");
        this.bits = bits;
        this.w = weights.clone();
    }

    /**
     * The 15-bit probability of code c, given the model's {@code model15} and the position's codes
     * {@code codes[start .. start + c - 1]} (+1/-1).
     */
    int refine(int model15, float[] codes, int start, int c) {
        double x = ContextMixer.P15_STRETCH[model15];
        for (int k = 0; k < c; k++) x += codes[start + k] > 0 ? w[k * bits + c] : -w[k * bits + c];
        return ContextMixer.squash15(x);
    }
}

package org.rnc.entropy;

/** Diagnostics for the entropy stage (used by {@code rnc bench-entropy}). */
public final class EntropyAnalysis {
    private EntropyAnalysis() {}

    /**
     * Ideal code length in bits of one iteration's codes under the mode-2 context mixer with no entropy model
     * (its input held at 1/2): what the adaptive contexts alone would save, to set the BinaryRNN's share apart.
     *
     * @param previous the previous iteration's codes, or null for the first
     */
    public static double adaptiveOnlyBits(float[] codes, float[] previous, int h, int w, int bits) {
        ContextMixer m = new ContextMixer(h, w, bits, previous);
        double total = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < bits; c++) {
                    boolean bit = codes[(y * w + x) * bits + c] > 0;
                    total += BinaryArithmeticCoder.cost(m.predict(y, x, c, ContextMixer.ONE / 2), bit);
                    m.update(bit);
                }
        return total;
    }
}

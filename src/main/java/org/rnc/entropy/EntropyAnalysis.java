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

    /**
     * Ideal code lengths in bits of one iteration's codes under an entropy model: {model alone (mode 1), model
     * refined by the cross-channel stage and mixed (mode 3; NaN when the model has no cross-channel weights)}.
     * Compares entropy models (e.g. a TensorFlow model with its portable export) on the same codes.
     *
     * @param previous the codes of the earlier iterations, oldest first
     */
    public static double[] modelBits(org.rnc.model.EntropyPredictor m, java.util.List<float[]> previous, float[] codes, int h, int w) {
        int bits = m.config().bits();
        CrossChannel cross = BinaryRnnCoder.crossChannel(m, previous.size());
        ContextMixer mixer = cross == null ? null
                : ContextMixer.forMode3(h, w, bits, previous.isEmpty() ? null : previous.get(previous.size() - 1));
        double[] total = {0, cross == null ? Double.NaN : 0};
        BinaryRnnCoder.run(m, previous, h, w, (probs, row) -> {
            int base = row * w * bits;
            for (int i = 0; i < w * bits; i++) {
                boolean bit = codes[base + i] > 0;
                int x = i / bits, c = i % bits;
                total[0] += BinaryArithmeticCoder.cost(probs[i], bit);
                if (cross != null) {
                    int p = mixer.predict(row, x, c, cross.refine(probs[i], codes, base + x * bits, c));
                    total[1] += BinaryArithmeticCoder.cost(p, bit);
                    mixer.update(bit);
                }
            }
            return java.util.Arrays.copyOfRange(codes, base, base + w * bits);
        });
        return total;
    }

    /**
     * SHA-256 over every probability the coder would use for these iterations' codes: for each code in coding
     * order, the model's 15-bit probability and the mode-3 probability (after the cross-channel stage and the mixer)
     * as two big-endian u16. Two machines that agree on it code and decode every mode alike.
     */
    public static String probabilityDigest(org.rnc.model.EntropyPredictor m, java.util.List<float[]> iterations, int h, int w) {
        java.security.MessageDigest md;
        try {
            md = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        int bits = m.config().bits();
        for (int t = 0; t < iterations.size(); t++) {
            java.util.List<float[]> previous = iterations.subList(0, t);
            float[] codes = iterations.get(t);
            CrossChannel cross = BinaryRnnCoder.crossChannel(m, t);
            ContextMixer mixer = ContextMixer.forMode3(h, w, bits, t == 0 ? null : previous.get(t - 1));
            byte[] row = new byte[w * bits * 4];
            BinaryRnnCoder.run(m, previous, h, w, (probs, y) -> {
                int base = y * w * bits;
                for (int i = 0; i < w * bits; i++) {
                    boolean bit = codes[base + i] > 0;
                    int p3 = 0;
                    if (cross != null) {
                        p3 = mixer.predict(y, i / bits, i % bits, cross.refine(probs[i], codes, base + (i / bits) * bits, i % bits));
                        mixer.update(bit);
                    }
                    row[4 * i] = (byte) (probs[i] >>> 8);
                    row[4 * i + 1] = (byte) probs[i];
                    row[4 * i + 2] = (byte) (p3 >>> 8);
                    row[4 * i + 3] = (byte) p3;
                }
                md.update(row);
                return java.util.Arrays.copyOfRange(codes, base, base + w * bits);
            });
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }
}

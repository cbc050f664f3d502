package org.rnc.entropy;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The mode-2 mixer on its own: it adapts, and two mixers fed the same bits give the same probabilities. */
class ContextMixerTest {

    /** Bits of the cost of coding {@code codes} through a fresh mixer, the model input fixed at 1/2. */
    static double cost(float[] codes, float[] previous, int h, int w, int bits, int[] trace) {
        ContextMixer m = new ContextMixer(h, w, bits, previous);
        double total = 0;
        int k = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < bits; c++) {
                    boolean bit = codes[(y * w + x) * bits + c] > 0;
                    int p = m.predict(y, x, c, ContextMixer.ONE / 2);
                    if (trace != null) trace[k++] = p;
                    total += BinaryArithmeticCoder.cost(p, bit);
                    m.update(bit);
                }
        return total;
    }

    @Test
    void learnsBiasedChannelsAndRepeatsOfThePreviousIteration() {
        int h = 16, w = 16, bits = 32, n = h * w * bits;
        Random r = new Random(1);
        float[] prev = new float[n], biased = new float[n], repeat = new float[n], noise = new float[n];
        for (int i = 0; i < n; i++) {
            prev[i] = r.nextBoolean() ? 1 : -1;
            biased[i] = r.nextDouble() < 0.9 ? 1 : -1;
            repeat[i] = r.nextDouble() < 0.95 ? prev[i] : -prev[i];
            noise[i] = r.nextBoolean() ? 1 : -1;
        }
        // ideal: H(0.9) = 0.469 and H(0.95) = 0.286 bits per code; uniform noise must stay near 1
        double b = cost(biased, null, h, w, bits, null) / n, rp = cost(repeat, prev, h, w, bits, null) / n,
                no = cost(noise, prev, h, w, bits, null) / n;
        String all = "biased " + b + ", repeat " + rp + ", noise " + no;
        assertTrue(b < 0.55, all);
        assertTrue(rp < 0.40, all);
        assertTrue(no < 1.03, all);
    }

    @Test
    void sameBitsGiveIdenticalProbabilities() {
        int h = 5, w = 7, bits = 32, n = h * w * bits;
        Random r = new Random(9);
        float[] prev = new float[n], codes = new float[n];
        for (int i = 0; i < n; i++) {
            prev[i] = r.nextBoolean() ? 1 : -1;
            codes[i] = r.nextDouble() < 0.7 ? prev[i] : -prev[i];
        }
        int[] a = new int[n], b = new int[n];
        cost(codes, prev, h, w, bits, a);
        cost(codes, prev, h, w, bits, b);
        assertArrayEquals(a, b);
        for (int p : a) assertTrue(p >= 1 && p < ContextMixer.ONE);
        assertEquals(cost(codes, prev, h, w, bits, null), EntropyAnalysis.adaptiveOnlyBits(codes, prev, h, w, bits), 1e-9);
    }
}

package org.rnc.entropy;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Mode 3's cross-channel correction, on hand-set weights. */
class CrossChannelTest {
    static final int ONE = BinaryArithmeticCoder.ONE;

    @Test
    void earlierCodesOfThePositionMoveTheProbabilityByTheirWeights() {
        int b = 3;
        double[] w = new double[b * b];
        w[0 * b + 1] = 2;  // code 0 pushes code 1 towards itself
        w[0 * b + 2] = -1; // and code 2 away from itself
        w[1 * b + 2] = 0.5;
        CrossChannel x = new CrossChannel(w, b);
        int half = ONE / 2;
        float[] codes = {1f, -1f, 0f};
        // code 0 has no earlier code: the model's probability is kept
        assertEquals(half, x.refine(half, codes, 0, 0));
        // code 1: logit 0 + 2 * (+1)
        assertEquals(Math.round(ONE / (1 + Math.exp(-2))), x.refine(half, codes, 0, 1));
        // code 2: logit 0 - 1 * (+1) + 0.5 * (-1) = -1.5
        assertEquals(Math.round(ONE / (1 + Math.exp(1.5))), x.refine(half, codes, 0, 2));
        // a model probability of 3/4 moves in logit space: ln 3 + 2
        assertEquals(Math.round(ONE / (1 + Math.exp(-(Math.log(3) + 2)))), x.refine(3 * ONE / 4, codes, 0, 1));
        // offsets into a row and clamping away from 0 and 1
        float[] row = {0f, 0f, 0f, -1f, 1f, 1f};
        assertEquals(Math.round(ONE / (1 + Math.exp(2))), x.refine(half, row, 3, 1));
        double[] big = new double[b * b];
        big[1] = 100;
        assertEquals(ONE - 1, new CrossChannel(big, b).refine(half, codes, 0, 1));
        assertEquals(1, new CrossChannel(big, b).refine(half, new float[]{-1f, 0f, 0f}, 0, 1));
    }

    @Test
    void weightsMustMatchTheCodeCount() {
        assertThrows(IllegalArgumentException.class, () -> new CrossChannel(new double[8], 3));
    }
}

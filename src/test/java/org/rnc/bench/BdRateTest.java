package org.rnc.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class BdRateTest {
    // a JPEG-like curve: bpp and PSNR of 6 settings
    static final double[] RATE = {0.18, 0.31, 0.52, 0.83, 1.30, 2.10};
    static final double[] PSNR = {24.1, 26.9, 29.4, 31.8, 34.0, 36.7};

    static double[] scaled(double[] r, double f) {
        return Arrays.stream(r).map(v -> v * f).toArray();
    }

    @Test
    void aCurveAgainstItselfIsZero() {
        assertEquals(0.0, BdRate.percent(RATE, PSNR, RATE, PSNR), 1e-12);
    }

    @Test
    void everyRateTimesPointNineIsMinusTenPercent() {
        assertEquals(-10.0, BdRate.percent(RATE, PSNR, scaled(RATE, 0.9), PSNR), 1e-9);
        assertEquals(10.0, BdRate.percent(RATE, PSNR, scaled(RATE, 1.1), PSNR), 1e-9);
        // and symmetric in the sense exp(-d) - 1
        assertEquals((1 / 0.9 - 1) * 100, BdRate.percent(scaled(RATE, 0.9), PSNR, RATE, PSNR), 1e-9);
    }

    @Test
    void onlyTheOverlappingQualityRangeCounts() {
        // reference: log R = 0.2 q - 7 for q in 30..40 (7 points). Test: log R = reference + k (q - 35), measured
        // on 32..44, so they share q in 32..40 where the mean of k (q - 35) is k (36 - 35) = k; both are exactly
        // cubic (linear), so the fit is exact: BD-rate = exp(k) - 1.
        double k = 0.05;
        double[] q1 = {30, 31.5, 33, 35, 36, 38, 40}, q2 = {32, 34, 36, 38, 40, 42, 44};
        double[] r1 = Arrays.stream(q1).map(q -> Math.exp(0.2 * q - 7)).toArray();
        double[] r2 = Arrays.stream(q2).map(q -> Math.exp(0.2 * q - 7 + k * (q - 35))).toArray();
        assertEquals((Math.exp(k) - 1) * 100, BdRate.percent(r1, q1, r2, q2), 1e-9);
    }

    @Test
    void cubicDataIsFittedExactly() {
        double[] q = {20, 22, 25, 27, 30, 31, 35, 38};
        double[] lr = Arrays.stream(q).map(v -> 0.001 * Math.pow(v - 28, 3) - 0.02 * Math.pow(v - 28, 2) + 0.15 * v - 4).toArray();
        double[] r = Arrays.stream(lr).map(Math::exp).toArray();
        BdRate.Fit fit = BdRate.Fit.of(r, q);
        // the integral of the fit equals the integral of the cubic, done by hand-derived antiderivative
        java.util.function.DoubleUnaryOperator anti = v -> 0.001 * Math.pow(v - 28, 4) / 4 - 0.02 * Math.pow(v - 28, 3) / 3
                + 0.075 * v * v - 4 * v;
        assertEquals(anti.applyAsDouble(33) - anti.applyAsDouble(21), fit.integral(21, 33), 1e-9);
    }

    @Test
    void undefinedWithFewerThanFourPointsOrNoOverlap() {
        double[] r3 = {0.2, 0.4, 0.8}, q3 = {25, 28, 31};
        assertTrue(Double.isNaN(BdRate.percent(RATE, PSNR, r3, q3)));
        assertTrue(BdRate.undefinedReason(RATE, PSNR, r3, q3).contains("fewer than 4"));
        double[] low = {14, 15, 16, 17, 18, 19};
        assertTrue(Double.isNaN(BdRate.percent(RATE, PSNR, RATE, low)));
        assertTrue(BdRate.undefinedReason(RATE, PSNR, RATE, low).contains("do not overlap"));
        // non-finite points (a lossless PSNR) are ignored, not fatal
        double[] q = PSNR.clone();
        double[] r = Arrays.copyOf(RATE, RATE.length + 1), qq = Arrays.copyOf(q, q.length + 1);
        r[RATE.length] = 12;
        qq[RATE.length] = Double.POSITIVE_INFINITY;
        assertEquals(0.0, BdRate.percent(RATE, PSNR, r, qq), 1e-12);
    }

    @Test
    void leastSquaresSolvesAnOverdeterminedSystem() {
        // y = 1 + 2t fitted with noise-free data and an extra column of t^2: coefficients 1, 2, 0
        double[][] a = {{1, -1, 1}, {1, 0, 0}, {1, 1, 1}, {1, 2, 4}};
        double[] b = {-1, 1, 3, 5};
        assertArrayEquals(new double[]{1, 2, 0}, BdRate.leastSquares(a, b), 1e-12);
    }
}

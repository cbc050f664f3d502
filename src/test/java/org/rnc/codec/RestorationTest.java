package org.rnc.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.rnc.format.RncFormatException;

/** The restoration filter's arithmetic (normative: every reader must compute the same pixels) and its fit. */
class RestorationTest {

    /** A grey filter with one weight: w = 64 (0.5) on offset (0, 1), by hand. */
    @Test
    void appliesTheSpecifiedIntegerFormula() {
        int[][] w = {new int[12]};
        w[0][0] = 64;
        Restoration f = Restoration.of(w);
        // one row 10 10 30 30: terms p(x+1) + p(x-1) - 2p(x), clamped at the ends
        //   x=0: 10 + 10 - 20 = 0; x=1: 30 + 10 - 20 = 20; x=2: 30 + 10 - 60 = -20; x=3: 30 + 30 - 60 = 0
        // out = p + ((64 t + 64) >> 7): 10, 10 + (1344 >> 7) = 20, 30 + (-1216 >> 7) = 30 - 10 = 20, 30
        int[][] out = f.apply(new int[][]{{10, 10, 30, 30}}, 4, 1);
        assertArrayEquals(new int[]{10, 20, 20, 30}, out[0]);
        // halves round up: row 1 0 has t = -1 at x=0, (-64 + 64) >> 7 = 0, and t = +1 at x=1, (64 + 64) >> 7 = 1
        assertArrayEquals(new int[]{1, 1}, f.apply(new int[][]{{1, 0}}, 2, 1)[0]);
    }

    @Test
    void crossPlaneWeightsReadTheOtherPlanesInOrder() {
        int[][] w = new int[3][14];
        w[1][12] = 64; // plane G, first other plane: R
        w[2][13] = -128; // plane B, second other plane: G
        int[][] out = Restoration.of(w).apply(new int[][]{{100}, {50}, {20}}, 1, 1);
        assertEquals(100, out[0][0]);
        assertEquals(75, out[1][0]); // 50 + ((64 * (100 - 50) + 64) >> 7) = 50 + 25
        assertEquals(0, out[2][0]); // 20 + ((-128 * (50 - 20) + 64) >> 7) = 20 - 30, clamped to 0
    }

    @Test
    void payloadRoundTripsAndBadOnesAreRefused() throws RncFormatException {
        Random r = new Random(3);
        int[][] w = new int[3][14];
        for (int[] p : w) for (int k = 0; k < p.length; k++) p[k] = r.nextInt(256) - 128;
        Restoration f = Restoration.of(w);
        byte[] payload = f.payload();
        assertEquals(1 + 3 * 14, payload.length);
        assertArrayEquals(payload, Restoration.parse(payload, 3).payload());
        assertThrows(RncFormatException.class, () -> Restoration.parse(payload, 1));
        assertThrows(RncFormatException.class, () -> Restoration.parse(new byte[0], 3));
        byte[] later = payload.clone();
        later[0] = 2;
        assertNull(Restoration.parse(later, 3), "a kind from a later release is ignored, not an error");
        assertThrows(IllegalArgumentException.class, () -> Restoration.of(new int[][]{{200, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}}));
    }

    /** A picture blurred by a known filter's inverse problem: the fit finds weights that bring it back. */
    @Test
    void fitRecoversAKnownFilterAndPredictsItsError() {
        Random r = new Random(11);
        int w = 96, h = 64;
        int[][] decoded = new int[3][w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < 3; c++)
                    decoded[c][y * w + x] = Math.max(0, Math.min(255, 128 + (int) (60 * Math.sin(x / (3.0 + c) + y / 5.0))
                            + r.nextInt(41) - 20));
        int[][] truth = new int[3][14];
        for (int[] p : truth) for (int k = 0; k < 14; k++) p[k] = r.nextInt(21) - 10;
        int[][] original = Restoration.of(truth).apply(decoded, w, h);
        Restoration.Fit fit = new Restoration.Fit(3);
        fit.add(decoded, original, w, h, w, h);
        Restoration f = fit.solve();
        byte[] got = f.payload(), want = Restoration.of(truth).payload();
        for (int i = 1; i < got.length; i++) assertTrue(Math.abs(got[i] - want[i]) <= 1, "weight " + i + ": " + got[i] + " vs " + want[i]);
        double actual = sse(f.apply(decoded, w, h), original);
        assertTrue(actual < fit.sse() / 20, actual + " left of " + fit.sse());
        // the prediction ignores only the rounding to integers (at most half a level a sample) and the clamping
        assertEquals(actual, fit.predictedSse(f), 0.5 * 3 * w * h);
    }

    @Test
    void aFlatPictureFitsToNothing() {
        int[][] flat = {new int[32 * 32]};
        java.util.Arrays.fill(flat[0], 77);
        Restoration.Fit fit = new Restoration.Fit(1);
        fit.add(flat, flat, 32, 32, 32, 32);
        Restoration f = fit.solve();
        for (int i = 1; i < f.payload().length; i++) assertEquals(0, f.payload()[i]);
        assertEquals(0, fit.sse());
        assertTrue(!new Restoration.Fitted(f, fit.sse(), fit.predictedSse(f)).pays(1000));
    }

    private static double sse(int[][] a, int[][] b) {
        double s = 0;
        for (int p = 0; p < a.length; p++)
            for (int i = 0; i < a[p].length; i++) s += (a[p][i] - b[p][i]) * (double) (a[p][i] - b[p][i]);
        return s;
    }
}

package org.rnc.studio;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class LossSeriesTest {

    @Test
    void keepsEveryPointUntilFull() {
        LossSeries s = new LossSeries("l", 8);
        assertTrue(s.isEmpty());
        assertTrue(Double.isNaN(s.last()));
        for (int i = 1; i <= 5; i++) s.add(i, 10 * i);
        double[][] xy = s.snapshot();
        assertArrayEquals(new double[]{1, 2, 3, 4, 5}, xy[0]);
        assertArrayEquals(new double[]{10, 20, 30, 40, 50}, xy[1]);
        assertEquals(50, s.last());
        s.add(Double.NaN, 1);
        assertEquals(5, s.count(), "non-finite points are dropped");
    }

    @Test
    void mergesPairwiseWhenFullSoTheWholeHistoryStays() {
        LossSeries s = new LossSeries("l", 8);
        for (int i = 1; i <= 1000; i++) s.add(i, i);
        double[][] xy = s.snapshot();
        assertTrue(xy[0].length <= 9, "at most capacity + 1 partial point: " + xy[0].length);
        assertTrue(xy[0].length >= 4);
        assertEquals(1000, s.count());
        // averages of consecutive runs of points: x equals y and the span covers the history
        for (int i = 0; i < xy[0].length; i++) assertEquals(xy[0][i], xy[1][i], 1e-9);
        assertTrue(xy[0][0] < 100, "first point " + xy[0][0]);
        assertTrue(xy[0][xy[0].length - 1] > 900, "last point " + xy[0][xy[0].length - 1]);
        for (int i = 1; i < xy[0].length; i++) assertTrue(xy[0][i] > xy[0][i - 1]);
    }
}

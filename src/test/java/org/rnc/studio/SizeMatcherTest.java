package org.rnc.studio;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SizeMatcherTest {

    /** A codec whose size grows as 100 + 1000 p^2 bytes. */
    static long size(double p) { return Math.round(100 + 1000 * p * p); }

    @Test
    void bisectsToTheNearestSizeAndKeepsEveryProbe() throws Exception {
        List<Double> tried = new ArrayList<>();
        SizeMatcher.Match<Long> m = SizeMatcher.match(p -> {
            tried.add(p);
            return size(p);
        }, v -> v, 0, 1, false, 600, 12, () -> false);
        assertEquals(600, m.best().bytes(), 3);
        assertEquals(Math.sqrt(0.5), m.best().parameter(), 0.01);
        assertEquals(tried.size(), m.probes().size());
        assertTrue(tried.size() <= 12);
        assertEquals(0.0, tried.get(0));
        assertEquals(1.0, tried.get(1));
    }

    @Test
    void logScaleAndRangeEnds() throws Exception {
        SizeMatcher.Match<Long> m = SizeMatcher.match(p -> Math.round(1000 * p), v -> v, 0.01, 8, true, 250, 20, () -> false);
        assertEquals(250, m.best().bytes(), 2);
        // even the lowest setting is larger than the target: that end is the answer, after one probe
        SizeMatcher.Match<Long> low = SizeMatcher.match(SizeMatcherTest::size, v -> v, 0, 1, false, 50, 10, () -> false);
        assertEquals(1, low.probes().size());
        assertEquals(100, low.best().bytes());
        // the highest is smaller: two probes
        SizeMatcher.Match<Long> high = SizeMatcher.match(SizeMatcherTest::size, v -> v, 0, 1, false, 5000, 10, () -> false);
        assertEquals(2, high.probes().size());
        assertEquals(1100, high.best().bytes());
    }

    @Test
    void settingsTooLowToEncodeMoveTheSearchUp() throws Exception {
        // below 0.3 the codec refuses (as JPEG 2000 does under its header overhead)
        SizeMatcher.Match<Long> m = SizeMatcher.match(p -> {
            if (p < 0.3) throw new java.io.IOException("target bitrate too low");
            return size(p);
        }, v -> v, 0, 1, false, 400, 12, () -> false);
        assertEquals(400, m.best().bytes(), 15);
        assertTrue(m.probes().stream().allMatch(p -> p.parameter() >= 0.3));
        assertThrows(java.io.IOException.class, () -> SizeMatcher.match(p -> {
            throw new java.io.IOException("never");
        }, (Long v) -> v, 0, 1, false, 400, 5, () -> false));
    }

    @Test
    void stopEndsTheSearchAndTiesPreferTheSmallerFile() throws Exception {
        SizeMatcher.Match<Long> m = SizeMatcher.match(SizeMatcherTest::size, v -> v, 0, 1, false, 600, 10, () -> true);
        assertTrue(m.probes().isEmpty());
        assertNull(m.best());
        int[] calls = {0};
        SizeMatcher.Match<Long> two = SizeMatcher.match(p -> {
            calls[0]++;
            return size(p);
        }, v -> v, 0, 1, false, 600, 10, () -> calls[0] >= 2);
        assertEquals(2, two.probes().size(), "stops after the probe that asked");
        List<SizeMatcher.Probe<Long>> ps = List.of(new SizeMatcher.Probe<>(0.6, 110, 110L), new SizeMatcher.Probe<>(0.4, 90, 90L));
        assertEquals(90, SizeMatcher.best(ps, 100).bytes());
        assertThrows(IllegalArgumentException.class, () -> SizeMatcher.match(p -> 1L, v -> v, 1, 1, false, 5, 5, () -> false));
    }
}

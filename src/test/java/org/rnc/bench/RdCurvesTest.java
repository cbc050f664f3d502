package org.rnc.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RdCurvesTest {

    @Test
    void interpolationIsLinearInLogBpp() {
        double[] bpp = {0.25, 1.0}, q = {30, 40};
        // 0.5 is the midpoint of 0.25 and 1.0 in log(bpp): 35 (linear in bpp would give 33.33)
        assertEquals(35.0, RdCurves.interpolate(bpp, q, 0.5), 1e-12);
        double t = Math.log(0.75 / 0.25) / Math.log(4);
        assertEquals(30 + 10 * t, RdCurves.interpolate(bpp, q, 0.75), 1e-12);
    }

    @Test
    void measuredPointsAreExactAndNothingIsExtrapolated() {
        double[] bpp = {1.0, 0.25, 0.5}, q = {40, 30, 36}; // any order
        assertEquals(36.0, RdCurves.interpolate(bpp, q, 0.5), 0);
        assertEquals(30.0, RdCurves.interpolate(bpp, q, 0.25), 0);
        assertEquals(40.0, RdCurves.interpolate(bpp, q, 1.0), 0);
        assertTrue(Double.isNaN(RdCurves.interpolate(bpp, q, 0.2)));
        assertTrue(Double.isNaN(RdCurves.interpolate(bpp, q, 1.01)));
        assertTrue(Double.isNaN(RdCurves.interpolate(new double[0], new double[0], 0.5)));
        // equal rates are averaged
        assertEquals(31.0, RdCurves.interpolate(new double[]{0.25, 0.25, 1.0}, new double[]{30, 32, 40}, 0.25), 1e-12);
    }

    static BenchPoint pt(String codec, String image, double bpp, double psnr) {
        return new BenchPoint(codec, "s" + bpp, image, Math.round(bpp * 1000), bpp, psnr, 0.9, 1, 1);
    }

    @Test
    void theMeanNeedsEveryImage() {
        List<BenchPoint> pts = List.of(pt("jpeg", "a", 0.25, 30), pt("jpeg", "a", 1.0, 40),
                pt("jpeg", "b", 0.25, 20), pt("jpeg", "b", 0.5, 24));
        Map<String, List<BenchPoint>> curves = RdCurves.byImage(pts, "jpeg");
        RdCurves.Mean m = RdCurves.mean(curves, List.of("a", "b"), BenchPoint::psnr, 0.5);
        assertEquals((35 + 24) / 2.0, m.mean(), 1e-12);
        assertEquals(2, m.covered());
        RdCurves.Mean partial = RdCurves.mean(curves, List.of("a", "b"), BenchPoint::psnr, 0.75);
        assertFalse(partial.defined(), "b's curve stops at 0.5 bpp");
        assertEquals(1, partial.covered());
        RdCurves.Mean missing = RdCurves.mean(curves, List.of("a", "b", "c"), BenchPoint::psnr, 0.5);
        assertFalse(missing.defined(), "no curve at all for c");
    }

    @Test
    void meanCurveKeepsOnlyCoveredGridPoints() {
        List<BenchPoint> pts = List.of(pt("webp", "a", 0.25, 30), pt("webp", "a", 1.0, 40));
        double[][] c = RdCurves.meanCurve(RdCurves.byImage(pts, "webp"), List.of("a"), BenchPoint::psnr,
                new double[]{0.1, 0.25, 0.5, 1.0, 2.0});
        assertArrayEquals(new double[]{0.25, 0.5, 1.0}, c[0], 1e-12);
        assertArrayEquals(new double[]{30, 35, 40}, c[1], 1e-12);
        double[] g = RdCurves.logGrid(0.125, 2, 5);
        assertArrayEquals(new double[]{0.125, 0.25, 0.5, 1, 2}, g, 1e-12);
    }
}

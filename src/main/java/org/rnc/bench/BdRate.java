package org.rnc.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Bjontegaard-delta rate (G. Bjontegaard, VCEG-M33, 2001): fit log(rate) of each curve as a cubic polynomial
 * of quality (least squares over all of its points), integrate both fits over the quality interval the two
 * curves share, and turn the mean difference of log(rate) into a percentage:
 * {@code BD-rate = (exp((int_test - int_ref) / (hi - lo)) - 1) * 100}. Negative means the test codec needs
 * fewer bits than the reference for the same quality. Quality is PSNR in dB, or MS-SSIM in dB
 * ({@code -10 log10(1 - MS-SSIM)}). Points with a non-finite rate or quality are ignored; NaN when a curve
 * has fewer than four usable points of distinct quality or the curves' quality ranges do not overlap.
 */
public final class BdRate {
    private BdRate() {}

    /** BD-rate in percent of the test curve against the reference curve. */
    public static double percent(double[] refRate, double[] refQuality, double[] testRate, double[] testQuality) {
        Fit ref = Fit.of(refRate, refQuality), test = Fit.of(testRate, testQuality);
        if (ref == null || test == null) return Double.NaN;
        double lo = Math.max(ref.minQ, test.minQ), hi = Math.min(ref.maxQ, test.maxQ);
        if (!(hi > lo)) return Double.NaN;
        double avgDiff = (test.integral(lo, hi) - ref.integral(lo, hi)) / (hi - lo);
        return (Math.exp(avgDiff) - 1) * 100;
    }

    /** Why {@link #percent} is NaN for these curves, or null when it is defined. */
    public static String undefinedReason(double[] refRate, double[] refQuality, double[] testRate, double[] testQuality) {
        Fit ref = Fit.of(refRate, refQuality), test = Fit.of(testRate, testQuality);
        if (ref == null) return "the reference curve has fewer than 4 usable points";
        if (test == null) return "the curve has fewer than 4 usable points";
        double lo = Math.max(ref.minQ, test.minQ), hi = Math.min(ref.maxQ, test.maxQ);
        if (!(hi > lo))
            return String.format(java.util.Locale.ROOT, "quality ranges do not overlap (this codec %.2f..%.2f, reference %.2f..%.2f)",
                    test.minQ, test.maxQ, ref.minQ, ref.maxQ);
        return null;
    }

    /** Least-squares cubic log(rate) = p(t), t = (quality - centre) / scale for conditioning. */
    static final class Fit {
        final double[] coef; // p(t) = c0 + c1 t + c2 t^2 + c3 t^3
        final double centre, scale, minQ, maxQ;

        private Fit(double[] coef, double centre, double scale, double minQ, double maxQ) {
            this.coef = coef;
            this.centre = centre;
            this.scale = scale;
            this.minQ = minQ;
            this.maxQ = maxQ;
        }

        static Fit of(double[] rate, double[] quality) {
            if (rate.length != quality.length) throw new IllegalArgumentException("rate and quality lengths differ");
            List<double[]> pts = new ArrayList<>();
            for (int i = 0; i < rate.length; i++)
                if (rate[i] > 0 && Double.isFinite(rate[i]) && Double.isFinite(quality[i]))
                    pts.add(new double[]{quality[i], Math.log(rate[i])});
            if (pts.stream().mapToDouble(p -> p[0]).distinct().count() < 4) return null;
            double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, mean = 0;
            for (double[] p : pts) {
                min = Math.min(min, p[0]);
                max = Math.max(max, p[0]);
                mean += p[0];
            }
            mean /= pts.size();
            double scale = (max - min) / 2;
            double[][] a = new double[pts.size()][4];
            double[] b = new double[pts.size()];
            for (int i = 0; i < pts.size(); i++) {
                double t = (pts.get(i)[0] - mean) / scale;
                a[i] = new double[]{1, t, t * t, t * t * t};
                b[i] = pts.get(i)[1];
            }
            return new Fit(leastSquares(a, b), mean, scale, min, max);
        }

        /** Integral of the fitted log(rate) over quality from lo to hi. */
        double integral(double lo, double hi) {
            return scale * (antiderivative((hi - centre) / scale) - antiderivative((lo - centre) / scale));
        }

        private double antiderivative(double t) {
            return t * (coef[0] + t * (coef[1] / 2 + t * (coef[2] / 3 + t * coef[3] / 4)));
        }
    }

    /** Least squares by Householder QR: the x minimising |a x - b|, a being m x n with m >= n, full rank. */
    static double[] leastSquares(double[][] a0, double[] b0) {
        int m = a0.length, n = a0[0].length;
        double[][] a = new double[m][];
        for (int i = 0; i < m; i++) a[i] = a0[i].clone();
        double[] b = b0.clone();
        for (int k = 0; k < n; k++) {
            double norm = 0;
            for (int i = k; i < m; i++) norm = Math.hypot(norm, a[i][k]);
            if (norm == 0) throw new IllegalArgumentException("rank-deficient fit");
            double alpha = a[k][k] > 0 ? -norm : norm;
            double[] v = new double[m];
            for (int i = k; i < m; i++) v[i] = a[i][k];
            v[k] -= alpha;
            double vv = 0;
            for (int i = k; i < m; i++) vv += v[i] * v[i];
            if (vv == 0) continue;
            for (int j = k; j < n; j++) {
                double s = 0;
                for (int i = k; i < m; i++) s += v[i] * a[i][j];
                s = 2 * s / vv;
                for (int i = k; i < m; i++) a[i][j] -= s * v[i];
            }
            double s = 0;
            for (int i = k; i < m; i++) s += v[i] * b[i];
            s = 2 * s / vv;
            for (int i = k; i < m; i++) b[i] -= s * v[i];
        }
        double[] x = new double[n];
        for (int k = n - 1; k >= 0; k--) {
            double s = b[k];
            for (int j = k + 1; j < n; j++) s -= a[k][j] * x[j];
            if (Math.abs(a[k][k]) < 1e-12) throw new IllegalArgumentException("rank-deficient fit");
            x[k] = s / a[k][k];
        }
        return x;
    }
}

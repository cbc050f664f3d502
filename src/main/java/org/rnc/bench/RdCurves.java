package org.rnc.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Rate-distortion curves: one image's curve is its points sorted by bpp; a value at a bpp between two
 * measured points is interpolated linearly in log(bpp). Nothing is extrapolated: outside a curve's measured
 * range the value is NaN. A mean curve averages, at each bpp, the interpolated values of every image, and is
 * defined only where every image's curve reaches that bpp (so a mean never mixes different sets of images).
 */
public final class RdCurves {
    private RdCurves() {}

    /** A mean over images at one bpp; {@code mean} is NaN unless {@code covered == images}. */
    public record Mean(double mean, int covered, int images) {
        public boolean defined() { return !Double.isNaN(mean); }
    }

    /**
     * Value at {@code at} bpp on the curve through (bpp[i], value[i]) (any order), linear in log(bpp);
     * NaN outside [min bpp, max bpp] or where the bracketing values are not finite. Points of equal bpp are
     * averaged first.
     */
    public static double interpolate(double[] bpp, double[] value, double at) {
        if (bpp.length != value.length) throw new IllegalArgumentException("bpp and value lengths differ");
        if (!(at > 0) || bpp.length == 0) return Double.NaN;
        double[][] c = sortedUnique(bpp, value);
        double[] x = c[0], y = c[1];
        int n = x.length;
        if (n == 0 || at < x[0] || at > x[n - 1]) return Double.NaN;
        int i = Arrays.binarySearch(x, at);
        if (i >= 0) return y[i];
        int hi = -i - 1, lo = hi - 1;
        double t = (Math.log(at) - Math.log(x[lo])) / (Math.log(x[hi]) - Math.log(x[lo]));
        double v = y[lo] + t * (y[hi] - y[lo]);
        return Double.isFinite(y[lo]) && Double.isFinite(y[hi]) ? v : Double.NaN;
    }

    /** Sorted by bpp, positive bpp only, equal bpp averaged. */
    static double[][] sortedUnique(double[] bpp, double[] value) {
        Integer[] idx = new Integer[bpp.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, Comparator.comparingDouble(i -> bpp[i]));
        List<double[]> out = new ArrayList<>();
        for (int k = 0; k < idx.length; ) {
            int i = idx[k];
            if (!(bpp[i] > 0) || Double.isNaN(bpp[i]) || Double.isInfinite(bpp[i])) {
                k++;
                continue;
            }
            double sum = 0;
            int cnt = 0, j = k;
            while (j < idx.length && bpp[idx[j]] == bpp[i]) {
                sum += value[idx[j]];
                cnt++;
                j++;
            }
            out.add(new double[]{bpp[i], sum / cnt});
            k = j;
        }
        double[][] r = new double[2][out.size()];
        for (int i = 0; i < out.size(); i++) {
            r[0][i] = out.get(i)[0];
            r[1][i] = out.get(i)[1];
        }
        return r;
    }

    /** Points of one codec grouped by image, images in first-seen order. */
    public static Map<String, List<BenchPoint>> byImage(List<BenchPoint> points, String codec) {
        Map<String, List<BenchPoint>> m = new LinkedHashMap<>();
        for (BenchPoint p : points)
            if (p.codec().equals(codec)) m.computeIfAbsent(p.image(), k -> new ArrayList<>()).add(p);
        return m;
    }

    /** One image's curve value at {@code at} bpp for a metric. */
    public static double at(List<BenchPoint> curve, ToDoubleFunction<BenchPoint> metric, double at) {
        double[] b = new double[curve.size()], v = new double[curve.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = curve.get(i).bpp();
            v[i] = metric.applyAsDouble(curve.get(i));
        }
        return interpolate(b, v, at);
    }

    /**
     * Mean over {@code images} of each image's interpolated value at {@code at}; defined only when every one
     * of the images has a curve of this codec reaching {@code at}.
     */
    public static Mean mean(Map<String, List<BenchPoint>> curves, List<String> images,
                            ToDoubleFunction<BenchPoint> metric, double at) {
        double sum = 0;
        int covered = 0;
        for (String img : images) {
            List<BenchPoint> c = curves.get(img);
            if (c == null) continue;
            double v = at(c, metric, at);
            if (Double.isFinite(v)) {
                sum += v;
                covered++;
            }
        }
        int n = images.size();
        return new Mean(covered == n && n > 0 ? sum / n : Double.NaN, covered, n);
    }

    /** The mean curve sampled at {@code grid} bpp values: only the defined samples, as {bpp[], value[]}. */
    public static double[][] meanCurve(Map<String, List<BenchPoint>> curves, List<String> images,
                                       ToDoubleFunction<BenchPoint> metric, double[] grid) {
        TreeMap<Double, Double> m = new TreeMap<>();
        for (double g : grid) {
            Mean v = mean(curves, images, metric, g);
            if (v.defined()) m.put(g, v.mean());
        }
        double[][] r = new double[2][m.size()];
        int i = 0;
        for (Map.Entry<Double, Double> e : m.entrySet()) {
            r[0][i] = e.getKey();
            r[1][i++] = e.getValue();
        }
        return r;
    }

    /** {@code n} bpp values evenly spaced in log(bpp) from {@code lo} to {@code hi}, both included. */
    public static double[] logGrid(double lo, double hi, int n) {
        double[] g = new double[n];
        for (int i = 0; i < n; i++) g[i] = Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * i / (n - 1));
        g[0] = lo;
        g[n - 1] = hi;
        return g;
    }
}

package org.rnc.studio;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the setting of a codec whose file is nearest a target size, by bisection over one parameter that
 * the file size grows with (JPEG and WebP quality, JPEG 2000 target rate). Every probe is kept: they are
 * points of the codec's rate-distortion curve for free.
 */
public final class SizeMatcher {
    private SizeMatcher() {}

    /** Encodes at parameter {@code p}, giving the file's size (and whatever else the caller keeps). */
    public interface Encoder<T> {
        T encode(double p) throws IOException;
    }

    public record Probe<T>(double parameter, long bytes, T value) {}

    public record Match<T>(Probe<T> best, List<Probe<T>> probes) {}

    /**
     * Bisection on {@code [lo, hi]} ({@code logScale}: on log p) for at most {@code maxProbes} encodes. The
     * best probe is the one nearest {@code targetBytes}; of two equally near, the smaller file. When even
     * {@code lo} is larger than the target (or {@code hi} smaller), that end is the answer. A setting that
     * fails to encode counts as too low (the search moves up); the best is null only when stopped first.
     */
    public static <T> Match<T> match(Encoder<T> enc, java.util.function.ToLongFunction<T> size, double lo, double hi,
                                     boolean logScale, long targetBytes, int maxProbes,
                                     java.util.function.BooleanSupplier stop) throws IOException {
        if (!(lo < hi)) throw new IllegalArgumentException("empty range " + lo + " .. " + hi);
        if (logScale && lo <= 0) throw new IllegalArgumentException("log scale needs lo > 0");
        List<Probe<T>> probes = new ArrayList<>();
        double a = logScale ? Math.log(lo) : lo, b = logScale ? Math.log(hi) : hi;
        int tries = 0;
        IOException lastFailure = null;
        // the low end first: a setting too low for the codec to write at all (JPEG 2000 below its header
        // overhead) fails, and the search moves up
        Probe<T> pa = null;
        while (pa == null && tries < maxProbes && !stop.getAsBoolean()) {
            tries++;
            try {
                pa = probe(enc, size, logScale ? Math.exp(a) : a, probes);
            } catch (IOException | RuntimeException e) {
                lastFailure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
                a = (a + b) / 2;
            }
        }
        if (pa == null) {
            if (lastFailure != null && !stop.getAsBoolean()) throw lastFailure;
            return new Match<>(null, probes);
        }
        if (pa.bytes() >= targetBytes || tries >= maxProbes || stop.getAsBoolean()) return new Match<>(best(probes, targetBytes), probes);
        tries++;
        Probe<T> pb = probe(enc, size, logScale ? Math.exp(b) : b, probes);
        if (pb.bytes() <= targetBytes) return new Match<>(best(probes, targetBytes), probes);
        while (tries < maxProbes && !stop.getAsBoolean()) {
            tries++;
            double m = (a + b) / 2;
            Probe<T> pm;
            try {
                pm = probe(enc, size, logScale ? Math.exp(m) : m, probes);
            } catch (IOException | RuntimeException e) {
                a = m; // as at the low end: too low to write
                continue;
            }
            if (pm.bytes() == targetBytes) break;
            if (pm.bytes() < targetBytes) a = m;
            else b = m;
        }
        return new Match<>(best(probes, targetBytes), probes);
    }

    private static <T> Probe<T> probe(Encoder<T> enc, java.util.function.ToLongFunction<T> size, double p,
                                      List<Probe<T>> probes) throws IOException {
        T v = enc.encode(p);
        Probe<T> pr = new Probe<>(p, size.applyAsLong(v), v);
        probes.add(pr);
        return pr;
    }

    static <T> Probe<T> best(List<Probe<T>> probes, long target) {
        Probe<T> best = null;
        for (Probe<T> p : probes) {
            if (best == null) {
                best = p;
                continue;
            }
            long d = Math.abs(p.bytes() - target), bd = Math.abs(best.bytes() - target);
            if (d < bd || d == bd && p.bytes() < best.bytes()) best = p;
        }
        return best;
    }
}

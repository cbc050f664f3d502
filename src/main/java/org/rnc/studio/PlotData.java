package org.rnc.studio;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the Plots tab draws: every training run's loss series (live objects, still growing while a run
 * goes) and every comparison's rate-distortion curves, by image. Thread-safe.
 */
public final class PlotData {
    private final List<LossSeries> losses = new CopyOnWriteArrayList<>();
    private final Map<String, Map<String, List<CompareJob.Point>>> rd = new LinkedHashMap<>();
    private final AtomicLong version = new AtomicLong();

    public void addLoss(LossSeries s) {
        if (!losses.contains(s)) losses.add(s);
        version.incrementAndGet();
    }

    public List<LossSeries> losses() { return List.copyOf(losses); }

    /** Replaces the curves of {@code image} (a comparison made again replaces the earlier one). */
    public synchronized void putRd(String image, Map<String, List<CompareJob.Point>> curves) {
        Map<String, List<CompareJob.Point>> copy = new LinkedHashMap<>();
        curves.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        rd.remove(image);
        rd.put(image, copy);
        version.incrementAndGet();
    }

    public synchronized List<String> rdImages() { return new ArrayList<>(rd.keySet()); }

    public synchronized Map<String, List<CompareJob.Point>> rd(String image) {
        Map<String, List<CompareJob.Point>> m = rd.get(image);
        return m == null ? Map.of() : m;
    }

    /** Changes when a series or a curve set is added (not when a series grows: compare its count). */
    public long version() { return version.get(); }

    /** A number that changes whenever anything drawn changes, growing series included. */
    public long fingerprint() {
        long f = version.get() * 1_000_003L;
        for (LossSeries s : losses) f = f * 31 + s.count();
        return f;
    }
}

package org.rnc.studio;

import java.util.Arrays;

/**
 * A loss curve filled in by a training thread while a view reads it. It keeps at most {@code capacity}
 * points: when full, neighbouring points are merged pairwise (x and y averaged), so a long run still
 * draws its whole history at a coarser step. Thread-safe.
 */
public final class LossSeries {
    private final String name;
    private final int capacity;
    private double[] x, y;
    private int n;
    /** Raw points merged into each stored point (a power of two) and the partial point being gathered. */
    private int per = 1, pending;
    private double px, py;
    private long total;

    public LossSeries(String name) {
        this(name, 2000);
    }

    public LossSeries(String name, int capacity) {
        if (capacity < 2) throw new IllegalArgumentException("capacity " + capacity);
        this.name = name;
        this.capacity = capacity;
        x = new double[capacity];
        y = new double[capacity];
    }

    public String name() { return name; }

    public synchronized void add(double xv, double yv) {
        if (!Double.isFinite(xv) || !Double.isFinite(yv)) return;
        total++;
        px += xv;
        py += yv;
        if (++pending < per) return;
        if (n == capacity) {
            for (int i = 0; i < capacity / 2; i++) {
                x[i] = (x[2 * i] + x[2 * i + 1]) / 2;
                y[i] = (y[2 * i] + y[2 * i + 1]) / 2;
            }
            n = capacity / 2;
            per *= 2;
            // the partial point stays partial until it holds the new number of raw points
            if (pending < per) return;
        }
        x[n] = px / pending;
        y[n] = py / pending;
        n++;
        px = py = 0;
        pending = 0;
    }

    /** Raw points added so far. */
    public synchronized long count() { return total; }

    public synchronized boolean isEmpty() { return n == 0 && pending == 0; }

    /** {x[], y[]} of the stored points plus the partial one. */
    public synchronized double[][] snapshot() {
        int m = n + (pending > 0 ? 1 : 0);
        double[] xs = Arrays.copyOf(x, m), ys = Arrays.copyOf(y, m);
        if (pending > 0) {
            xs[n] = px / pending;
            ys[n] = py / pending;
        }
        return new double[][]{xs, ys};
    }

    /** The most recent stored or partial y, NaN when empty. */
    public synchronized double last() {
        if (pending > 0) return py / pending;
        return n == 0 ? Double.NaN : y[n - 1];
    }
}

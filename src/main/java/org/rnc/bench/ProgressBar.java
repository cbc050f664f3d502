package org.rnc.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A text progress bar on a stream (stderr): redrawn in place four times a second on a terminal; when the
 * stream is not a terminal (a log file, CI), one line at each further tenth of the work instead.
 */
public final class ProgressBar implements AutoCloseable {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final long total;
    private final boolean terminal;
    private final AtomicLong done = new AtomicLong();
    private final Map<Thread, String> notes = new ConcurrentHashMap<>();
    private final long start = System.nanoTime();
    private final ScheduledExecutorService timer;
    private int lastTenth = -1;
    private String last = "";

    public ProgressBar(PrintStream out, long total, boolean terminal) {
        this.out = out;
        this.total = Math.max(1, total);
        this.terminal = terminal;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::draw, 0, terminal ? 250 : 1000, TimeUnit.MILLISECONDS);
    }

    /** Progress on a terminal when there is one. */
    public static ProgressBar onStderr(long total) {
        return new ProgressBar(System.err, total, System.console() != null);
    }

    public void advance(long units) {
        done.addAndGet(units);
    }

    /** What the calling thread is working on, shown after the bar (null: nothing). */
    public void note(String s) {
        if (s == null) notes.remove(Thread.currentThread());
        else notes.put(Thread.currentThread(), s);
    }

    public long done() { return done.get(); }

    static String render(long done, long total, double elapsedS, String note) {
        double f = Math.min(1, (double) done / total);
        int fill = (int) Math.round(f * WIDTH);
        String eta = done > 0 && done < total ? " ~" + clock(elapsedS * (total - done) / done) + " left" : "";
        return String.format(Locale.ROOT, "[%s%s] %3d%% %d/%d  %s elapsed%s%s", "#".repeat(fill), ".".repeat(WIDTH - fill),
                Math.round(f * 100), done, total, clock(elapsedS), eta, note.isEmpty() ? "" : "  " + note);
    }

    static String clock(double s) {
        long t = Math.round(s);
        return t >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60)
                : String.format(Locale.ROOT, "%d:%02d", t / 60, t % 60);
    }

    private synchronized void draw() {
        long d = done.get();
        String line = render(d, total, (System.nanoTime() - start) / 1e9, String.join(" | ", new TreeSet<>(notes.values())));
        if (terminal) {
            if (line.equals(last)) return;
            String pad = line.length() < last.length() ? " ".repeat(last.length() - line.length()) : "";
            out.print("\r" + line + pad);
            out.flush();
            last = line;
        } else {
            int tenth = (int) (10 * d / total);
            if (tenth == lastTenth) return;
            lastTenth = tenth;
            out.println(line);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        draw();
        if (terminal) out.println();
        out.flush();
    }
}

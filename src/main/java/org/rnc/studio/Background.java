package org.rnc.studio;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import javax.swing.SwingUtilities;

/**
 * The Studio's worker threads: long work never runs on the event thread. Each job has a stop action (set a
 * flag, abort a reader); its outcome is handed back on the event thread. Closing the window calls
 * {@link #shutdown(long)}: every job is asked to stop and is waited for a while.
 */
public final class Background {

    /** Work that returns a value and may be asked to stop. */
    public interface Work<T> {
        T run() throws Exception;
    }

    /** A running job. */
    public final class Job {
        private final String name;
        private final Runnable stopper;
        private volatile boolean finished;

        Job(String name, Runnable stopper) {
            this.name = name;
            this.stopper = stopper;
        }

        public String name() { return name; }

        public boolean finished() { return finished; }

        public void stop() {
            if (stopper != null && !finished) stopper.run();
        }
    }

    private final ExecutorService pool;
    private final Set<Job> running = ConcurrentHashMap.newKeySet();
    private final Object idle = new Object();
    private volatile boolean closed;

    public Background() {
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "rnc-studio-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs {@code work} on a worker thread; {@code onDone} gets its value and {@code onError} its failure, both
     * on the event thread, and {@code always} runs after either (any may be null).
     */
    public <T> Job submit(String name, Work<T> work, Runnable stopper, Consumer<T> onDone, Consumer<Throwable> onError,
                          Runnable always) {
        if (closed) throw new IllegalStateException("the Studio is closing");
        Job job = new Job(name, stopper);
        running.add(job);
        pool.execute(() -> {
            T value = null;
            Throwable failure = null;
            try {
                value = work.run();
            } catch (Throwable e) {
                failure = e;
            }
            T v = value;
            Throwable f = failure;
            SwingUtilities.invokeLater(() -> {
                try {
                    if (f == null) {
                        if (onDone != null) onDone.accept(v);
                    } else if (onError != null) {
                        onError.accept(f);
                    }
                } finally {
                    if (always != null) always.run();
                    finish(job);
                }
            });
        });
        return job;
    }

    private void finish(Job job) {
        job.finished = true;
        running.remove(job);
        synchronized (idle) {
            idle.notifyAll();
        }
    }

    public int runningCount() { return running.size(); }

    /** Asks every running job to stop. */
    public void stopAll() {
        for (Job j : running) j.stop();
    }

    /**
     * Waits until no job is running (their event-thread callbacks included); false on timeout. Not from the
     * event thread, which the callbacks need.
     */
    public boolean awaitIdle(long millis) throws InterruptedException {
        if (SwingUtilities.isEventDispatchThread()) throw new IllegalStateException("awaitIdle on the event thread");
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (idle) {
            while (!running.isEmpty()) {
                long left = end - System.nanoTime();
                if (left <= 0) return false;
                idle.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
        return true;
    }

    /** Stops every job, waits up to {@code millis} for them, then lets the threads go. True when all ended. */
    public boolean shutdown(long millis) throws InterruptedException {
        closed = true;
        stopAll();
        boolean clean = awaitIdle(millis);
        pool.shutdown();
        return clean;
    }
}

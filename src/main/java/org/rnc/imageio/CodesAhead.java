package org.rnc.imageio;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.rnc.entropy.IterationCoder;
import org.rnc.format.RncFileReader;
import org.rnc.format.RncFormatException;

/**
 * A file's iteration codes, entropy-decoded on another thread ahead of the pixel decoder: iteration t+1's codes
 * depend only on earlier codes, so they are ready while TensorFlow turns iteration t's codes into pixels. Results
 * are those of decoding in order on one thread (the coder is deterministic); only the time they take overlaps.
 */
final class CodesAhead implements AutoCloseable {
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "rnc-entropy-decode");
        t.setDaemon(true);
        return t;
    });

    private final CompletableFuture<?>[] codes;
    private volatile boolean closed;

    CodesAhead(IterationCoder coder, List<RncFileReader.Iteration> iterations, int count) {
        codes = new CompletableFuture<?>[count];
        for (int t = 0; t < count; t++) codes[t] = new CompletableFuture<float[]>();
        POOL.execute(() -> {
            for (int t = 0; t < count; t++) {
                if (closed) {
                    fail(t, new RncFormatException("decoding stopped"));
                    return;
                }
                try {
                    complete(t, coder.decode(iterations.get(t).data()));
                } catch (Throwable e) { // an Error too: the reader must not wait for codes that never come
                    fail(t, e);
                    return;
                }
            }
        });
    }

    @SuppressWarnings("unchecked")
    private void complete(int t, float[] c) {
        ((CompletableFuture<float[]>) codes[t]).complete(c);
    }

    /** Iteration t and every later one fail with e: each needs the codes of the ones before it. */
    private void fail(int t, Throwable e) {
        for (int i = t; i < codes.length; i++) codes[i].completeExceptionally(e);
    }

    /**
     * The codes of iteration t (0-based), waiting for them if need be.
     *
     * @throws RncFormatException the iteration's data is damaged (the caller keeps the iterations before it)
     * @throws InterruptedIOException the reading thread was interrupted (not damage: the read stops)
     */
    float[] get(int t) throws IOException {
        try {
            return (float[]) codes[t].get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RncFormatException f) throw f;
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while decoding");
        }
    }

    /**
     * Stops decoding further iterations (an abort, or a caller that needs no more); an iteration being decoded
     * finishes first.
     */
    @Override
    public void close() {
        closed = true;
    }
}

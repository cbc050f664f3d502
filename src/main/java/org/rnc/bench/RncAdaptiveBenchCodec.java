package org.rnc.bench;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import org.rnc.imageio.RncImageWriteParam;
import org.rnc.model.ModelRegistry;

/**
 * RNC with the spatially adaptive rate (format 3) at every iteration cap k = 1..N, as a writer with
 * {@link RncImageWriteParam#setAdaptiveRate} makes them: each block stops at the block PSNR target of its cap
 * ({@link RncImageWriteParam#blockTargetFor}). Caps that share a target come from one encode and one progressive read
 * (the stop rule is causal, so the first k iterations of a file capped at K are the file capped at k), so times are
 * cumulative up to iteration k, as for {@link RncBenchCodec}. {@code rnc-adaptive-nopost} is the same without the
 * learned post-filter ({@link RncImageWriteParam#setPostFilter}), {@code rnc-adaptive-nofilter} without it and without
 * the restoration filter ({@link RncImageWriteParam#setRestorationFilter}): the decoder network's own picture. None of
 * them searches codes (effort 0, the writer's default); {@link RncSearchBenchCodec} measures the search, one encode per
 * cap.
 */
public final class RncAdaptiveBenchCodec implements BenchCodec {
    private final int iterations;
    private final String model;
    private final boolean filter, post;

    public RncAdaptiveBenchCodec(int iterations, String model) {
        this(iterations, model, true, true);
    }

    /** {@code filter}: the restoration filter; {@code post}: the post-filter (only with the restoration filter). */
    public RncAdaptiveBenchCodec(int iterations, String model, boolean filter, boolean post) {
        if (iterations < 1 || iterations > 255) throw new IllegalArgumentException("iterations " + iterations);
        if (post && !filter) throw new IllegalArgumentException("the post-filter is measured with the restoration filter");
        this.iterations = iterations;
        this.model = model;
        this.filter = filter;
        this.post = post;
    }

    @Override public String name() { return post ? "rnc-adaptive" : filter ? "rnc-adaptive-nopost" : "rnc-adaptive-nofilter"; }

    @Override public int settingCount() { return iterations; }

    @Override
    public String description() {
        String m = model != null ? model : ModelRegistry.defaultModelName();
        return "RNC ImageIO plugin, model " + m + ", adaptive rate (setAdaptiveRate): iteration caps 1 .. " + iterations
                + ", blocks stopping at the cap's block PSNR target (at least " + RncImageWriteParam.DEFAULT_MIN_BLOCK_ITERATIONS
                + " iterations), no code search; caps sharing a target from one encode and a progressive read"
                + (post ? "" : filter ? "; no post-filter" : "; no post-filter, no restoration filter");
    }

    private void settings(RncImageWriteParam p) {
        p.setAdaptiveRate(true);
        p.setRestorationFilter(filter);
        p.setPostFilter(post);
    }

    @Override
    public void probe() throws Exception {
        RncEvaluation.probe(model, this::settings);
    }

    @Override
    public List<Result> measure(BufferedImage original, boolean keepDecoded, IntConsumer done, Consumer<String> failed)
            throws IOException {
        int max;
        try {
            max = ModelRegistry.get(model != null ? model : ModelRegistry.defaultModelName()).config().maxIterations();
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
        List<Result> out = new ArrayList<>();
        int k = 1;
        while (k <= iterations) {
            // the largest cap with this cap's target: one encode serves them all
            double target = RncImageWriteParam.blockTargetFor(k, max);
            int cap = k;
            while (cap < iterations && RncImageWriteParam.blockTargetFor(cap + 1, max) == target) cap++;
            int first = k;
            for (RncEvaluation.Timed t : RncEvaluation.evaluateTimed(original, cap, model, keepDecoded, this::settings)) {
                RncEvaluation.Point p = t.point();
                if (p.iterations() < first) continue;
                out.add(new Result(RncBenchCodec.setting(p.iterations()), p.bytes(), p.psnr(), p.msSsim(), t.encodeMs(),
                        t.decodeMs(), t.decoded()));
            }
            done.accept(cap - k + 1);
            k = cap + 1;
        }
        return out;
    }
}

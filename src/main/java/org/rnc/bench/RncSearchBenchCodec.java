package org.rnc.bench;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import org.rnc.imageio.RncImageWriteParam;

/**
 * RNC with the writer's code search ({@link RncImageWriteParam#setSearchEffort}) at iteration counts (caps) 1..N,
 * uniform ({@code rnc-search}) or with the adaptive rate ({@code rnc-adaptive-search}). The search changes the codes of
 * the iteration that ends a file, so a prefix of a longer file is not the shorter file: every count is its own encode,
 * and times are each file's own.
 */
public final class RncSearchBenchCodec implements BenchCodec {
    private final int iterations, effort;
    private final String model;
    private final boolean adaptive;

    public RncSearchBenchCodec(int iterations, String model, boolean adaptive, int effort) {
        if (iterations < 1 || iterations > 255) throw new IllegalArgumentException("iterations " + iterations);
        if (effort < 1 || effort > 2) throw new IllegalArgumentException("search effort " + effort);
        this.iterations = iterations;
        this.model = model;
        this.adaptive = adaptive;
        this.effort = effort;
    }

    @Override public String name() { return (adaptive ? "rnc-adaptive-search" : "rnc-search") + (effort == 1 ? "-fast" : ""); }

    @Override public int settingCount() { return iterations; }

    @Override
    public String description() {
        return "RNC ImageIO plugin, " + (adaptive ? "adaptive rate" : "every block at every iteration")
                + ", code search effort " + effort + " (setSearchEffort) on the last iteration: 1 .. " + iterations
                + " iterations, each its own encode";
    }

    private void settings(RncImageWriteParam p) {
        p.setAdaptiveRate(adaptive);
        p.setSearchEffort(effort);
    }

    @Override
    public void probe() throws Exception {
        RncEvaluation.probe(model, this::settings);
    }

    @Override
    public List<Result> measure(BufferedImage original, boolean keepDecoded, IntConsumer done, Consumer<String> failed)
            throws IOException {
        List<Result> out = new ArrayList<>();
        for (int k = 1; k <= iterations; k++) {
            List<RncEvaluation.Timed> all = RncEvaluation.evaluateTimed(original, k, model, keepDecoded, this::settings);
            RncEvaluation.Timed t = all.get(all.size() - 1);
            RncEvaluation.Point p = t.point();
            out.add(new Result(RncBenchCodec.setting(k), p.bytes(), p.psnr(), p.msSsim(), t.encodeMs(), t.decodeMs(),
                    t.decoded()));
            done.accept(1);
        }
        return out;
    }
}

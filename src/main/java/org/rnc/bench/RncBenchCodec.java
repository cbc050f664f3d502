package org.rnc.bench;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import org.rnc.model.ModelRegistry;

/** RNC at every iteration count 1..N from one encode and one progressive decode ({@link RncEvaluation}). */
public final class RncBenchCodec implements BenchCodec {
    private final int iterations;
    private final String model;

    public RncBenchCodec(int iterations, String model) {
        if (iterations < 1 || iterations > 255) throw new IllegalArgumentException("iterations " + iterations);
        this.iterations = iterations;
        this.model = model;
    }

    @Override public String name() { return "rnc"; }

    @Override public int settingCount() { return iterations; }

    public static String setting(int k) { return "it" + k; }

    @Override
    public String description() {
        String m = model != null ? model : ModelRegistry.defaultModelName();
        String id;
        try {
            id = ModelRegistry.get(m).id().shortForm();
        } catch (Exception e) {
            id = m;
        }
        return "RNC ImageIO plugin, model " + id + ", iterations 1 .. " + iterations
                + " (one " + iterations + "-iteration encode, progressive decode; times are cumulative to iteration k)";
    }

    @Override
    public void probe() throws Exception {
        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR);
        List<RncEvaluation.Timed> r = RncEvaluation.evaluateTimed(img, 1, model, false);
        if (r.size() != 1) throw new IOException("probe decoded " + r.size() + " iterations, expected 1");
    }

    @Override
    public List<Result> measure(BufferedImage original, boolean keepDecoded, IntConsumer done, Consumer<String> failed)
            throws IOException {
        List<Result> out = new ArrayList<>();
        for (RncEvaluation.Timed t : RncEvaluation.evaluateTimed(original, iterations, model, keepDecoded)) {
            RncEvaluation.Point p = t.point();
            out.add(new Result(setting(p.iterations()), p.bytes(), p.psnr(), p.msSsim(), t.encodeMs(), t.decodeMs(),
                    t.decoded()));
        }
        done.accept(iterations);
        return out;
    }
}

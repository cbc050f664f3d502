package org.rnc.training;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rnc.model.CodecConfig;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.types.TFloat32;

/**
 * {@code --distortion-weights relative}: the loss keeps its value (so the rate term keeps its balance) and only the
 * gradient changes, each iteration's distortion pulling relative to its own size.
 */
class RelativeDistortionTest {
    static final int BATCH = 2, PATCH = 32;
    static final float SCALE = 4;

    /**
     * On a fixed batch: the loss, each iteration's distortion, the loss's gradient with respect to the encoder's first
     * weight, and each distortion's gradient with respect to it. No rate term, so the loss is the distortions alone.
     */
    static float[][] run(int iterations, boolean relative) {
        CodecConfig cfg = CodecConfig.preset("tiny");
        try (Graph g = new Graph()) {
            // random weights scaled up, so each iteration moves the reconstruction and the distortions differ
            CodecNetwork.WeightSource random = CodecNetwork.randomInit(3);
            CodecNetwork.WeightSource loud = (name, shape) -> {
                float[] v = random.initial(name, shape);
                if (v != null && !name.endsWith("bias")) for (int i = 0; i < v.length; i++) v[i] *= SCALE;
                return v;
            };
            TrainingGraph tg = new TrainingGraph(g, cfg, loud, iterations, BATCH, PATCH, 0.5f, 0f,
                    true, TrainingGraph.RATE_UNIFORM, 0f, 0, false, relative);
            String first = tg.net.weights().keySet().stream().sorted().findFirst().orElseThrow();
            Ops tf = Ops.create(g);
            var w = List.of(tg.net.weights().get(first));
            List<Gradients> grads = new ArrayList<>();
            grads.add(tf.gradients(tg.loss, w));
            for (var d : tg.distortions) grads.add(tf.gradients(d, w));
            try (Session s = new Session(g)) {
                s.initialize();
                List<Tensor> owned = new ArrayList<>();
                try {
                    Session.Runner run = TrainingFeeds.batch(s, tg, cfg, BATCH, PATCH, 1, owned);
                    run.fetch(tg.loss);
                    tg.distortions.forEach(run::fetch);
                    grads.forEach(gr -> run.fetch(gr.dy(0)));
                    float[][] out = new float[2 + grads.size()][];
                    try (Result res = run.run()) {
                        out[0] = new float[]{((TFloat32) res.get(0)).getFloat()};
                        out[1] = new float[iterations];
                        for (int t = 0; t < iterations; t++) out[1][t] = ((TFloat32) res.get(1 + t)).getFloat();
                        for (int k = 0; k < grads.size(); k++) {
                            TFloat32 d = (TFloat32) res.get(1 + iterations + k);
                            out[2 + k] = new float[(int) d.size()];
                            d.copyTo(DataBuffers.of(out[2 + k], false, false));
                        }
                    }
                    return out;
                } finally {
                    owned.forEach(Tensor::close);
                }
            }
        }
    }

    @Test
    void sameLossGradientWeightedByInverseDistortion() {
        int T = 4;
        float[][] uniform = run(T, false), relative = run(T, true);
        assertEquals(uniform[0][0], relative[0][0], 1e-5 * Math.abs(uniform[0][0]), "the loss keeps its value");
        float[] d = relative[1];
        double mean = 0;
        for (float v : d) mean += v / T;
        float lo = Float.MAX_VALUE, hi = 0;
        for (float v : d) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        assertTrue(hi > 1.05 * lo, "the iterations' distortions differ, so the weights are not all 1: " + Arrays.toString(d));
        // uniform: (1/T) sum of the distortions' gradients; relative: (1/T) sum of (mean / d_t) times each
        double worstU = 0, worstR = 0, norm = 0;
        for (int i = 0; i < uniform[2].length; i++) {
            double su = 0, sr = 0;
            for (int t = 0; t < T; t++) {
                su += relative[3 + t][i] / T;
                sr += mean / d[t] * relative[3 + t][i] / T;
            }
            worstU = Math.max(worstU, Math.abs(uniform[2][i] - su));
            worstR = Math.max(worstR, Math.abs(relative[2][i] - sr));
            norm = Math.max(norm, Math.abs(sr));
        }
        assertTrue(norm > 0, "the weight has a gradient");
        assertTrue(worstU < 1e-4 * norm, "uniform: the plain mean's gradient, off by " + worstU / norm);
        assertTrue(worstR < 1e-4 * norm, "relative: each iteration weighted by mean / its distortion, off by " + worstR / norm);
    }

    @Test
    void oneIterationIsUnchanged() {
        float[][] uniform = run(1, false), relative = run(1, true);
        assertEquals(uniform[0][0], relative[0][0], 1e-6 * Math.abs(uniform[0][0]));
        for (int i = 0; i < uniform[2].length; i++)
            assertEquals(uniform[2][i], relative[2][i], 1e-5 * (Math.abs(uniform[2][i]) + 1e-6), "weight element " + i);
    }
}

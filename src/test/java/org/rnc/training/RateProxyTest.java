package org.rnc.training;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** The training rate term: the conditional entropy it estimates, and that its gradient lowers it. */
class RateProxyTest {

    /** Bits per code for P(+1) {@code p} and context bits {@code bits} (and {@code previous}), shape [1, h, w, 1]. */
    private static float eval(int h, int w, float[] p, float[] bits, float[] previous) {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Shape shape = Shape.of(1, h, w, 1);
            Operand<TFloat32> pp = tf.constant(shape, DataBuffers.of(p, true, false));
            Operand<TFloat32> b = tf.constant(shape, DataBuffers.of(bits, true, false));
            Operand<TFloat32> prev = previous == null ? null : tf.constant(shape, DataBuffers.of(previous, true, false));
            try (var res = s.runner().fetch(TrainingGraph.rateProxy(tf, pp, b, prev)).run()) {
                return ((TFloat32) res.get(0)).getFloat();
            }
        }
    }

    private static float[] prob(float[] bits) {
        float[] p = new float[bits.length];
        for (int i = 0; i < p.length; i++) p[i] = (bits[i] + 1) / 2;
        return p;
    }

    @Test
    void estimatesBitsPerCode() {
        float[] stripes = {1, -1, 1, -1}; // 2x2: a +1 column and a -1 column
        assertEquals(1.0, eval(2, 2, new float[]{.5f, .5f, .5f, .5f}, stripes, null), 1e-5, "p = 1/2 everywhere: one bit");
        float[] minus = {-1, -1, -1, -1};
        assertEquals(0.0, eval(2, 2, prob(minus), minus, null), 1e-4, "always -1: free");
        assertEquals(0.0, eval(2, 2, prob(stripes), stripes, null), 1e-4, "each bit follows from its left neighbour");
        // a row +1 +1 -1 -1: the left neighbour leaves one bit per code, the previous iteration's same bits predict it
        float[] row = {1, 1, -1, -1};
        assertEquals(1.0, eval(1, 4, prob(row), row, null), 1e-4, "left neighbour alone: one bit");
        assertEquals(0.0, eval(1, 4, prob(row), row, row), 1e-4, "with the previous iteration: free");
        // q = 1/4 in a single context (all context bits -1): H(1/4) = 0.8113 bits
        assertEquals(0.8113, eval(1, 4, new float[]{1, 0, 0, 0}, minus, null), 1e-3);
    }

    @Test
    void gradientLowersTheRate() {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            float[] init = new float[4 * 4 * 8];
            java.util.Random r = new java.util.Random(3);
            for (int i = 0; i < init.length; i++) init[i] = r.nextFloat() * 0.4f - 0.2f;
            Variable<TFloat32> raw = tf.withName("raw").variable(tf.constant(Shape.of(2, 4, 2, 8), DataBuffers.of(init, true, false)));
            Operand<TFloat32> code = tf.math.tanh(raw);
            Operand<TFloat32> p = tf.math.add(tf.math.mul(code, tf.constant(0.5f)), tf.constant(0.5f));
            Operand<TFloat32> rate = TrainingGraph.rateProxy(tf, p, tf.math.sign(raw), null);
            Adam adam = new Adam(tf, rate, Map.of("raw", raw));
            s.initialize();
            float first = 0, last = 0;
            for (int step = 1; step <= 50; step++) {
                var owned = new java.util.ArrayList<org.tensorflow.Tensor>();
                try {
                    Session.Runner run = s.runner();
                    adam.feed(run, owned, 0.05f, step);
                    try (var res = run.addTarget(adam.train).fetch(rate).run()) {
                        float v = ((TFloat32) res.get(0)).getFloat();
                        if (step == 1) first = v;
                        last = v;
                    }
                } finally {
                    owned.forEach(org.tensorflow.Tensor::close);
                }
            }
            assertTrue(first > 0.9, "near-uniform codes start near one bit: " + first);
            assertTrue(last < first - 0.2, "50 Adam steps on the rate alone: " + first + " -> " + last);
        }
    }

    @Test
    void gainScheduleWeighsEachIterationByTheL1ItRemoves() {
        org.rnc.model.CodecConfig cfg = org.rnc.model.CodecConfig.preset("tiny");
        int iterations = 3, batch = 2, patch = 32;
        for (String schedule : new String[]{"uniform", "gain", "gain^0.5"}) {
            try (Graph g = new Graph()) {
                TrainingGraph tg = new TrainingGraph(g, cfg, CodecNetwork.randomInit(7), iterations, batch, patch, 0f, 0.01f,
                        true, schedule);
                try (Session s = new Session(g)) {
                    s.initialize();
                    var owned = new java.util.ArrayList<org.tensorflow.Tensor>();
                    try {
                        Session.Runner run = TrainingFeeds.batch(s, tg, cfg, batch, patch, 5, owned);
                        tg.rates.forEach(run::fetch);
                        tg.gains.forEach(run::fetch);
                        run.fetch(tg.pricedRate).fetch(tg.rate);
                        try (var res = run.run()) {
                            double e = Trainer.rateScheduleExponent(schedule), wSum = 0, expected = 0, mean = 0;
                            double[] w = new double[iterations];
                            for (int i = 0; i < iterations; i++) {
                                w[i] = e == 0 ? 1 : Math.pow(Math.max(((TFloat32) res.get(iterations + i)).getFloat(), 1e-7), e);
                                wSum += w[i];
                            }
                            for (int i = 0; i < iterations; i++) {
                                float rate = ((TFloat32) res.get(i)).getFloat();
                                assertTrue(rate > 0 && rate <= 1.0001, schedule + ": bits per code " + rate);
                                expected += rate * w[i] / (wSum / iterations) / iterations;
                                mean += rate / iterations;
                            }
                            assertEquals(expected, ((TFloat32) res.get(2 * iterations)).getFloat(), 1e-4, schedule);
                            assertEquals(mean, ((TFloat32) res.get(2 * iterations + 1)).getFloat(), 1e-4, "logged rate: the plain mean");
                        }
                    } finally {
                        owned.forEach(org.tensorflow.Tensor::close);
                    }
                }
            }
        }
    }
}

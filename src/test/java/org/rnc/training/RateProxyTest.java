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

    private static float eval(float[] code, float[] previous) {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Shape shape = Shape.of(1, 2, 2, code.length / 4);
            Operand<TFloat32> c = tf.constant(shape, DataBuffers.of(code, true, false));
            Operand<TFloat32> prev = previous == null ? null : tf.constant(shape, DataBuffers.of(previous, true, false));
            try (var res = s.runner().fetch(TrainingGraph.rateProxy(tf, c, prev)).run()) {
                return ((TFloat32) res.get(0)).getFloat();
            }
        }
    }

    @Test
    void estimatesBitsPerCode() {
        // one channel, four positions
        assertEquals(1.0, eval(new float[]{0, 0, 0, 0}, null), 1e-5, "p = 1/2 everywhere: one bit");
        assertEquals(0.0, eval(new float[]{-1, -1, -1, -1}, null), 1e-4, "always -1: free");
        assertEquals(1.0, eval(new float[]{1, -1, 1, -1}, null), 1e-5, "balanced and certain: one bit without context");
        // the same bits, each equal to the previous iteration's bit: the context predicts them exactly
        assertEquals(0.0, eval(new float[]{1, -1, 1, -1}, new float[]{1, -1, 1, -1}), 1e-4);
        // q = 1/4 in a single context: H(1/4) = 0.8113 bits
        assertEquals(0.8113, eval(new float[]{1, -1, -1, -1}, null), 1e-3);
    }

    @Test
    void gradientLowersTheRate() {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            float[] init = new float[4 * 4 * 8];
            java.util.Random r = new java.util.Random(3);
            for (int i = 0; i < init.length; i++) init[i] = r.nextFloat() * 0.4f - 0.2f;
            Variable<TFloat32> raw = tf.withName("raw").variable(tf.constant(Shape.of(2, 4, 2, 8), DataBuffers.of(init, true, false)));
            Operand<TFloat32> rate = TrainingGraph.rateProxy(tf, tf.math.tanh(raw), null);
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
}

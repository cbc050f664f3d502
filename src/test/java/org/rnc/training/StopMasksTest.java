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
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** Stop masks in the training graph: a stopped block's pixels keep their value, as in the codec's adaptive loop. */
class StopMasksTest {
    static final int BATCH = 2, PATCH = 32, T = 3, CELLS = PATCH / CodecConfig.BLOCK;

    /** Mean squared residual after each iteration with every later mask filled with {@code active}. */
    static float[] mse(float active) {
        CodecConfig cfg = CodecConfig.preset("tiny");
        try (Graph g = new Graph()) {
            TrainingGraph tg = new TrainingGraph(g, cfg, CodecNetwork.randomInit(3), T, BATCH, PATCH, 0f, 0f, false,
                    TrainingGraph.RATE_UNIFORM, 0f, 0, true);
            assertEquals(T - 1, tg.active.size(), "one mask per iteration after the first");
            try (Session s = new Session(g)) {
                s.initialize();
                List<Tensor> owned = new ArrayList<>();
                try {
                    Session.Runner run = TrainingFeeds.batch(s, tg, cfg, BATCH, PATCH, 1, owned);
                    float[] a = new float[BATCH * CELLS * CELLS];
                    Arrays.fill(a, active);
                    for (var m : tg.active) {
                        owned.add(TFloat32.tensorOf(Shape.of(BATCH, CELLS, CELLS, 1), DataBuffers.of(a, true, false)));
                        run.feed(m, (TFloat32) owned.get(owned.size() - 1));
                    }
                    tg.mse.forEach(run::fetch);
                    float[] out = new float[T];
                    try (Result res = run.run()) {
                        for (int t = 0; t < T; t++) out[t] = ((TFloat32) res.get(t)).getFloat();
                    }
                    return out;
                } finally {
                    owned.forEach(Tensor::close);
                }
            }
        }
    }

    @Test
    void blocksThatStopAfterTheFirstIterationKeepItsPixels() {
        float[] stopped = mse(0f), going = mse(1f);
        assertEquals(stopped[0], going[0], "the first iteration codes every block");
        assertEquals(stopped[0], stopped[1]);
        assertEquals(stopped[0], stopped[2]);
        assertNotEquals(going[0], going[1], "blocks still coded change");
    }
}

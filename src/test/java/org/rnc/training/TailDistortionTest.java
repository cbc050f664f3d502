package org.rnc.training;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rnc.model.CodecConfig;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** {@code --distortion-weights tail:K:W}: iterations after the K-th count W times in the loss; nothing else changes. */
class TailDistortionTest {
    static final int BATCH = 2, PATCH = 32, T = 4;

    @Test
    void lossWeighsTheTail() {
        CodecConfig cfg = CodecConfig.preset("tiny");
        double[] weights = Trainer.tailWeights("2:0.25", T);
        try (Graph g = new Graph()) {
            TrainingGraph tg = new TrainingGraph(g, cfg, CodecNetwork.randomInit(3), T, BATCH, PATCH, 0f, 0f,
                    true, TrainingGraph.RATE_UNIFORM, 0f, 0, false, false, false, weights);
            List<Operand<TFloat32>> outputs = new ArrayList<>(List.of(tg.loss));
            outputs.addAll(tg.distortions);
            float[] v = TrainingFeeds.scalars(g, tg, cfg, BATCH, PATCH, 1, outputs);
            double expected = 0, plain = 0;
            for (int t = 0; t < T; t++) {
                expected += weights[t] * v[1 + t] / T;
                plain += v[1 + t] / T;
            }
            assertEquals(expected, v[0], 1e-6 * expected);
            assertTrue(plain - v[0] > 1e-4 * plain, "the tail pulls less than in the plain sum");
        }
    }

    @Test
    void parsesTheSpec() {
        assertArrayEquals(new double[]{1, 1, 0.5, 0.5}, Trainer.tailWeights("2:0.5", 4));
        assertNull(Trainer.tailWeights("", 4));
        assertNull(Trainer.tailWeights("4:0.5", 4), "K covers every iteration: nothing to weigh");
        for (String bad : new String[]{"0:0.5", "2:1.5", "2:-1", "2", "a:b", "2:0.5:1"})
            assertThrows(IllegalArgumentException.class, () -> Trainer.tailWeights(bad, 4), bad);
    }

    @Test
    void checksTheWeighting() {
        for (String good : new String[]{"uniform", "relative", "tail:8:0.25"})
            assertDoesNotThrow(() -> Trainer.checkDistortionWeights(good), good);
        for (String bad : new String[]{"Uniform", "tail:", "tail:0:0.5", "tail:8", "relative:8:0.5", ""})
            assertThrows(IllegalArgumentException.class, () -> Trainer.checkDistortionWeights(bad), bad);
    }
}

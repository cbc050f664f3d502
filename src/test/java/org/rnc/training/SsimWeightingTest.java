package org.rnc.training;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rnc.model.CodecConfig;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** {@code train --ssim-weighting s}: each pixel's distortion weighted by 1 - SSIM around it, mean 1 per crop. */
class SsimWeightingTest {
    static final int SIDE = 32;

    /** Left half textured and lost (reconstructed flat), right half flat and kept: the weight goes to the left. */
    @Test
    void weightsFollowTheLostStructureWithMeanOne() {
        float[] original = new float[SIDE * SIDE * 3], reconstruction = new float[original.length];
        java.util.Random r = new java.util.Random(5);
        for (int y = 0; y < SIDE; y++)
            for (int x = 0; x < SIDE; x++)
                for (int c = 0; c < 3; c++) {
                    int i = (y * SIDE + x) * 3 + c;
                    original[i] = x < SIDE / 2 ? r.nextFloat() - 0.5f : 0.1f;
                    reconstruction[i] = x < SIDE / 2 ? 0f : 0.1f;
                }
        float[] full = weights(original, reconstruction, 1f), half = weights(original, reconstruction, 0.5f);
        double mean = 0, left = 0, right = 0;
        for (int y = 0; y < SIDE; y++)
            for (int x = 0; x < SIDE; x++)
                for (int c = 0; c < 3; c++) {
                    int i = (y * SIDE + x) * 3 + c;
                    mean += full[i];
                    if (x < SIDE / 2 - 5) left += full[i];
                    if (x >= SIDE / 2 + 5) right += full[i];
                    assertEquals(0.5 + 0.5 * full[i], half[i], 1e-5, "s = 0.5 mixes the weights with 1");
                }
        assertEquals(1, mean / full.length, 1e-4, "the weights keep the loss's scale");
        assertTrue(left > 20 * right, "where the structure is lost: " + left + " against " + right);
        for (float w : weights(original, original, 1f)) assertTrue(w >= 0 && Float.isFinite(w), "a perfect crop: finite weights");
    }

    /** The distortion changes; what validation measures (the plain squared error) does not. */
    @Test
    void weighsTheDistortionNotTheMeasuredError() {
        CodecConfig cfg = CodecConfig.preset("tiny");
        int batch = 2, patch = 32, t = 2;
        float[][] v = new float[2][];
        for (int k = 0; k < 2; k++) {
            try (Graph g = new Graph()) {
                TrainingGraph tg = new TrainingGraph(g, cfg, CodecNetwork.randomInit(3), t, batch, patch, 0f, 0f, true,
                        TrainingGraph.RATE_UNIFORM, 0.5f, 0, false, false, false, null, k == 0 ? 0f : 1f);
                List<Operand<TFloat32>> outputs = new ArrayList<>(tg.distortions);
                outputs.addAll(tg.mse);
                v[k] = TrainingFeeds.scalars(g, tg, cfg, batch, patch, 1, outputs);
            }
        }
        for (int i = 0; i < t; i++) {
            assertTrue(Math.abs(v[0][i] - v[1][i]) > 1e-4 * v[0][i], "iteration " + (i + 1) + "'s distortion is weighted");
            assertEquals(v[0][t + i], v[1][t + i], 1e-6 * v[0][t + i], "iteration " + (i + 1) + "'s squared error is not");
        }
        assertThrows(IllegalArgumentException.class, () -> {
            try (Graph g = new Graph()) {
                new TrainingGraph(g, cfg, CodecNetwork.randomInit(3), t, batch, patch, 0f, 0f, true,
                        TrainingGraph.RATE_UNIFORM, 0f, 0, false, false, false, null, 1.5f);
            }
        });
    }

    private static float[] weights(float[] original, float[] reconstruction, float s) {
        try (Graph g = new Graph(); Session session = new Session(g)) {
            Ops tf = Ops.create(g);
            Shape shape = Shape.of(1, SIDE, SIDE, 3);
            Operand<TFloat32> w = TrainingGraph.ssimPixelWeights(tf,
                    tf.constant(shape, DataBuffers.of(original, true, false)),
                    tf.constant(shape, DataBuffers.of(reconstruction, true, false)), s);
            try (Result res = session.runner().fetch(w).run()) {
                TFloat32 out = (TFloat32) res.get(0);
                float[] v = new float[original.length];
                out.asRawTensor().data().asFloats().read(v);
                return v;
            }
        }
    }
}

package org.rnc.training;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Test;
import org.rnc.TestImages;
import org.rnc.metrics.ImageQuality;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The training graph's SSIM agrees with the metrics package's SSIM (an independent implementation). */
class SsimLossTest {

    static float[] pixels(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        float[] out = new float[w * h * 3];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int p = img.getRGB(x, y);
                for (int c = 0; c < 3; c++) out[(y * w + x) * 3 + c] = ((p >> (16 - 8 * c)) & 255) / 255f - 0.5f;
            }
        return out;
    }

    @Test
    void matchesImageQualitySsim() {
        BufferedImage a = TestImages.photo(32, 32, BufferedImage.TYPE_INT_RGB);
        BufferedImage b = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        java.util.Random r = new java.util.Random(5);
        for (int y = 0; y < 32; y++)
            for (int x = 0; x < 32; x++) {
                int p = a.getRGB(x, y), n = r.nextInt(41) - 20;
                int cr = Math.max(0, Math.min(255, ((p >> 16) & 255) + n)), cg = Math.max(0, Math.min(255, ((p >> 8) & 255) - n)),
                        cb = Math.max(0, Math.min(255, (p & 255) + n / 2));
                b.setRGB(x, y, cr << 16 | cg << 8 | cb);
            }
        double expected = ImageQuality.ssim(a, b);
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> ta = tf.constant(Shape.of(1, 32, 32, 3), DataBuffers.of(pixels(a), true, false));
            Operand<TFloat32> tb = tf.constant(Shape.of(1, 32, 32, 3), DataBuffers.of(pixels(b), true, false));
            Operand<TFloat32> same = TrainingGraph.ssim(tf, ta, ta), diff = TrainingGraph.ssim(tf, ta, tb);
            try (var res = s.runner().fetch(same).fetch(diff).run()) {
                assertEquals(1.0, ((TFloat32) res.get(0)).getFloat(), 1e-4);
                float got = ((TFloat32) res.get(1)).getFloat();
                assertTrue(expected < 0.95, "the test pair must differ: " + expected);
                assertEquals(expected, got, 2e-3, "graph SSIM vs ImageQuality.ssim");
            }
        }
    }
}

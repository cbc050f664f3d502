package org.rnc.training;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnc.TestImages;
import org.rnc.codec.SourceImage;
import org.rnc.model.CodecConfig;
import org.rnc.model.CodecModel;

/**
 * {@code train --grow-hidden-kernels}: a trained run's decoder cells get larger hidden-state kernels, the old kernel at
 * the centre and the new taps at zero, so the decoder computes what it did until the first step; then the new taps
 * train.
 */
class HiddenKernelGrowthTest {

    @TempDir
    Path dir;

    @Test
    void grownKernelsDecodeAsBeforeThenTheirNewTapsTrain() throws Exception {
        Trainer.Options o = CodecOptionsTest.tinyRun(dir, 1);
        o.maxSteps = 2;
        new Trainer(o).run();
        Path plain = dir.resolve("models/plain"), grown = dir.resolve("models/grown");
        ModelExporter.export(o.runDir, plain, "plain");
        Map<String, float[]> old = CodecOptionsTest.checkpointWeights(o.runDir);

        Trainer.Options fork = CodecOptionsTest.tinyRun(dir, 1);
        fork.resume = true;
        fork.maxSteps = 2; // no step yet: the grown kernels as made
        fork.decoderHiddenKernels = new int[]{3, 1, 5, 3}; // tiny: 1, 1, 3, 3
        new Trainer(fork).run();
        ModelExporter.export(o.runDir, grown, "grown");
        Map<String, float[]> made = CodecOptionsTest.checkpointWeights(o.runDir);
        for (String n : old.keySet()) {
            if (n.equals("dec/rnn1/wh") || n.equals("dec/rnn3/wh")) continue;
            assertArrayEquals(old.get(n), made.get(n), n + " is restored as it was");
        }
        // 1x1 -> 3x3: the old tap at the centre (tap 4), 3x3 -> 5x5: at rows and columns 1..3
        int perTap1 = old.get("dec/rnn1/wh").length;
        float[] wh1 = made.get("dec/rnn1/wh");
        assertEquals(9 * perTap1, wh1.length);
        for (int t = 0; t < 9; t++) {
            for (int i = 0; i < perTap1; i++)
                assertEquals(t == 4 ? old.get("dec/rnn1/wh")[i] : 0f, wh1[t * perTap1 + i], "cell 1, tap " + t);
        }
        float[] wh3 = made.get("dec/rnn3/wh"), was3 = old.get("dec/rnn3/wh");
        int perTap3 = was3.length / 9;
        for (int y = 0; y < 5; y++)
            for (int x = 0; x < 5; x++)
                for (int i = 0; i < perTap3; i += 7) {
                    boolean inside = y >= 1 && y <= 3 && x >= 1 && x <= 3;
                    assertEquals(inside ? was3[((y - 1) * 3 + x - 1) * perTap3 + i] : 0f, wh3[(y * 5 + x) * perTap3 + i]);
                }

        SourceImage src = SourceImage.of(TestImages.photo(48, 32, BufferedImage.TYPE_INT_RGB), CodecConfig.BLOCK);
        float[] bits = new float[(src.paddedHeight / 16) * (src.paddedWidth / 16) * 32];
        try (CodecModel a = CodecModel.load(plain, 1); CodecModel b = CodecModel.load(grown, 1);
             CodecModel.Decoder da = a.decoder(src.paddedHeight, src.paddedWidth);
             CodecModel.Decoder db = b.decoder(src.paddedHeight, src.paddedWidth)) {
            assertArrayEquals(new int[]{3, 1, 5, 3}, b.config().decoderHiddenKernels());
            java.util.Random r = new java.util.Random(5);
            for (int t = 0; t < 3; t++) {
                for (int i = 0; i < bits.length; i++) bits[i] = r.nextBoolean() ? 1f : -1f;
                float[] x = da.step(bits), y = db.step(bits);
                // the same sums with zero terms added: equal up to the order TensorFlow's convolutions add them in
                for (int i = 0; i < x.length; i++) assertEquals(x[i], y[i], 1e-5f, "iteration " + t + ", value " + i);
            }
        }

        Trainer.Options more = CodecOptionsTest.tinyRun(dir, 1);
        more.resume = true;
        more.maxSteps = 5;
        new Trainer(more).run();
        float[] trained = CodecOptionsTest.checkpointWeights(o.runDir).get("dec/rnn1/wh");
        int moved = 0;
        for (int t = 0; t < 9; t++)
            for (int i = 0; i < perTap1; i++) if (t != 4 && trained[t * perTap1 + i] != 0f) moved++;
        assertTrue(moved > perTap1, "the new taps train: " + moved + " of " + 8 * perTap1 + " moved");

        Trainer.Options smaller = CodecOptionsTest.tinyRun(dir, 1);
        smaller.resume = true;
        smaller.maxSteps = 6;
        smaller.decoderHiddenKernels = new int[]{1, 1, 5, 3};
        var e = assertThrows(IllegalArgumentException.class, () -> new Trainer(smaller).run());
        assertTrue(e.getMessage().contains("shrink"), e.getMessage());
        Trainer.Options even = CodecOptionsTest.tinyRun(dir, 1);
        even.resume = true;
        even.maxSteps = 6;
        even.decoderHiddenKernels = new int[]{4, 1, 5, 3};
        e = assertThrows(IllegalArgumentException.class, () -> new Trainer(even).run());
        assertTrue(e.getMessage().contains("centre"), e.getMessage());
    }
}

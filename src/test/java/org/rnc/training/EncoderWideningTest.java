package org.rnc.training;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnc.TestImages;
import org.rnc.codec.SourceImage;
import org.rnc.model.CodecConfig;
import org.rnc.model.CodecModel;

/**
 * {@code train --widen-encoder} and {@code --train encoder}: a trained run's encoder grows without changing a code
 * until its first step, then trains while the decoder stays exactly as it was, so its codes still decode with the old
 * decoder.
 */
class EncoderWideningTest {

    @TempDir
    Path dir;

    @Test
    void aWidenedEncoderCodesAsBeforeThenTrainsAloneForTheSameDecoder() throws Exception {
        Trainer.Options o = tinyRun();
        o.maxSteps = 2;
        new Trainer(o).run();
        Path plain = dir.resolve("models/plain"), wide = dir.resolve("models/wide"), trained = dir.resolve("models/trained");
        ModelExporter.export(o.runDir, plain, "plain");

        Trainer.Options fork = tinyRun();
        fork.resume = true;
        fork.maxSteps = 2; // no step yet: the widened weights as made
        fork.encoderWidths = new int[]{12, 24, 40, 48}; // tiny: 8, 16, 32, 32
        fork.train = Trainer.TRAIN_ENCODER;
        new Trainer(fork).run();
        ModelExporter.export(o.runDir, wide, "wide");
        java.util.Map<String, float[]> before = CodecOptionsTest.checkpointWeights(o.runDir);

        Trainer.Options more = tinyRun();
        more.resume = true;
        more.maxSteps = 5;
        new Trainer(more).run();
        ModelExporter.export(o.runDir, trained, "trained");
        java.util.Map<String, float[]> after = CodecOptionsTest.checkpointWeights(o.runDir);
        for (String n : before.keySet()) {
            if (TrainingGraph.isDecoderWeight(n)) assertArrayEquals(before.get(n), after.get(n), n + " is frozen");
            else assertFalse(Arrays.equals(before.get(n), after.get(n)), n + " trains");
        }

        SourceImage src = SourceImage.of(TestImages.photo(48, 32, BufferedImage.TYPE_INT_RGB), CodecConfig.BLOCK);
        float[] residual = new float[src.paddedHeight * src.paddedWidth * 3];
        java.util.Random r = new java.util.Random(11);
        for (int i = 0; i < residual.length; i++) residual[i] = r.nextFloat() - 0.5f;
        float[] bits = new float[(src.paddedHeight / 16) * (src.paddedWidth / 16) * 32];
        for (int i = 0; i < bits.length; i++) bits[i] = (i * 7 % 3) == 0 ? 1f : -1f;
        try (CodecModel a = CodecModel.load(plain, 1); CodecModel b = CodecModel.load(wide, 1); CodecModel c = CodecModel.load(trained, 1);
             CodecModel.Encoder ea = a.encoder(src.paddedHeight, src.paddedWidth);
             CodecModel.Encoder eb = b.encoder(src.paddedHeight, src.paddedWidth);
             CodecModel.Encoder ec = c.encoder(src.paddedHeight, src.paddedWidth);
             CodecModel.Decoder da = a.decoder(src.paddedHeight, src.paddedWidth);
             CodecModel.Decoder dc = c.decoder(src.paddedHeight, src.paddedWidth)) {
            assertArrayEquals(new int[]{12, 24, 40, 48}, b.config().encoderWidths());
            assertEquals(a.config().withEncoderWidths(new int[]{12, 24, 40, 48}), c.config(), "a resumed run keeps its widths");
            for (int t = 0; t < 2; t++) {
                assertArrayEquals(ea.step(residual), eb.step(residual), "iteration " + t + ": the widened encoder's codes");
                ec.step(residual);
                assertArrayEquals(da.step(bits), dc.step(bits), "iteration " + t + ": the decoder is frozen");
            }
        }

        Trainer.Options narrower = tinyRun();
        narrower.resume = true;
        narrower.maxSteps = 6;
        narrower.encoderWidths = new int[]{12, 24, 40, 8};
        var e = assertThrows(IllegalArgumentException.class, () -> new Trainer(narrower).run());
        assertTrue(e.getMessage().contains("shrink"), e.getMessage());
    }

    private Trainer.Options tinyRun() throws java.io.IOException {
        return CodecOptionsTest.tinyRun(dir, 1);
    }
}

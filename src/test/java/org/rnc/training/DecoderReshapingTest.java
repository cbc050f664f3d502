package org.rnc.training;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnc.model.CodecModel;

/**
 * {@code train --reshape-decoder}: a trained run's decoder takes other widths. Cells that only grow decode as before
 * (to float rounding) until the first step (new units start random, every weight from them into a kept unit at 0, and a kept unit
 * lands where the depth-to-space put it); cells that shrink keep their most weighted output channels and train on.
 */
class DecoderReshapingTest {

    @TempDir
    Path dir;

    @Test
    void aGrownDecoderDecodesAsBeforeAndAShrunkOneTrainsOn() throws Exception {
        Trainer.Options o = CodecOptionsTest.tinyRun(dir, 1); // tiny: decoder 32, 32, 16, 16
        o.maxSteps = 2;
        new Trainer(o).run();
        Path plain = dir.resolve("models/plain"), grown = dir.resolve("models/grown"), shrunk = dir.resolve("models/shrunk");
        ModelExporter.export(o.runDir, plain, "plain");

        Trainer.Options fork = CodecOptionsTest.tinyRun(dir, 1);
        fork.resume = true;
        fork.maxSteps = 2; // no step: the reshaped weights as made
        fork.reshapeDecoder = new int[]{48, 48, 16, 20};
        new Trainer(fork).run();
        ModelExporter.export(o.runDir, grown, "grown");

        Trainer.Options narrow = CodecOptionsTest.tinyRun(dir, 1);
        narrow.resume = true;
        narrow.maxSteps = 4;
        narrow.reshapeDecoder = new int[]{48, 40, 12, 8};
        new Trainer(narrow).run();
        ModelExporter.export(o.runDir, shrunk, "shrunk");

        int h = 32, w = 48;
        float[] bits = new float[(h / 16) * (w / 16) * 32];
        for (int i = 0; i < bits.length; i++) bits[i] = (i * 7 % 3) == 0 ? 1f : -1f;
        try (CodecModel a = CodecModel.load(plain, 1); CodecModel b = CodecModel.load(grown, 1); CodecModel c = CodecModel.load(shrunk, 1);
             CodecModel.Decoder da = a.decoder(h, w); CodecModel.Decoder db = b.decoder(h, w); CodecModel.Decoder dc = c.decoder(h, w)) {
            assertArrayEquals(new int[]{48, 48, 16, 20}, b.config().decoderWidths());
            assertArrayEquals(new int[]{48, 40, 12, 8}, c.config().decoderWidths());
            assertArrayEquals(a.config().encoderWidths(), c.config().encoderWidths(), "the encoder keeps its widths");
            for (int t = 0; t < 3; t++) {
                float[] before = da.step(bits), after = db.step(bits), trained = dc.step(bits);
                assertEquals(before.length, after.length);
                for (int i = 0; i < before.length; i++)
                    assertEquals(before[i], after[i], 1e-5f, "iteration " + t + ", value " + i + ": the grown decoder's output");
                assertFalse(Arrays.equals(before, trained), "the shrunk decoder computes something else");
                for (float v : trained) assertTrue(Float.isFinite(v));
            }
        }

        Trainer.Options odd = CodecOptionsTest.tinyRun(dir, 1);
        odd.resume = true;
        odd.maxSteps = 6;
        odd.reshapeDecoder = new int[]{48, 40, 14, 8};
        var e = assertThrows(IllegalArgumentException.class, () -> new Trainer(odd).run());
        assertTrue(e.getMessage().contains("multiple of 4"), e.getMessage());
    }

    @Test
    void aShrinkingLayerKeepsItsMostWeightedChannelsInOrder() {
        assertArrayEquals(new int[]{-1, 0, 1, -1}, DecoderReshaping.keep(4, 2, new double[]{1, 5, 3, 0}));
        assertArrayEquals(new int[]{0, 1, -1}, DecoderReshaping.keep(3, 2, new double[]{2, 2, 2}), "ties to the lower index");
        assertArrayEquals(new int[]{0, 1, 2}, DecoderReshaping.keep(3, 5, new double[]{0, 0, 0}), "a growing layer keeps all in place");
    }

    @Test
    void embeddingMovesKeptUnitsAndZeroesNewInputsIntoThem() {
        // 1 tap, 2 inputs -> 2 units, 1 gate: old weights w[in][unit]
        float[] old = {1, 2, 3, 4};
        float[] wide = {9, 9, 9, 9, 9, 9, 9, 9, 9}; // 3 inputs x 3 units, "random"
        float[] out = DecoderReshaping.embed(old, wide, 1, new int[]{0, 2}, 3, new int[]{2, -1}, 3, 1);
        // old unit 0 became unit 2; old input 0 -> 0, old input 1 -> 2; new input 1 into it is 0; units 0 and 1 stay "random"
        assertArrayEquals(new float[]{9, 9, 1, 9, 9, 0, 9, 9, 3}, out);
    }
}

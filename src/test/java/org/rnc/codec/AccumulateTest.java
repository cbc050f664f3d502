package org.rnc.codec;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.rnc.model.CodecConfig;

/** How decoder outputs become the reconstruction for each reconstruction option. */
class AccumulateTest {
    static final CodecConfig TINY = CodecConfig.preset("tiny");

    @Test
    void additiveSumsOutputs() {
        float[] r = {0.1f};
        IterativeCodec.accumulate(TINY, 3, r, new float[]{0.2f});
        assertEquals(0.3f, r[0], 1e-6);
    }

    @Test
    void residualGainDividesIterationTByGainToTheT() {
        CodecConfig g = TINY.withOptions(CodecConfig.LSTM, CodecConfig.ADDITIVE, 2f);
        assertEquals(8f, g.gain(3), 0);
        float[] r = {0f};
        IterativeCodec.accumulate(g, 0, r, new float[]{0.4f});
        IterativeCodec.accumulate(g, 3, r, new float[]{0.4f});
        assertEquals(0.4f + 0.05f, r[0], 1e-6);
    }

    @Test
    void oneShotReplacesTheImage() {
        CodecConfig o = TINY.withOptions(CodecConfig.LSTM, CodecConfig.ONE_SHOT, 1f);
        float[] r = {0.3f, -0.2f};
        IterativeCodec.accumulate(o, 5, r, new float[]{0.1f, 0.05f});
        assertArrayEquals(new float[]{0.1f, 0.05f}, r);
    }

    @Test
    void invalidOptionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> TINY.withOptions("rnn", CodecConfig.ADDITIVE, 1f));
        assertThrows(IllegalArgumentException.class, () -> TINY.withOptions(CodecConfig.LSTM, CodecConfig.ONE_SHOT, 2f));
        assertThrows(IllegalArgumentException.class, () -> TINY.withOptions(CodecConfig.LSTM, CodecConfig.ADDITIVE, 0.5f));
    }
}

package org.rnc.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Properties;

import org.junit.jupiter.api.Test;

/** Layouts with more cells at the bottleneck (the study's Models 1-4) and what follows from a layout. */
class CodecConfigTest {

    @Test
    void referenceLayoutKeepsItsStatesAndCost() {
        CodecConfig small = CodecConfig.preset("small");
        assertEquals(3, small.encoderCells());
        assertEquals(4, small.decoderCells());
        assertArrayEquals(new int[]{4, 8, 16}, new int[]{small.encoderStateScale(0), small.encoderStateScale(1), small.encoderStateScale(2)});
        assertArrayEquals(new int[]{16, 8, 4, 2}, new int[]{small.decoderStateScale(0), small.decoderStateScale(1),
                small.decoderStateScale(2), small.decoderStateScale(3)});
        assertArrayEquals(new int[]{128, 32, 32, 16}, new int[]{small.decoderInputChannels(0), small.decoderInputChannels(1),
                small.decoderInputChannels(2), small.decoderInputChannels(3)});
        // by hand: 32x128/256 + (9x128+128)x512/256 + (9x32+128)x512/64 + 9x(32+64)x256/16 + 9x(16+32)x128/4 + 3x32/4
        assertEquals(33576, small.decoderMacsPerPixel(), 1e-9);
        assertEquals(CodecConfig.preset("model2"), small, "Model 2 is the small preset");
    }

    @Test
    void studyLayoutsMirrorTheirInnerCells() {
        CodecConfig m4 = CodecConfig.preset("model4");
        assertArrayEquals(new int[]{16, 64, 128, 152, 52}, m4.encoderWidths());
        assertArrayEquals(new int[]{52, 152, 128, 64, 32}, m4.decoderWidths());
        assertEquals(4, m4.encoderCells());
        assertEquals(5, m4.decoderCells());
        assertEquals(16, m4.encoderStateScale(3));
        assertArrayEquals(new int[]{16, 16, 8, 4, 2}, new int[]{m4.decoderStateScale(0), m4.decoderStateScale(1),
                m4.decoderStateScale(2), m4.decoderStateScale(3), m4.decoderStateScale(4)});
        // the second cell at H/16 takes the first one's output as it is; the cell at H/8 a depth-to-space of it
        assertEquals(52, m4.decoderInputChannels(1));
        assertEquals(38, m4.decoderInputChannels(2));
        assertTrue(CodecConfig.preset("model1").decoderMacsPerPixel() < CodecConfig.preset("model3").decoderMacsPerPixel());

        Properties p = new Properties();
        m4.store(p);
        assertEquals("16,64,128,152,52", p.getProperty("encoder.widths"));
        assertEquals(m4, CodecConfig.load(p));
    }

    @Test
    void parameterCountIsTheTrainingGraphs() {
        for (CodecConfig c : new CodecConfig[]{CodecConfig.preset("small"), CodecConfig.preset("model1"), CodecConfig.preset("model3"),
                CodecConfig.preset("model4"), CodecConfig.preset("model4").withOptions(CodecConfig.GRU, CodecConfig.ADDITIVE, 1f),
                CodecConfig.preset("small").withOutputStage(16)}) {
            try (org.tensorflow.Graph g = new org.tensorflow.Graph()) {
                var net = new org.rnc.training.CodecNetwork(org.tensorflow.op.Ops.create(g), c,
                        org.rnc.training.CodecNetwork.RESTORED_LATER);
                assertEquals(net.parameterCount(), c.parameterCount(), c.toString());
            }
        }
    }

    @Test
    void anOutputStageAddsItsCostAndRoundTrips() {
        CodecConfig small = CodecConfig.preset("small"), out = small.withOutputStage(16);
        assertEquals(8, small.fullResolutionChannels());
        // by hand: a 3x3 convolution from 8 to 16 channels and one from 16 to 3, on every pixel
        assertEquals(33576 + 9 * 8 * 16 + 9 * 16 * 3, out.decoderMacsPerPixel(), 1e-9);
        assertEquals(small.parameterCount() + 9 * 8 * 16 + 16 + 9 * 16 * 3, out.parameterCount());
        assertNotEquals(small, out);
        Properties p = new Properties();
        out.store(p);
        assertEquals("16", p.getProperty("decoder.outputStage"));
        assertEquals(out, CodecConfig.load(p));
        Properties q = new Properties();
        small.store(q);
        assertNull(q.getProperty("decoder.outputStage"), "models without one store what they stored before");
        assertThrows(IllegalArgumentException.class, () -> small.withOutputStage(-1));
        assertThrows(IllegalArgumentException.class, () -> small.withOutputStage(CodecConfig.MAX_OUTPUT_STAGE + 1));
    }

    @Test
    void rejectsLayoutsTheRuntimeCannotDrive() {
        int[] hk = {1, 1, 3, 3};
        assertThrows(IllegalArgumentException.class, () -> new CodecConfig(new int[]{8, 16, 32}, new int[]{32, 32, 16, 16}, hk, 32, 16));
        assertThrows(IllegalArgumentException.class, () -> new CodecConfig(new int[]{8, 16, 32, 32}, new int[]{32, 32, 16, 16, 16},
                hk, 32, 16), "a hidden kernel per decoder cell");
        // a cell that feeds a depth-to-space must divide by 4; one before it at H/16 need not
        assertThrows(IllegalArgumentException.class, () -> new CodecConfig(new int[]{8, 16, 32, 32}, new int[]{32, 30, 32, 16, 16},
                new int[]{1, 1, 1, 3, 3}, 32, 16));
        new CodecConfig(new int[]{8, 16, 32, 32}, new int[]{30, 32, 32, 16, 16}, new int[]{1, 1, 1, 3, 3}, 32, 16);
        assertThrows(IllegalArgumentException.class, () -> new CodecConfig(new int[]{8, 16, 32, 32, 8, 8, 8, 8, 8},
                new int[]{32, 32, 16, 16}, hk, 32, 16), "at most " + CodecConfig.MAX_WIDTHS + " widths");
    }
}

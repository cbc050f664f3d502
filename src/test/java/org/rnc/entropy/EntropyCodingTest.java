package org.rnc.entropy;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;


import org.junit.jupiter.api.Test;
import org.rnc.TestImages;
import org.rnc.format.RncFileReader;
import org.rnc.format.RncHeader;
import org.rnc.model.CodecModel;
import org.rnc.model.PortableEntropyModel;
import org.rnc.model.ModelRegistry;

/** The shipped BinaryRNN model with the shipped codec: lossless, never worse than RAW, damage detected. */
class EntropyCodingTest {

    static byte[] write(BufferedImage img, int iterations, boolean entropy) throws IOException {
        return TestImages.encode(img, iterations, entropy);
    }

    @Test
    void shippedEntropyModelMatchesTheShippedCodec() throws IOException {
        CodecModel codec = ModelRegistry.get(ModelRegistry.DEFAULT_MODEL);
        PortableEntropyModel e = ModelRegistry.entropyFor(codec);
        assertNotNull(e, "models/" + codec.id().name() + "-entropy must be trained for " + codec.id().shortForm());
        assertEquals(codec.config().bits(), e.config().bits());
    }

    @Test
    void shippedModelCodesPhotosWithTheCrossChannelStage() throws IOException {
        CodecModel codec = ModelRegistry.get(ModelRegistry.DEFAULT_MODEL);
        assertTrue(ModelRegistry.entropyFor(codec).config().hasCrossChannel(), "shipped entropy model has cross_channel");
        BufferedImage img = TestImages.photo(160, 128, BufferedImage.TYPE_INT_RGB);
        byte[] coded = write(img, 8, true);
        long cross = RncFileReader.iterationsOf(coded).stream().filter(i -> i.data()[0] == IterationCoder.MODE_CROSS).count();
        assertTrue(cross >= 4, cross + " of 8 iterations in mode 3");
        // the mode-3 file decodes to the same pixels as the RAW file
        BufferedImage back = TestImages.decode(coded), raw = TestImages.decode(write(img, 8, false));
        assertArrayEquals(raw.getRGB(0, 0, 160, 128, null, 0, 160), back.getRGB(0, 0, 160, 128, null, 0, 160));
    }

    @Test
    void crossChannelStageShortensTheMixedCodingOfRealCodes() throws IOException {
        // pins the weights' orientation end to end: transposed (or unused) weights would correct nothing, and
        // mode 3 would cost about what mode 2 does
        CodecModel codec = ModelRegistry.get(ModelRegistry.DEFAULT_MODEL);
        PortableEntropyModel e = ModelRegistry.entropyFor(codec);
        int w = 160, h = 128, n = 6;
        float[][] codes = org.rnc.codec.IterativeCodec.encode(codec,
                org.rnc.codec.SourceImage.of(TestImages.photo(w, h, BufferedImage.TYPE_INT_RGB), org.rnc.model.CodecConfig.BLOCK),
                n, new org.rnc.codec.Tiling(w, h, 1024), null);
        List<float[]> before = new java.util.ArrayList<>();
        long mixed = 0, cross = 0;
        for (int t = 0; t < n; t++) {
            byte[][] all = BinaryRnnCoder.encodeAll(e, before, codes[t], h / 16, w / 16);
            mixed += all[1].length;
            cross += all[2].length;
            before.add(codes[t]);
        }
        assertTrue(cross < 0.95 * mixed, "mode 3 " + cross + " bytes against mode 2 " + mixed);
    }

    @Test
    void codedFilesDecodeToTheSamePixelsAsRawAndAreNeverLonger() throws IOException {
        BufferedImage img = TestImages.photo(80, 64, BufferedImage.TYPE_INT_RGB);
        int n = 16;
        byte[] raw = write(img, n, false), coded = write(img, n, true);
        assertEquals(RncHeader.Coding.RAW, new RncFileReader(new ByteArrayInputStream(raw)).readHeader().coding());
        assertEquals(RncHeader.Coding.BINARY_RNN, new RncFileReader(new ByteArrayInputStream(coded)).readHeader().coding());
        BufferedImage a = TestImages.decode(raw), b = TestImages.decode(coded);
        assertArrayEquals(a.getRGB(0, 0, 80, 64, null, 0, 80), b.getRGB(0, 0, 80, 64, null, 0, 80));
        List<RncFileReader.Iteration> ri = RncFileReader.iterationsOf(raw), ci = RncFileReader.iterationsOf(coded);
        for (int t = 0; t < n; t++)
            assertTrue(ci.get(t).chunkLength() <= ri.get(t).chunkLength() + 1, "iteration " + t + " costs more than RAW");
    }

    @Test
    void progressivePrefixesOfCodedFilesMatchShorterWrites() throws IOException {
        BufferedImage img = TestImages.photo(48, 48, BufferedImage.TYPE_INT_RGB);
        byte[] full = write(img, 6, true);
        javax.imageio.ImageReadParam p = new javax.imageio.ImageReadParam();
        p.setSourceProgressivePasses(0, 3);
        BufferedImage three = TestImages.decode(full, p, null);
        BufferedImage direct = TestImages.decode(write(img, 3, true));
        assertArrayEquals(direct.getRGB(0, 0, 48, 48, null, 0, 48), three.getRGB(0, 0, 48, 48, null, 0, 48));
    }

    @Test
    void damagedArithmeticPayloadFailsItsChecksum() throws IOException {
        // a large enough image that later iterations are arithmetic-coded (mode 1 or 2)
        BufferedImage img = TestImages.photo(160, 128, BufferedImage.TYPE_INT_RGB);
        byte[] coded = write(img, 12, true);
        List<RncFileReader.Iteration> its = RncFileReader.iterationsOf(coded);
        RncFileReader.Iteration arithmetic = its.stream().filter(i -> i.data()[0] != 0).reduce((x, y) -> y).orElse(null);
        assertNotNull(arithmetic, "some iteration is arithmetic-coded");
        byte[] bad = coded.clone();
        int at = (int) arithmetic.offset() + 8 + 2 + 1 + 4 + 3; // inside the coded bytes
        bad[at] ^= 0x5A;
        // repair the chunk CRC so that only the entropy checksum can notice
        TestImages.fixChunkCrc(bad, (int) arithmetic.offset());
        // damage in iteration k > 1 costs iterations k.. only: the picture of the iterations before it, and a warning
        int k = arithmetic.index() + 1;
        assertTrue(k > 1, "the damaged iteration is not the first");
        List<String> warnings = new java.util.ArrayList<>();
        BufferedImage partial = TestImages.decode(bad, null, warnings);
        assertTrue(warnings.stream().anyMatch(w -> w.contains("checksum")), warnings.toString());
        javax.imageio.ImageReadParam first = new javax.imageio.ImageReadParam();
        first.setSourceProgressivePasses(0, k - 1);
        BufferedImage expected = TestImages.decode(coded, first, null);
        assertArrayEquals(expected.getRGB(0, 0, 160, 128, null, 0, 160), partial.getRGB(0, 0, 160, 128, null, 0, 160));
    }

    @Test
    void mixedModeRoundTripsAndLearnsImageStatistics() throws IOException {
        CodecModel codec = ModelRegistry.get(ModelRegistry.DEFAULT_MODEL);
        PortableEntropyModel e = ModelRegistry.entropyFor(codec);
        int h = 6, w = 9, bits = e.config().bits();
        java.util.Random r = new java.util.Random(3);
        float[] first = new float[h * w * bits], second = new float[h * w * bits];
        // channel-specific biases and copies of the previous iteration: what the adaptive contexts can learn
        for (int i = 0; i < first.length; i++) {
            int c = i % bits;
            first[i] = r.nextDouble() < (c % 2 == 0 ? 0.95 : 0.5) ? 1f : -1f;
            second[i] = r.nextDouble() < 0.9 ? first[i] : -first[i];
        }
        List<float[]> before = List.of(first);
        byte[][] both = BinaryRnnCoder.encodeAll(e, before, second, h, w);
        assertArrayEquals(second, BinaryRnnCoder.decode(e, before, both[1], h, w, 2));
        assertArrayEquals(second, BinaryRnnCoder.decode(e, before, both[0], h, w, 1));
        assertTrue(both[1].length < both[0].length, "mixing " + both[1].length + " bytes vs model alone " + both[0].length);
        byte[] damaged = both[1].clone();
        damaged[damaged.length / 2] ^= 0x21;
        assertThrows(org.rnc.format.RncFormatException.class, () -> BinaryRnnCoder.decode(e, before, damaged, h, w, 2));
    }
}

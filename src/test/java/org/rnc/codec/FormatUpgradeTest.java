package org.rnc.codec;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;

import javax.imageio.IIOException;

import org.junit.jupiter.api.Test;
import org.rnc.TestImages;
import org.rnc.conformance.Conformance;
import org.rnc.entropy.IterationCoder;
import org.rnc.format.RncFileReader;
import org.rnc.format.RncFileWriter;
import org.rnc.format.RncHeader;
import org.rnc.model.CodecConfig;
import org.rnc.model.CodecModel;
import org.rnc.model.EntropyPredictor;
import org.rnc.model.ModelRegistry;

/**
 * Format 1 files: their TensorFlow-coded iterations decode where TensorFlow computes what the writer's did (this
 * test writes one on this machine, so it does), and {@code rnc upgrade} turns them into format 2 files with the
 * same codes, which decode everywhere. A header whose version and entropy model disagree is refused.
 */
class FormatUpgradeTest {

    /** A format 1 file as RNC wrote them before December 2026: the TensorFlow entropy model's probabilities. */
    static byte[] formatOneFile(BufferedImage img, int iterations) throws Exception {
        CodecModel codec = ModelRegistry.get(ModelRegistry.DEFAULT_MODEL);
        EntropyPredictor tf = ModelRegistry.entropy(ModelRegistry.DEFAULT_MODEL + "-entropy");
        SourceImage src = SourceImage.of(img, CodecConfig.BLOCK);
        Tiling tiling = new Tiling(src.paddedWidth, src.paddedHeight, 1024);
        float[][] codes = IterativeCodec.encode(codec, src, iterations, tiling, null);
        RncHeader h = new RncHeader(img.getWidth(), img.getHeight(), RncHeader.Colour.RGB, 8, false, RncHeader.Coding.BINARY_RNN,
                16, codec.config().bits(), 1024, iterations, codec.id(), tf.id(), 1);
        IterationCoder coder = IterationCoder.forFile(h, tf);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RncFileWriter w = new RncFileWriter(out);
        w.writeHeader(h);
        for (float[] c : codes) w.writeIteration(coder.encode(c));
        w.finish();
        return out.toByteArray();
    }

    @Test
    void upgradeKeepsTheCodesAndMakesAPortableFile() throws Exception {
        BufferedImage img = TestImages.photo(96, 64, BufferedImage.TYPE_INT_RGB);
        byte[] v1 = formatOneFile(img, 5);
        assertEquals(1, new RncFileReader(new ByteArrayInputStream(v1)).readHeader().version());
        assertTrue(RncFileReader.iterationsOf(v1).stream().anyMatch(i -> i.data()[0] != 0), "some iteration is entropy-coded");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FormatUpgrade.Result r = FormatUpgrade.upgrade(new ByteArrayInputStream(v1), out);
        byte[] v2 = out.toByteArray();
        RncHeader h = new RncFileReader(new ByteArrayInputStream(v2)).readHeader();
        assertEquals(RncHeader.COMPACT_MAJOR, h.version(), "today's format");
        assertEquals(RncHeader.Coding.BINARY_RNN, h.coding());
        assertEquals(ModelRegistry.entropyFor(h.model()).id().prefix(), h.entropyModel());
        // the header as written, its models as a format 4 file names them (by the first bytes of their hashes)
        assertEquals(new RncHeader(h.width(), h.height(), h.colour(), h.sampleBits(), h.hasAlpha(), h.coding(), h.blockSize(),
                h.codesPerBlock(), h.tileSize(), h.iterations(), r.to().model().prefix(), r.to().entropyModel().prefix(),
                r.to().version(), r.to().adaptive()), h);
        assertEquals(Conformance.codesSha256(v1), Conformance.codesSha256(v2), "same codes");
        BufferedImage a = TestImages.decode(v1), b = TestImages.decode(v2);
        assertArrayEquals(a.getRGB(0, 0, 96, 64, null, 0, 96), b.getRGB(0, 0, 96, 64, null, 0, 96));
        // and the upgraded file is what this build writes for the same codes with the same codec model (format 1
        // files are all rnc-default's; the writer's default codec is newer) and no restoration filter (the upgrade
        // keeps the pictures as they were) and no code search (the codes are the format 1 file's)
        assertArrayEquals(v2, org.rnc.imageio.RncIO.encode(img, p -> {
            p.setIterations(5);
            p.setAdaptiveRate(false);
            p.setRestorationFilter(false);
            p.setSearchEffort(0);
            p.setModelName(ModelRegistry.DEFAULT_MODEL);
        }));
    }

    @Test
    void upgradeReCodesAFileOfAnOlderEntropyModelAndKeepsItsFilters() throws Exception {
        // an rnc-3 file written with the codec's entropy model before the catalog's (its post-filter and
        // restoration filter included): the upgrade re-codes it with the catalog's and keeps everything else
        BufferedImage img = TestImages.photo(192, 128, BufferedImage.TYPE_INT_RGB);
        String older = "rnc-3-pe1";
        byte[] old;
        System.setProperty(ModelRegistry.ENTROPY_PROPERTY, older);
        try {
            old = org.rnc.imageio.RncIO.encode(img, p -> {
                p.setIterations(6);
                p.setModelName("rnc-3");
            });
        } finally {
            System.clearProperty(ModelRegistry.ENTROPY_PROPERTY);
        }
        RncFileReader.Body before = new RncFileReader(new ByteArrayInputStream(old)).readBody(Integer.MAX_VALUE);
        RncHeader oh = new RncFileReader(new ByteArrayInputStream(old)).readHeader();
        assertEquals(older, oh.entropyModel().name());
        assertNotNull(before.postFilter(), "the writer named its post-filter");
        assertNotNull(before.filter(), "the writer stored a restoration filter");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FormatUpgrade.upgrade(new ByteArrayInputStream(old), out);
        byte[] up = out.toByteArray();
        RncHeader uh = new RncFileReader(new ByteArrayInputStream(up)).readHeader();
        assertEquals(ModelRegistry.entropyFor(uh.model()).id().prefix(), uh.entropyModel());
        assertNotEquals(older, uh.entropyModel().name());
        RncFileReader.Body after = new RncFileReader(new ByteArrayInputStream(up)).readBody(Integer.MAX_VALUE);
        assertArrayEquals(before.postFilter(), after.postFilter());
        assertArrayEquals(before.filter(), after.filter());
        assertEquals(Conformance.codesSha256(old), Conformance.codesSha256(up), "same codes");
        BufferedImage a = TestImages.decode(old), b = TestImages.decode(up);
        assertArrayEquals(a.getRGB(0, 0, 192, 128, null, 0, 192), b.getRGB(0, 0, 192, 128, null, 0, 192));
    }

    @Test
    void versionAndEntropyModelMustAgree() throws Exception {
        byte[] v1 = formatOneFile(TestImages.photo(32, 32, BufferedImage.TYPE_INT_RGB), 2);
        // the same header claiming format 2 names a TensorFlow entropy model: refused, not decoded wrongly
        byte[] forged = v1.clone();
        forged[8 + 8] = 2; // the HEAD payload's first byte (after signature, length and type)
        TestImages.fixChunkCrc(forged, 8);
        IIOException e = assertThrows(IIOException.class, () -> TestImages.decode(forged));
        assertTrue(e.getMessage().contains("portable"), e.getMessage());
    }

    @Test
    void incompleteFilesAreNotUpgraded() throws Exception {
        byte[] v2 = TestImages.encode(TestImages.photo(32, 32, BufferedImage.TYPE_INT_RGB), 3, true);
        List<RncFileReader.Iteration> its = RncFileReader.iterationsOf(v2);
        byte[] cut = java.util.Arrays.copyOf(v2, (int) its.get(1).offset());
        assertThrows(java.io.IOException.class, () -> FormatUpgrade.upgrade(new ByteArrayInputStream(cut), new ByteArrayOutputStream()));
    }
}

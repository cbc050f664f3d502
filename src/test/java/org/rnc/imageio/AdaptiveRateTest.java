package org.rnc.imageio;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

import javax.imageio.ImageReadParam;

import org.junit.jupiter.api.Test;
import org.rnc.TestImages;
import org.rnc.entropy.IterationCoder;
import org.rnc.format.RawBits;
import org.rnc.format.RncFileReader;
import org.rnc.format.RncHeader;
import org.rnc.metrics.ImageQuality;
import org.rnc.model.ModelRegistry;

/** Spatially adaptive rate (format 3): blocks stop at their own iteration, stop flags in the file, prefixes still decode. */
class AdaptiveRateTest {

    /** Half flat, half photo: the flat half should stop early, the photo half go on. */
    static BufferedImage halfFlat(int w, int h) {
        BufferedImage img = TestImages.photo(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(120, 140, 160));
        g.fillRect(0, 0, w / 2, h);
        g.dispose();
        return img;
    }

    /**
     * Without the restoration filter (RestorationFilterTest) and the code search (CodeSearchTest), so that a k-iteration
     * file is a prefix of longer ones and RAW and entropy-coded files hold the same codes.
     */
    static byte[] write(BufferedImage img, int iterations, double target, boolean entropy, int tile) throws IOException {
        return write(img, iterations, target, entropy, tile, true);
    }

    /** As above, with the learned post-filter where it pays ({@code postFilter}) or never. */
    static byte[] write(BufferedImage img, int iterations, double target, boolean entropy, int tile, boolean postFilter)
            throws IOException {
        return RncIO.encode(img, p -> {
            p.setIterations(iterations);
            p.setBlockTargetPsnr(target);
            p.setEntropyCoding(entropy);
            p.setTileSize(tile);
            p.setRestorationFilter(false);
            p.setPostFilter(postFilter);
            p.setSearchEffort(0);
        });
    }

    static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    /** Each block's iteration count, from the decoded codes of the file. */
    static int[] counts(byte[] file) throws Exception {
        RncFileReader r = new RncFileReader(new ByteArrayInputStream(file));
        RncHeader h = r.readHeader();
        IterationCoder coder = IterationCoder.forFile(h, h.coding() == RncHeader.Coding.BINARY_RNN
                ? ModelRegistry.entropy(h.entropyModel()) : null);
        int[] counts = new int[h.blocksHigh() * h.blocksWide()];
        for (RncFileReader.Iteration it : r.readBody(Integer.MAX_VALUE).iterations()) {
            boolean[] a = RawBits.activeBlocks(coder.decode(it.data()), h.codesPerBlock());
            for (int b = 0; b < a.length; b++) if (a[b]) counts[b]++;
        }
        return counts;
    }

    @Test
    void flatBlocksStopEarlyAndTheFileIsSmallerThanEveryBlockAtEveryIteration() throws Exception {
        BufferedImage img = halfFlat(128, 64);
        byte[] adaptive = write(img, 8, 32, true, 1024), uniform = TestImages.encode(img, 8);
        RncHeader h = new RncFileReader(new ByteArrayInputStream(adaptive)).readHeader();
        assertTrue(h.adaptive());
        assertEquals(4, h.version());
        assertFalse(new RncFileReader(new ByteArrayInputStream(uniform)).readHeader().adaptive());
        int[] counts = counts(adaptive);
        int flat = 0, photo = 0;
        for (int b = 0; b < counts.length; b++) {
            assertTrue(counts[b] >= RncImageWriteParam.DEFAULT_MIN_BLOCK_ITERATIONS, "block " + b + ": " + counts[b]);
            if (b % 8 < 4) flat += counts[b];
            else photo += counts[b];
        }
        assertTrue(flat < photo, "flat half " + flat + " iterations, photo half " + photo);
        assertTrue(adaptive.length < uniform.length, adaptive.length + " bytes against " + uniform.length);
        BufferedImage back = TestImages.decode(adaptive);
        assertTrue(ImageQuality.psnr(img, back) > 24, "PSNR " + ImageQuality.psnr(img, back));
        javax.imageio.ImageReader r = javax.imageio.ImageIO.getImageReadersByFormatName("rnc").next();
        try (javax.imageio.stream.ImageInputStream in = javax.imageio.ImageIO.createImageInputStream(new ByteArrayInputStream(adaptive))) {
            r.setInput(in);
            org.w3c.dom.Node tree = r.getImageMetadata(0).getAsTree(RncMetadata.NATIVE_FORMAT);
            assertEquals("TRUE", ((javax.imageio.metadata.IIOMetadataNode) ((org.w3c.dom.Element) tree)
                    .getElementsByTagName("Header").item(0)).getAttribute("adaptive"));
        } finally {
            r.dispose();
        }
    }

    @Test
    void rawAndEntropyCodedAdaptiveFilesDecodeToTheSamePixels() throws IOException {
        BufferedImage img = halfFlat(96, 80);
        byte[] raw = write(img, 7, 30, false, 1024), coded = write(img, 7, 30, true, 1024);
        assertEquals(RncHeader.Coding.RAW, new RncFileReader(new ByteArrayInputStream(raw)).readHeader().coding());
        assertArrayEquals(pixels(TestImages.decode(raw)), pixels(TestImages.decode(coded)));
        List<RncFileReader.Iteration> ri = RncFileReader.iterationsOf(raw), ci = RncFileReader.iterationsOf(coded);
        assertEquals(ri.size(), ci.size());
        for (int t = 0; t < ri.size(); t++)
            assertTrue(ci.get(t).chunkLength() <= ri.get(t).chunkLength() + 1, "iteration " + t + " costs more than RAW");
        assertTrue(ci.stream().anyMatch(i -> i.data()[0] != 0), "some iteration is entropy-coded");
    }

    @Test
    void aKPassReadEqualsAKIterationWriteAlsoInTiles() throws IOException {
        BufferedImage img = halfFlat(100, 70);
        for (int tile : new int[]{1024, 48}) {
            // without the learned post-filter: whether it pays is decided per file, so the 8-iteration file may name it
            // where the 4-iteration one does not
            byte[] full = write(img, 8, 31, true, tile, false);
            ImageReadParam p = new ImageReadParam();
            p.setSourceProgressivePasses(0, 4);
            // the stop rule is causal: a 4-iteration write codes the same first 4 iterations
            assertArrayEquals(pixels(TestImages.decode(write(img, 4, 31, true, tile, false))),
                    pixels(TestImages.decode(full, p, null)), "tile " + tile);
        }
    }

    @Test
    void aTargetNoBlockReachesGivesTheUniformCodecsPixels() throws IOException {
        BufferedImage img = TestImages.photo(64, 48, BufferedImage.TYPE_INT_RGB);
        byte[] adaptive = write(img, 5, 99, true, 1024);
        byte[] uniform = TestImages.encode(img, 5);
        assertArrayEquals(pixels(TestImages.decode(uniform)), pixels(TestImages.decode(adaptive)));
        int[] counts;
        try {
            counts = counts(adaptive);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        for (int c : counts) assertEquals(5, c);
    }

    @Test
    void theWriterStopsWhenEveryBlockHasStopped() throws Exception {
        BufferedImage flat = new BufferedImage(64, 32, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = flat.createGraphics();
        g.setColor(new Color(128, 128, 128));
        g.fillRect(0, 0, 64, 32);
        g.dispose();
        byte[] f = RncIO.encode(flat, p -> {
            p.setBlockTargetPsnr(20);
            p.setMinBlockIterations(1);
        });
        RncHeader h = new RncFileReader(new ByteArrayInputStream(f)).readHeader();
        assertTrue(h.iterations() < 16, h.iterations() + " iterations for a flat grey image");
        for (int c : counts(f)) assertTrue(c >= 1 && c <= h.iterations());
    }

    /**
     * The ladder: a larger cap never asks less of a block, the targets stay within what a cap can reach (24 dB, the
     * lowest the measurements tried, to 40 dB), and a model of 8 iterations climbs it twice as fast as one of 16.
     */
    @Test
    void theLadderRisesWithTheCapWithinItsRangeForAnyModelLength() {
        double previous = 0;
        for (int k = 1; k <= 16; k++) {
            double t = RncImageWriteParam.blockTargetFor(k, 16);
            assertTrue(t >= previous && t >= 24 && t <= 40, "cap " + k + ": " + t + " dB after " + previous);
            previous = t;
            if (k % 2 == 0) assertEquals(t, RncImageWriteParam.blockTargetFor(k / 2, 8), "cap " + k / 2 + " of 8");
        }
        assertTrue(RncImageWriteParam.blockTargetFor(16, 16) > RncImageWriteParam.blockTargetFor(4, 16), "the ladder climbs");
    }

    @Test
    void aBlockCannotGoOnAfterItStopped() {
        IterationCoder coder = new IterationCoder(RncHeader.Coding.RAW, null, 1, 2, 2, true);
        coder.encode(new float[]{1, -1, 1, 1});
        coder.encode(new float[]{0, 0, 1, -1});
        assertThrows(IllegalArgumentException.class, () -> coder.encode(new float[]{1, 1, 1, -1}));
        assertThrows(IllegalArgumentException.class,
                () -> new IterationCoder(RncHeader.Coding.RAW, null, 1, 2, 2, true).encode(new float[]{0, 0, 1, -1}));
    }

    @Test
    void rawAdaptivePayloadsRoundTripAndRejectWrongLengths() throws Exception {
        float[] first = {1, -1, 1, 1, -1, -1}, second = {0, 0, 1, -1, 0, 0};
        IterationCoder enc = new IterationCoder(RncHeader.Coding.RAW, null, 1, 3, 2, true);
        byte[] a = enc.encode(first), b = enc.encode(second);
        assertEquals(1, a.length); // 6 code bits
        assertEquals(1, b.length); // 3 flags + 2 code bits
        assertEquals(0b0101_0000, b[0] & 255, "flags 010 then codes 10");
        IterationCoder dec = IterationCoder.forFile(new RncHeader(48, 16, RncHeader.Colour.RGB, 8, false, RncHeader.Coding.RAW,
                16, 2, 1024, 2, new org.rnc.format.ModelId("m", new byte[32]), null).withAdaptive(true), null);
        assertArrayEquals(first, dec.decode(a));
        assertArrayEquals(second, dec.decode(b));
        IterationCoder dec2 = IterationCoder.forFile(new RncHeader(48, 16, RncHeader.Colour.RGB, 8, false, RncHeader.Coding.RAW,
                16, 2, 1024, 2, new org.rnc.format.ModelId("m", new byte[32]), null).withAdaptive(true), null);
        dec2.decode(a);
        assertThrows(org.rnc.format.RncFormatException.class, () -> dec2.decode(new byte[]{b[0], 0}));
    }

    @Test
    void aTargetBitRateFindsTheLargestCapThatFits() throws Exception {
        BufferedImage img = halfFlat(128, 96);
        double bpp = 0.6;
        byte[] f = RncIO.encode(img, p -> {
            p.setAdaptiveRate(true);
            p.setTargetBitsPerPixel(bpp);
        });
        assertTrue(f.length * 8.0 / (128 * 96) <= bpp, f.length + " bytes");
        int k = new RncFileReader(new ByteArrayInputStream(f)).readHeader().iterations();
        assertTrue(k >= 2 && k < 16, k + " iterations");
        byte[] same = RncIO.encode(img, p -> {
            p.setAdaptiveRate(true);
            p.setIterations(k);
        });
        // the budget's file is the file its cap writes, without the post-filter where no room is left for its chunk
        if (RestorationFilterTest.chunk(same, "POST") > 0 && RestorationFilterTest.chunk(f, "POST") < 0) {
            assertTrue(same.length * 8.0 / (128 * 96) > bpp, "the cap's file with the post-filter is over the budget");
            same = RncIO.encode(img, p -> {
                p.setAdaptiveRate(true);
                p.setIterations(k);
                p.setPostFilter(false);
            });
        }
        assertArrayEquals(same, f, "the budget's file is the file its cap writes");
        byte[] more = RncIO.encode(img, p -> {
            p.setAdaptiveRate(true);
            p.setIterations(k + 1);
        });
        assertTrue(more.length * 8.0 / (128 * 96) > bpp, "cap " + (k + 1) + " would fit too: " + more.length + " bytes");
    }

    @Test
    void theWritersDefaultIsTheAdaptiveRateAtTheDefaultCapAndUniformHasNoStopFlags() throws Exception {
        BufferedImage img = halfFlat(96, 64);
        java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
        assertTrue(javax.imageio.ImageIO.write(img, "rnc", bos));
        byte[] plain = bos.toByteArray();
        RncHeader h = new RncFileReader(new ByteArrayInputStream(plain)).readHeader();
        assertTrue(h.adaptive(), "ImageIO.write writes the adaptive rate");
        assertTrue(h.iterations() <= RncImageWriteParam.DEFAULT_ITERATIONS, h.iterations() + " iterations");
        assertArrayEquals(RncIO.encode(img, p -> p.setIterations(RncImageWriteParam.DEFAULT_ITERATIONS)), plain,
                "no param is the default param at the default cap, whose ladder target is " +
                        RncImageWriteParam.blockTargetFor(RncImageWriteParam.DEFAULT_ITERATIONS, 16) + " dB");
        int[] counts = counts(plain);
        assertTrue(java.util.Arrays.stream(counts).min().getAsInt() < java.util.Arrays.stream(counts).max().getAsInt(),
                "the flat half stops before the photo half");
        // a plain ImageWriteParam's explicit quality caps the adaptive rate as it sets a uniform count
        javax.imageio.ImageWriter w = javax.imageio.ImageIO.getImageWritersByFormatName("rnc").next();
        javax.imageio.ImageWriteParam q = new javax.imageio.ImageWriteParam(null) {{
            canWriteCompressed = true;
            compressionTypes = new String[]{"RNC"};
        }};
        q.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
        q.setCompressionType("RNC");
        q.setCompressionQuality(4 / 16f);
        bos.reset();
        try (var out = javax.imageio.ImageIO.createImageOutputStream(bos)) {
            w.setOutput(out);
            w.write(null, new javax.imageio.IIOImage(img, null, null), q);
        } finally {
            w.dispose();
        }
        assertArrayEquals(RncIO.encode(img, p -> p.setIterations(4)), bos.toByteArray());
        // setAdaptiveRate(false): every block at every iteration, the adaptive flag clear (entropy-coded: format 4)
        byte[] uniform = RncIO.encode(img, p -> p.setAdaptiveRate(false));
        RncHeader u = new RncFileReader(new ByteArrayInputStream(uniform)).readHeader();
        assertFalse(u.adaptive());
        assertEquals(4, u.version());
        assertEquals(0, u.minorVersion());
        assertEquals(RncImageWriteParam.DEFAULT_ITERATIONS, u.iterations());
        assertTrue(plain.length < uniform.length, plain.length + " bytes against " + uniform.length);
    }
}

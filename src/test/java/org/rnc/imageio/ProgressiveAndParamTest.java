package org.rnc.imageio;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.Point;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.event.IIOReadProgressListener;
import javax.imageio.event.IIOReadUpdateListener;
import javax.imageio.stream.ImageInputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rnc.TestImages;
import org.rnc.metrics.ImageQuality;

/** Progressive passes, k-pass reads, write and read params, listeners and abort. */
class ProgressiveAndParamTest {
    static BufferedImage img;
    static byte[] full;
    static final int N = 16;

    @BeforeAll
    static void encodeOnce() throws IOException {
        img = TestImages.photo(96, 64, BufferedImage.TYPE_INT_RGB);
        full = TestImages.encode(img, N);
    }

    static ImageReadParam passes(int k) {
        ImageReadParam p = new ImageReadParam();
        p.setSourceProgressivePasses(0, k);
        return p;
    }

    @Test
    void kPassReadEqualsKIterationWrite() throws IOException {
        for (int k : new int[]{1, 3, 8}) {
            BufferedImage fromPrefix = TestImages.decode(full, passes(k), null);
            BufferedImage direct = TestImages.decode(TestImages.encode(img, k));
            assertArrayEquals(direct.getRGB(0, 0, 96, 64, null, 0, 96), fromPrefix.getRGB(0, 0, 96, 64, null, 0, 96),
                    "k = " + k);
        }
    }

    @Test
    void qualityImprovesAndSizeGrowsByOneChunkPerIteration() throws IOException {
        int chunk = 12 + 2 + (96 / 16) * (64 / 16) * 32 / 8;
        double previousMse = Double.MAX_VALUE;
        List<Double> mses = new ArrayList<>();
        long size1 = TestImages.encode(img, 1, false).length;
        long sizeN = TestImages.encode(img, N, false).length;
        for (int k = 1; k <= N; k++) {
            double mse = ImageQuality.mse(img, TestImages.decode(full, passes(k), null));
            mses.add(mse);
            previousMse = Math.min(previousMse, mse);
        }
        assertEquals(size1 + (long) (N - 1) * chunk, sizeN, "RAW files grow by exactly one chunk per iteration");
        // each iteration refines: error never grows by more than rounding noise, and falls overall
        for (int k = 1; k < mses.size(); k++)
            assertTrue(mses.get(k) <= mses.get(k - 1) * 1.005 + 0.25, "MSE per iteration " + mses);
        assertTrue(mses.get(N - 1) < mses.get(0) * 0.7, "MSE per iteration " + mses);
    }

    @Test
    void passListenersFireOncePerIteration() throws IOException {
        List<String> events = new ArrayList<>();
        int[] progress = {0};
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(full))) {
            ImageReader r = ImageIO.getImageReaders(in).next();
            r.setInput(in);
            r.addIIOReadUpdateListener(new IIOReadUpdateListener() {
                public void passStarted(ImageReader s, BufferedImage i, int pass, int minPass, int maxPass, int minX, int minY, int px, int py, int[] bands) {
                    events.add("start" + pass + "/" + minPass + "-" + maxPass);
                }
                public void imageUpdate(ImageReader s, BufferedImage i, int minX, int minY, int w, int h, int px, int py, int[] bands) {
                    events.add("update" + w + "x" + h);
                }
                public void passComplete(ImageReader s, BufferedImage i) { events.add("done"); }
                public void thumbnailPassStarted(ImageReader s, BufferedImage t, int pass, int minPass, int maxPass, int minX, int minY, int px, int py, int[] bands) {}
                public void thumbnailUpdate(ImageReader s, BufferedImage t, int minX, int minY, int w, int h, int px, int py, int[] bands) {}
                public void thumbnailPassComplete(ImageReader s, BufferedImage t) {}
            });
            r.addIIOReadProgressListener(new ProgressAdapter() {
                @Override public void imageStarted(ImageReader s, int i) { progress[0] |= 1; }
                @Override public void imageComplete(ImageReader s) { progress[0] |= 2; }
            });
            r.read(0);
            r.dispose();
        }
        assertEquals(3 * N, events.size());
        assertEquals("start0/0-15", events.get(0));
        assertEquals("update96x64", events.get(1));
        assertEquals("start15/0-15", events.get(3 * (N - 1)));
        assertEquals(3, progress[0]);
    }

    @Test
    void regionSubsamplingDestinationAndBands() throws IOException {
        BufferedImage whole = TestImages.decode(full);
        ImageReadParam p = new ImageReadParam();
        p.setSourceRegion(new Rectangle(10, 6, 50, 40));
        p.setSourceSubsampling(2, 3, 0, 0);
        BufferedImage sub = TestImages.decode(full, p, null);
        // subsampled by 2 (the finer axis), the reader decodes 6 of the 16 iterations
        assertEquals(6, RncImageReadParam.iterationsFor(N, 2, 3));
        assertEquals(3, RncImageReadParam.iterationsFor(N, 4, 3));
        assertEquals(2, RncImageReadParam.iterationsFor(N, 8, 9));
        assertEquals(2, RncImageReadParam.iterationsFor(2, 3, 3));
        assertEquals(N, RncImageReadParam.iterationsFor(N, 1, 4));
        BufferedImage six = TestImages.decode(full, passes(6), null);
        int differsFromAll = 0;
        for (int y = 0; y < sub.getHeight(); y++)
            for (int x = 0; x < sub.getWidth(); x++) {
                assertEquals(six.getRGB(10 + 2 * x, 6 + 3 * y), sub.getRGB(x, y), "pixel " + x + "," + y);
                if (whole.getRGB(10 + 2 * x, 6 + 3 * y) != sub.getRGB(x, y)) differsFromAll++;
            }
        assertTrue(differsFromAll > 0, "6 iterations give another picture than 16");
        RncImageReadParam all = new RncImageReadParam();
        all.setSourceRegion(new Rectangle(10, 6, 50, 40));
        all.setSourceSubsampling(2, 3, 0, 0);
        all.setDecodeAllIterations(true);
        sub = TestImages.decode(full, all, null);
        assertEquals(25, sub.getWidth());
        assertEquals(14, sub.getHeight());
        for (int y = 0; y < sub.getHeight(); y++)
            for (int x = 0; x < sub.getWidth(); x++)
                assertEquals(whole.getRGB(10 + 2 * x, 6 + 3 * y), sub.getRGB(x, y), "all iterations, pixel " + x + "," + y);
        // so does choosing the passes on RncImageReadParam, even all of them
        RncImageReadParam chosen = new RncImageReadParam();
        chosen.setSourceSubsampling(2, 3, 0, 0);
        chosen.setSourceProgressivePasses(0, Integer.MAX_VALUE);
        BufferedImage allPasses = TestImages.decode(full, chosen, null);
        assertEquals(whole.getRGB(2 * 30, 3 * 20), allPasses.getRGB(30, 20));
        assertEquals(whole.getRGB(2 * 41, 3 * 11), allPasses.getRGB(41, 11));
        // caller's destination of another type, with an offset
        BufferedImage dest = new BufferedImage(120, 80, BufferedImage.TYPE_3BYTE_BGR);
        ImageReadParam q = new ImageReadParam();
        q.setDestination(dest);
        q.setDestinationOffset(new Point(5, 7));
        BufferedImage got = TestImages.decode(full, q, null);
        assertSame(dest, got);
        assertEquals(whole.getRGB(3, 4) & 0xFFFFFF, dest.getRGB(8, 11) & 0xFFFFFF);
        assertEquals(0, dest.getRGB(2, 2) & 0xFFFFFF, "outside the destination region stays untouched");
        // band selection: red of the source into band 0 of a grey destination
        BufferedImage grey = new BufferedImage(96, 64, BufferedImage.TYPE_BYTE_GRAY);
        ImageReadParam b = new ImageReadParam();
        b.setDestination(grey);
        b.setSourceBands(new int[]{0});
        b.setDestinationBands(new int[]{0});
        TestImages.decode(full, b, null);
        assertEquals((whole.getRGB(40, 30) >> 16) & 255, grey.getRaster().getSample(40, 30, 0));
    }

    @Test
    void writeParamQualityIterationsAndTargetBpp() throws IOException {
        RncImageWriteParam p = new RncImageWriteParam(null);
        assertTrue(p.canWriteCompressed());
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        for (int k = 1; k <= 16; k++) {
            p.setCompressionQuality(k / 16f);
            assertEquals(k, p.resolveIterations(16), "q = " + k + "/16");
        }
        p.setCompressionQuality(0f);
        assertEquals(1, p.resolveIterations(16));
        assertEquals(0.125f, p.getBitRate(0.01f), 1e-6);
        assertFalse(p.isCompressionLossless());

        // through the ImageIO writer: quality 3/16 gives 3 chunks
        var w = ImageIO.getImageWritersByFormatName("rnc").next();
        var bos = new java.io.ByteArrayOutputStream();
        try (var out = ImageIO.createImageOutputStream(bos)) {
            ImageWriteParam wp = w.getDefaultWriteParam();
            wp.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            wp.setCompressionQuality(3 / 16f);
            w.setOutput(out);
            w.write(null, new javax.imageio.IIOImage(img, null, null), wp);
        }
        assertArrayEquals(RncIO.encode(img, q -> q.setIterations(3)), bos.toByteArray());
        // target bit rate: the largest iteration count within the budget
        RncImageWriteParam t = (RncImageWriteParam) w.getDefaultWriteParam();
        t.setTargetBitsPerPixel(0.5);
        bos.reset();
        try (var out = ImageIO.createImageOutputStream(bos)) {
            w.setOutput(out);
            w.write(null, new javax.imageio.IIOImage(img, null, null), t);
        }
        double bpp = bos.size() * 8.0 / (96 * 64);
        assertTrue(bpp <= 0.5 && bpp > 0.5 - 0.125 - 0.05, "bpp " + bpp);
        w.dispose();
    }

    @Test
    void writeParamSourceRegion() throws IOException {
        var w = ImageIO.getImageWritersByFormatName("rnc").next();
        var bos = new java.io.ByteArrayOutputStream();
        try (var out = ImageIO.createImageOutputStream(bos)) {
            ImageWriteParam wp = w.getDefaultWriteParam();
            wp.setSourceRegion(new Rectangle(8, 8, 40, 30));
            wp.setSourceSubsampling(2, 2, 0, 0);
            w.setOutput(out);
            w.write(null, new javax.imageio.IIOImage(img, null, null), wp);
        }
        BufferedImage back = TestImages.decode(bos.toByteArray());
        assertEquals(20, back.getWidth());
        assertEquals(15, back.getHeight());
        w.dispose();
    }

    @Test
    void abortStopsBetweenIterations() throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(full))) {
            ImageReader r = ImageIO.getImageReaders(in).next();
            r.setInput(in);
            int[] passesDone = {0};
            boolean[] aborted = {false};
            r.addIIOReadUpdateListener(new IIOReadUpdateListener() {
                public void passStarted(ImageReader s, BufferedImage i, int pass, int minPass, int maxPass, int minX, int minY, int px, int py, int[] bands) {}
                public void imageUpdate(ImageReader s, BufferedImage i, int minX, int minY, int w, int h, int px, int py, int[] bands) {}
                public void passComplete(ImageReader s, BufferedImage i) {
                    if (++passesDone[0] == 2) s.abort();
                }
                public void thumbnailPassStarted(ImageReader s, BufferedImage t, int pass, int minPass, int maxPass, int minX, int minY, int px, int py, int[] bands) {}
                public void thumbnailUpdate(ImageReader s, BufferedImage t, int minX, int minY, int w, int h, int px, int py, int[] bands) {}
                public void thumbnailPassComplete(ImageReader s, BufferedImage t) {}
            });
            r.addIIOReadProgressListener(new ProgressAdapter() {
                @Override public void readAborted(ImageReader s) { aborted[0] = true; }
            });
            BufferedImage partial = r.read(0);
            assertNotNull(partial);
            assertEquals(2, passesDone[0]);
            assertTrue(aborted[0]);
            r.dispose();
        }
    }

    /**
     * Without an update listener the reader turns only the last pass into pixels: the picture must be the one a listener
     * sees last, and an abort (from a progress listener) must still leave the iterations decoded so far.
     */
    @Test
    void unwatchedReadsGiveTheLastPassAndAnAbortKeepsWhatDecoded() throws IOException {
        BufferedImage[] last = {null};
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(full))) {
            ImageReader r = ImageIO.getImageReaders(in).next();
            r.setInput(in);
            r.addIIOReadUpdateListener(new IIOReadUpdateListener() {
                public void passStarted(ImageReader s, BufferedImage i, int pass, int minPass, int maxPass, int minX, int minY, int px, int py, int[] bands) {}
                public void imageUpdate(ImageReader s, BufferedImage i, int minX, int minY, int w, int h, int px, int py, int[] bands) {}
                public void passComplete(ImageReader s, BufferedImage i) {
                    last[0] = new BufferedImage(i.getColorModel(), i.copyData(null), i.isAlphaPremultiplied(), null);
                }
                public void thumbnailPassStarted(ImageReader s, BufferedImage t, int pass, int minPass, int maxPass, int minX, int minY, int px, int py, int[] bands) {}
                public void thumbnailUpdate(ImageReader s, BufferedImage t, int minX, int minY, int w, int h, int px, int py, int[] bands) {}
                public void thumbnailPassComplete(ImageReader s, BufferedImage t) {}
            });
            r.read(0);
            r.dispose();
        }
        assertArrayEquals(last[0].getRGB(0, 0, 96, 64, null, 0, 96), TestImages.decode(full).getRGB(0, 0, 96, 64, null, 0, 96));
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(full))) {
            ImageReader r = ImageIO.getImageReaders(in).next();
            r.setInput(in);
            boolean[] aborted = {false};
            r.addIIOReadProgressListener(new ProgressAdapter() {
                @Override public void imageProgress(ImageReader s, float pct) {
                    if (pct >= 100f * 3 / N) s.abort(); // after 3 of the 16 iterations
                }
                @Override public void readAborted(ImageReader s) { aborted[0] = true; }
            });
            BufferedImage partial = r.read(0);
            r.dispose();
            assertTrue(aborted[0]);
            assertArrayEquals(TestImages.decode(full, passes(3), null).getRGB(0, 0, 96, 64, null, 0, 96),
                    partial.getRGB(0, 0, 96, 64, null, 0, 96), "an abort leaves the picture of the iterations decoded");
        }
    }

    @Test
    void abortDuringEntropyCodingWritesNothing() throws IOException {
        int iterations = 3; // one tile: the networks report progress 3 times, then entropy coding begins
        var w = ImageIO.getImageWritersByFormatName("rnc").next();
        var bos = new java.io.ByteArrayOutputStream();
        List<String> events = new ArrayList<>();
        w.addIIOWriteProgressListener(new javax.imageio.event.IIOWriteProgressListener() {
            int reports;
            public void imageStarted(javax.imageio.ImageWriter s, int i) {}
            public void imageProgress(javax.imageio.ImageWriter s, float pct) {
                if (++reports == iterations + 1) { // after the first iteration is entropy-coded
                    events.add("abort at " + pct);
                    s.abort();
                }
            }
            public void imageComplete(javax.imageio.ImageWriter s) { events.add("complete"); }
            public void thumbnailStarted(javax.imageio.ImageWriter s, int i, int t) {}
            public void thumbnailProgress(javax.imageio.ImageWriter s, float pct) {}
            public void thumbnailComplete(javax.imageio.ImageWriter s) {}
            public void writeAborted(javax.imageio.ImageWriter s) { events.add("aborted"); }
        });
        try (var out = ImageIO.createImageOutputStream(bos)) {
            RncImageWriteParam p = (RncImageWriteParam) w.getDefaultWriteParam();
            p.setIterations(iterations);
            assertTrue(p.getEntropyCoding());
            w.setOutput(out);
            w.write(null, new javax.imageio.IIOImage(img, null, null), p);
        }
        w.dispose();
        assertEquals(2, events.size(), events.toString());
        assertTrue(events.get(0).startsWith("abort at") && !events.get(0).equals("abort at 100.0"), events.toString());
        assertEquals("aborted", events.get(1));
        assertEquals(0, bos.size(), "an aborted write leaves the output untouched");
    }

    static class ProgressAdapter implements IIOReadProgressListener {
        public void sequenceStarted(ImageReader s, int minIndex) {}
        public void sequenceComplete(ImageReader s) {}
        public void imageStarted(ImageReader s, int imageIndex) {}
        public void imageProgress(ImageReader s, float pct) {}
        public void imageComplete(ImageReader s) {}
        public void thumbnailStarted(ImageReader s, int imageIndex, int thumbnailIndex) {}
        public void thumbnailProgress(ImageReader s, float pct) {}
        public void thumbnailComplete(ImageReader s) {}
        public void readAborted(ImageReader s) {}
    }
}

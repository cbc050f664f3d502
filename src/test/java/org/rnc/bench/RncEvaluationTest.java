package org.rnc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rnc.TestImages;
import org.rnc.metrics.ImageQuality;

class RncEvaluationTest {

    @Test
    void timedEvaluationMatchesThePlainOneAndKeepsTheImages() throws Exception {
        assumeTrue(BenchRunnerTest.modelAvailable(), "no RNC model installed");
        BufferedImage img = TestImages.photo(192, 176, BufferedImage.TYPE_INT_RGB);
        List<RncEvaluation.Point> plain = RncEvaluation.evaluate(img, 3, null);
        List<RncEvaluation.Timed> timed = RncEvaluation.evaluateTimed(img, 3, null, true);
        assertEquals(3, timed.size());
        for (int k = 0; k < 3; k++) {
            RncEvaluation.Timed t = timed.get(k);
            assertEquals(plain.get(k), t.point());
            assertNotNull(t.decoded());
            assertEquals(t.point().psnr(), ImageQuality.psnr(img, t.decoded()), 1e-12);
            assertTrue(t.encodeMs() > 0 && t.decodeMs() > 0);
        }
        // times are cumulative over the passes; with the restoration filter or the post-filter each point adds its own
        // choice (and filtering), which need not grow with k, so the cumulative part is checked without them
        List<RncEvaluation.Timed> unfiltered = RncEvaluation.evaluateTimed(img, 3, null, false, p -> {
            p.setAdaptiveRate(false);
            p.setRestorationFilter(false);
            p.setPostFilter(false);
        });
        for (int k = 1; k < 3; k++) {
            assertTrue(unfiltered.get(k).encodeMs() >= unfiltered.get(k - 1).encodeMs());
            assertTrue(unfiltered.get(k).decodeMs() >= unfiltered.get(k - 1).decodeMs());
        }
        assertNull(RncEvaluation.evaluateTimed(img, 1, null, false).get(0).decoded());
    }

    /**
     * Every prefix point is the file a k-iteration write without the code search makes, restoration filter and post-filter
     * included: its size and its picture (one tile, no padding, so the evaluation fits the filter on the same picture as
     * the writer).
     */
    @Test
    void eachPointIsTheFileAWriteOfThatManyIterationsMakes() throws Exception {
        assumeTrue(BenchRunnerTest.modelAvailable(), "no RNC model installed");
        BufferedImage img = kodimCrop();
        List<RncEvaluation.Timed> timed = RncEvaluation.evaluateTimed(img, 5, null, true);
        int filtered = 0, posted = 0;
        for (int k = 1; k <= 5; k++) {
            int n = k;
            byte[] file = org.rnc.imageio.RncIO.encode(img, p -> {
                p.setIterations(n);
                p.setAdaptiveRate(false);
                p.setSearchEffort(0); // a searched file's prefixes are not the shorter searched files
            });
            if (org.rnc.imageio.RestorationFilterTest.chunk(file, "FILT") > 0) filtered++;
            if (org.rnc.imageio.RestorationFilterTest.chunk(file, "POST") > 0) posted++;
            RncEvaluation.Point pt = timed.get(k - 1).point();
            assertEquals(file.length, pt.bytes(), "bytes at " + k + " iterations");
            assertEquals(ImageQuality.psnr(img, TestImages.decode(file)), pt.psnr(), 1e-9, "PSNR at " + k + " iterations");
        }
        assertTrue(filtered > 0 && filtered < 5, filtered + " of 5 files with a filter: the check saw both kinds");
        assertTrue(posted > 0, "the check saw files that name the post-filter");
    }

    /** {@code rnc-adaptive-search-fast} measures the file a writer at search effort 1 makes, cap by cap. */
    @Test
    void theFastSearchCodecMeasuresTheWritersFiles() throws Exception {
        assumeTrue(BenchRunnerTest.modelAvailable(), "no RNC model installed");
        BufferedImage img = kodimCrop();
        List<BenchCodec.Result> results = new RncSearchBenchCodec(2, null, true, 1).measure(img, false, n -> {}, m -> fail(m));
        assertEquals(2, results.size());
        for (int k = 1; k <= 2; k++) {
            int n = k;
            byte[] file = org.rnc.imageio.RncIO.encode(img, p -> {
                p.setIterations(n);
                p.setSearchEffort(1);
            });
            assertEquals(file.length, results.get(k - 1).bytes(), "bytes at cap " + k);
            assertEquals(ImageQuality.psnr(img, TestImages.decode(file)), results.get(k - 1).psnr(), 1e-9, "PSNR at cap " + k);
        }
    }

    private static BufferedImage kodimCrop() throws java.io.IOException {
        try (java.io.InputStream in = ImageQuality.class.getResourceAsStream("kodim23-crop256.png")) {
            return javax.imageio.ImageIO.read(in);
        }
    }
}

package org.rnc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
            if (k > 0) {
                assertTrue(t.encodeMs() >= timed.get(k - 1).encodeMs());
                assertTrue(t.decodeMs() >= timed.get(k - 1).decodeMs());
            }
        }
        assertNull(RncEvaluation.evaluateTimed(img, 1, null, false).get(0).decoded());
    }
}

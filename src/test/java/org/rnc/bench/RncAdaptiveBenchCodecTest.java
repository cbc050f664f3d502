package org.rnc.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rnc.TestImages;

/** The adaptive bench codec: one point per cap, the low caps exactly the uniform codec's, sizes that grow with the cap. */
class RncAdaptiveBenchCodecTest {
    @Test
    void onePointPerCapAndTheLowCapsAreTheUniformFiles() throws Exception {
        BufferedImage img = BenchRunner.toRgb(TestImages.photo(96, 64, BufferedImage.TYPE_INT_RGB));
        List<String> failed = new ArrayList<>();
        int[] done = {0};
        List<BenchCodec.Result> a = new RncAdaptiveBenchCodec(9, null).measure(img, false, n -> done[0] += n, failed::add);
        List<BenchCodec.Result> u = new RncBenchCodec(3, null).measure(img, false, n -> {}, failed::add);
        assertTrue(failed.isEmpty(), failed.toString());
        assertEquals(9, done[0]);
        assertEquals(9, a.size());
        for (int k = 1; k <= 9; k++) assertEquals("it" + k, a.get(k - 1).setting());
        // the same codes below the minimum of 3 iterations per block: both format 4 files, one header (the adaptive
        // one's flag set), and iterations 2 and 3 hold their stop flags, all 1, which the adaptive flag model codes in a
        // few bytes
        assertEquals(u.get(0).bytes(), a.get(0).bytes(), "cap 1");
        for (int k = 0; k < 3; k++) {
            assertEquals(u.get(k).psnr(), a.get(k).psnr(), 0.0, "cap " + (k + 1) + " codes every block");
            assertTrue(a.get(k).bytes() - u.get(k).bytes() <= 8 * k, "cap " + (k + 1) + ": " + a.get(k).bytes() + " bytes");
        }
        for (int k = 1; k < 9; k++) assertTrue(a.get(k).bytes() >= a.get(k - 1).bytes(), "cap " + (k + 1));
    }
}

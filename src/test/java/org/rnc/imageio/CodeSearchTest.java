package org.rnc.imageio;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.rnc.TestImages;
import org.rnc.metrics.ImageQuality;

/** The writer's code search (setSearchEffort): same format and decoder, other codes for the iteration that ends the file. */
class CodeSearchTest {

    static byte[] write(BufferedImage img, int iterations, boolean adaptive, boolean entropy, int effort) throws IOException {
        return RncIO.encode(img, p -> {
            p.setIterations(iterations);
            p.setAdaptiveRate(adaptive);
            p.setEntropyCoding(entropy);
            p.setSearchEffort(effort);
        });
    }

    @Test
    void inRawFilesTheSearchOnlyLowersTheErrorAndKeepsTheSize() throws Exception {
        // RAW codes cost the same whatever they are, so every flip kept must lower the squared error
        BufferedImage img = TestImages.photo(80, 64, BufferedImage.TYPE_INT_RGB);
        byte[] plain = write(img, 2, false, false, 0), searched = write(img, 2, false, false, 2);
        assertEquals(plain.length, searched.length);
        assertFalse(Arrays.equals(plain, searched), "the search changed no code");
        double before = ImageQuality.mse(img, TestImages.decode(plain)), after = ImageQuality.mse(img, TestImages.decode(searched));
        assertTrue(after < before, "MSE " + after + " searched against " + before + " plain");
    }

    @Test
    void searchedFilesDecodeAndRepeatBitForBit() throws Exception {
        BufferedImage img = TestImages.photo(96, 48, BufferedImage.TYPE_3BYTE_BGR);
        for (boolean adaptive : new boolean[]{false, true}) {
            byte[] a = write(img, 3, adaptive, true, 1), b = write(img, 3, adaptive, true, 1);
            assertArrayEquals(a, b, "adaptive " + adaptive + ": two encodes on one machine differ");
            BufferedImage back = TestImages.decode(a); // entropy-coded: the checksums hold
            assertEquals(96, back.getWidth());
            assertTrue(TestImages.psnr(img, back) > 15, "adaptive " + adaptive);
            // only the last iteration is searched: the two-iteration prefix is the plain file's
            byte[] plain = write(img, 3, adaptive, true, 0);
            assertEquals(TestImages.psnr(TestImages.decode(plain, firstPasses(2), null), img),
                    TestImages.psnr(TestImages.decode(a, firstPasses(2), null), img), 1e-9, "adaptive " + adaptive);
        }
    }

    @Test
    void theWritersDefaultIsThePlainEncode() throws Exception {
        BufferedImage img = TestImages.photo(96, 64, BufferedImage.TYPE_INT_RGB);
        byte[] byDefault = RncIO.encode(img, p -> p.setIterations(3));
        assertArrayEquals(write(img, 3, true, true, 0), byDefault, "the default param does not search");
        assertFalse(Arrays.equals(write(img, 3, true, true, 1), byDefault), "effort 1 changes codes");
    }

    private static RncImageReadParam firstPasses(int n) {
        RncImageReadParam p = new RncImageReadParam();
        p.setSourceProgressivePasses(0, n);
        return p;
    }

    @Test
    void effortIsZeroOneOrTwo() {
        RncImageWriteParam p = new RncImageWriteParam(java.util.Locale.ROOT);
        assertEquals(0, p.getSearchEffort(), "no search by default");
        assertThrows(IllegalArgumentException.class, () -> p.setSearchEffort(3));
        assertThrows(IllegalArgumentException.class, () -> p.setSearchEffort(-1));
    }
}

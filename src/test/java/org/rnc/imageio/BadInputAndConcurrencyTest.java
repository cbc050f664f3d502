package org.rnc.imageio;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.imageio.IIOException;

import org.junit.jupiter.api.Test;
import org.rnc.TestImages;
import org.rnc.format.Chunks;
import org.rnc.model.CodecModel;
import org.rnc.model.ModelRegistry;

/** Truncated and corrupt files, unknown models, and many threads sharing one model. */
class BadInputAndConcurrencyTest {

    @Test
    void truncatedFileDecodesItsCompleteIterationsWithAWarning() throws IOException {
        BufferedImage img = TestImages.photo(48, 32, BufferedImage.TYPE_INT_RGB);
        byte[] full = TestImages.encode(img, 5);
        byte[] three = TestImages.encode(img, 3);
        int chunk = 12 + 2 + 3 * 2 * 4;
        // cut inside iteration 4: same pixels as a 3-iteration file
        byte[] cut = Arrays.copyOf(full, three.length - 12 + chunk / 2);
        List<String> warnings = new ArrayList<>();
        BufferedImage partial = TestImages.decode(cut, null, warnings);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("3 of 5"), warnings.get(0));
        BufferedImage expected = TestImages.decode(three);
        assertArrayEquals(expected.getRGB(0, 0, 48, 32, null, 0, 48), partial.getRGB(0, 0, 48, 32, null, 0, 48));
    }

    @Test
    void everyPrefixDecodesOrFailsWithIioException() throws IOException {
        byte[] full = TestImages.encode(TestImages.photo(20, 20, BufferedImage.TYPE_INT_RGB), 2);
        for (int n = 0; n < full.length; n++) {
            byte[] prefix = Arrays.copyOf(full, n);
            try {
                BufferedImage b = TestImages.decode(prefix);
                assertEquals(20, b.getWidth());
            } catch (IIOException expected) {
                assertNotNull(expected.getMessage());
            } catch (java.util.NoSuchElementException notRecognised) {
                assertTrue(n < Chunks.MAGIC.length, "only a prefix shorter than the signature is unrecognised, n = " + n);
            }
        }
    }

    /** Bounded fuzz loop with fixed seeds; {@code -Drnc.fuzz.trials=N} runs a longer one. */
    @Test
    void corruptBytesGiveIioExceptionNeverACrash() throws IOException {
        int trials = Integer.getInteger("rnc.fuzz.trials", 60);
        byte[] full = TestImages.encode(TestImages.photo(40, 24, BufferedImage.TYPE_INT_RGB), 2);
        java.util.Random r = new java.util.Random(42);
        int failures = 0, flippedOnly = 0; // failures: damage noticed (an error, or a warning and fewer iterations)
        for (int trial = 0; trial < trials; trial++) {
            byte[] bad = full.clone();
            int flips = 1 + r.nextInt(3);
            for (int f = 0; f < flips; f++) {
                int at = Chunks.MAGIC.length + r.nextInt(full.length - Chunks.MAGIC.length);
                bad[at] ^= (byte) (1 + r.nextInt(255));
            }
            boolean truncated = r.nextInt(4) == 0;
            if (truncated) bad = Arrays.copyOf(bad, r.nextInt(bad.length));
            else flippedOnly++;
            List<String> warnings = new ArrayList<>();
            try {
                BufferedImage img = TestImages.decode(bad, null, warnings);
                assertEquals(40, img.getWidth(), "a damaged file that decodes still has its size");
                if (!truncated && !warnings.isEmpty()) failures++;
            } catch (IIOException e) {
                if (!truncated) failures++;
            } catch (java.util.NoSuchElementException unrecognised) {
                if (!truncated) failures++; // signature damaged: no reader claims it, as for any non-image
            }
        }
        assertTrue(failures > flippedOnly * 0.9, "CRCs catch nearly every flipped byte: " + failures + " of " + flippedOnly);
    }

    @Test
    void crcMismatchInALaterIterationCostsOnlyThatIteration() throws IOException {
        byte[] full = TestImages.encode(TestImages.photo(32, 32, BufferedImage.TYPE_INT_RGB), 2);
        byte[] bad = full.clone();
        // a byte inside the last iteration's range coder stream: in a format 4 file the CRC of its codes catches it
        bad[(int) org.rnc.format.RncFileReader.iterationsOf(full).get(1).end() - 2] ^= 1;
        List<String> warnings = new ArrayList<>();
        BufferedImage got = TestImages.decode(bad, null, warnings);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("iteration 2") && warnings.get(0).contains("checksum"), warnings.get(0));
        // the same picture as reading one pass, which needs only the first chunk
        javax.imageio.ImageReadParam one = new javax.imageio.ImageReadParam();
        one.setSourceProgressivePasses(0, 1);
        assertArrayEquals(TestImages.decode(full, one, null).getRGB(0, 0, 32, 32, null, 0, 32),
                got.getRGB(0, 0, 32, 32, null, 0, 32));
    }

    @Test
    void unknownModelAndImpossibleSize() throws IOException {
        byte[] full = TestImages.encode(TestImages.photo(16, 16, BufferedImage.TYPE_INT_RGB), 1);
        // flip one byte of the model hash inside HEAD and repair the HEAD CRC
        int headLen = ((full[8] & 255) << 24) | ((full[9] & 255) << 16) | ((full[10] & 255) << 8) | (full[11] & 255);
        byte[] other = full.clone();
        other[16 + headLen - 1] ^= 1;
        TestImages.fixChunkCrc(other, 8); // HEAD follows the 8-byte signature
        IIOException e = assertThrows(IIOException.class, () -> TestImages.decode(other));
        // the flipped byte is the entropy model's hash, the last field of HEAD
        String entropy = ModelRegistry.catalogEntropyName(ModelRegistry.defaultModelName());
        assertTrue(e.getMessage().contains("needs entropy model " + entropy + " sha256 "), e.getMessage());
        // a header claiming (2^31-16)^2 pixels, the largest whose padded size is still an int
        byte[] huge = full.clone();
        for (int i = 0; i < 8; i++) huge[18 + i] = (byte) (i % 4 == 0 ? 0x7F : i % 4 == 3 ? 0xF0 : 0xFF);
        TestImages.fixChunkCrc(huge, 8); // HEAD follows the 8-byte signature
        IIOException big = assertThrows(IIOException.class, () -> TestImages.decode(huge));
        assertTrue(big.getMessage().contains("limit"), big.getMessage());
        // 2^31-1 pads past the int range: refused by the header itself
        byte[] over = full.clone();
        for (int i = 0; i < 8; i++) over[18 + i] = (byte) (i % 4 == 0 ? 0x7F : 0xFF);
        TestImages.fixChunkCrc(over, 8); // HEAD follows the 8-byte signature
        IIOException padded = assertThrows(IIOException.class, () -> TestImages.decode(over));
        assertTrue(padded.getMessage().contains("padded"), padded.getMessage());
    }

    @Test
    void threadsShareOneModelAndGetTheSingleThreadedResult() throws Exception {
        BufferedImage img = TestImages.photo(64, 48, BufferedImage.TYPE_INT_RGB);
        byte[] reference = TestImages.encode(img, 4);
        int[] referencePixels = TestImages.decode(reference).getRGB(0, 0, 64, 48, null, 0, 64);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> jobs = new ArrayList<>();
            for (int i = 0; i < 12; i++)
                jobs.add(pool.submit(() -> {
                    byte[] f = TestImages.encode(img, 4);
                    int[] px = TestImages.decode(f).getRGB(0, 0, 64, 48, null, 0, 64);
                    return Arrays.equals(reference, f) && Arrays.equals(referencePixels, px);
                }));
            for (Future<Boolean> j : jobs) assertTrue(j.get());
        } finally {
            pool.shutdown();
        }
        CodecModel m = ModelRegistry.get(ModelRegistry.DEFAULT_MODEL);
        assertSame(m, ModelRegistry.get(ModelRegistry.DEFAULT_MODEL), "one loaded model per process");
        assertEquals(0, m.openSteppers(), "every encoder and decoder was closed");
    }
}

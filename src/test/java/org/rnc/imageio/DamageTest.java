package org.rnc.imageio;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.junit.jupiter.api.Test;
import org.rnc.TestImages;
import org.rnc.format.RncFileReader;

/** Damage in iteration k > 1 costs iterations k and later, with a warning; damage in iteration 1 is an error. */
class DamageTest {
    static final int W = 96, H = 64;
    static final BufferedImage IMG = TestImages.photo(W, H, BufferedImage.TYPE_INT_RGB);

    static byte[] write(int iterations, boolean entropy, int tile) throws IOException {
        return RncIO.encode(IMG, p -> {
            p.setIterations(iterations);
            p.setEntropyCoding(entropy);
            p.setTileSize(tile);
        });
    }

    static ImageReadParam passes(int min, int k) {
        ImageReadParam p = new ImageReadParam();
        p.setSourceProgressivePasses(min, k);
        return p;
    }

    static int[] pixels(BufferedImage b) {
        return b.getRGB(0, 0, W, H, null, 0, W);
    }

    /** Offset of the first payload byte after the index in the ITER chunk of iteration {@code k} (1-based). */
    static int iterData(byte[] file, int k) throws IOException {
        return (int) RncFileReader.iterationsOf(file).get(k - 1).offset() + 8 + 2;
    }

    /** Recomputes the CRC of the ITER chunk of iteration {@code k} after its payload was edited. */
    static void fixCrc(byte[] file, List<RncFileReader.Iteration> its, int k) {
        TestImages.fixChunkCrc(file, (int) its.get(k - 1).offset());
    }

    @Test
    void crcDamageInIterationThreeGivesTwoIterations() throws IOException {
        for (int tile : new int[]{1024, 32}) { // one tile (pass by pass) and several (codes first)
            byte[] file = write(4, false, tile);
            byte[] bad = file.clone();
            bad[iterData(file, 3) + 5] ^= 0x20;
            List<String> warnings = new ArrayList<>();
            BufferedImage got = TestImages.decode(bad, null, warnings);
            BufferedImage two = TestImages.decode(file, passes(0, 2), null);
            assertArrayEquals(pixels(two), pixels(got), "tile " + tile);
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("iteration 3") && warnings.get(0).contains("CRC"), warnings.get(0));
            // a read that never reaches the damage does not notice it
            List<String> none = new ArrayList<>();
            assertArrayEquals(pixels(two), pixels(TestImages.decode(bad, passes(0, 2), none)));
            assertEquals(List.of(), none);
            // asking only for passes after the damage still gives the picture that decoded
            assertArrayEquals(pixels(two), pixels(TestImages.decode(bad, passes(3, 1), null)), "tile " + tile);
        }
    }

    @Test
    void crcDamageInIterationOneIsAnError() throws IOException {
        byte[] file = write(4, false, 1024);
        byte[] bad = file.clone();
        bad[iterData(file, 1) + 5] ^= 0x20;
        IIOException e = assertThrows(IIOException.class, () -> TestImages.decode(bad));
        assertTrue(e.getMessage().contains("CRC"), e.getMessage());
    }

    @Test
    void entropyChecksumFailureInIterationThreeGivesTwoIterations() throws IOException {
        for (int tile : new int[]{1024, 32}) {
            byte[] file = write(4, true, tile);
            List<RncFileReader.Iteration> its = RncFileReader.iterationsOf(file);
            // mode byte, then (modes 1-3) the CRC of the codes: damaging that CRC makes the decode check fail
            assertNotEquals(0, its.get(2).data()[0], "iteration 3 is arithmetic-coded");
            byte[] bad = file.clone();
            bad[iterData(file, 3) + 1] ^= 0x01;
            fixCrc(bad, its, 3); // the chunk itself looks intact
            List<String> warnings = new ArrayList<>();
            BufferedImage got = TestImages.decode(bad, null, warnings);
            assertArrayEquals(pixels(TestImages.decode(file, passes(0, 2), null)), pixels(got), "tile " + tile);
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("iteration 3"), warnings.get(0));
            // the same damage in iteration 1 leaves no picture
            byte[] first = file.clone();
            first[iterData(file, 1) + 1] ^= 0x01;
            fixCrc(first, its, 1);
            if (its.get(0).data()[0] != 0) assertThrows(IIOException.class, () -> TestImages.decode(first));
        }
    }

    @Test
    void metadataOfADamagedFileListsTheGoodIterations() throws IOException {
        byte[] file = write(4, false, 1024);
        byte[] bad = file.clone();
        bad[iterData(file, 3) + 5] ^= 0x20;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bad))) {
            ImageReader r = ImageIO.getImageReaders(in).next();
            r.setInput(in);
            RncMetadata m = (RncMetadata) r.getImageMetadata(0);
            assertEquals(4, m.header().iterations());
            assertEquals(2, m.iterations().size());
            r.dispose();
        }
    }
}

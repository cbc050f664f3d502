package org.rnc.imageio;

import static org.junit.jupiter.api.Assertions.*;
import static org.rnc.imageio.RestorationFilterTest.chunk;
import static org.rnc.imageio.RestorationFilterTest.payload;
import static org.rnc.imageio.RestorationFilterTest.payloadAt;
import static org.rnc.imageio.RestorationFilterTest.planes;
import static org.rnc.imageio.RestorationFilterTest.size;
import static org.rnc.imageio.RestorationFilterTest.withoutChunk;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rnc.TestImages;
import org.rnc.codec.Restoration;
import org.rnc.format.RncFileReader;
import org.rnc.format.RncHeader;
import org.rnc.metrics.ImageQuality;
import org.rnc.model.ModelRegistry;
import org.rnc.model.PostFilterModel;

/**
 * The learned post-filter in files (format 2.3 / 3.2, {@code POST}): the writer names the catalog's post-filter where
 * it pays, the reader runs it on every picture it shows (told the passes it holds) before the restoration filter, and a
 * reader without it (older, or lacking the model) shows the picture without it.
 */
public class PostFilterTest {
    private static BufferedImage photo;
    private static PostFilterModel post;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = ImageQuality.class.getResourceAsStream("kodim23-crop256.png")) {
            assertNotNull(in);
            photo = ImageIO.read(in);
        }
        post = ModelRegistry.postFilterFor(ModelRegistry.get(ModelRegistry.defaultModelName()).id());
        assertNotNull(post, "the catalog pairs the writer's codec model with a post-filter");
    }

    @Test
    void theReaderRunsThePostFilterThenTheRestorationFilter() throws IOException {
        byte[] file = RncIO.encode(photo, p -> p.setIterations(6));
        int at = chunk(file, "POST"), filt = chunk(file, "FILT");
        assertTrue(at > 0, "the post-filter pays in a photo's 4 kB file");
        assertTrue(filt > at && chunk(file, "ITER") > filt, "POST, then FILT, then the iterations");
        RncHeader h = header(file);
        assertEquals(4, h.version());
        assertEquals(0, file[8 + 8 + 1], "format 4.0");
        assertEquals(post.id().prefix(), RncFileReader.postFilterModel(payload(file, at), h));

        byte[] plainFile = withoutChunk(withoutChunk(file, filt), at);
        Restoration f = Restoration.parse(payload(file, filt), 3);
        List<String> warnings = new ArrayList<>();
        int[][] plain = planes(RncIO.decode(plainFile, null, warnings)), got = planes(RncIO.decode(file, null, warnings));
        assertEquals(List.of(), warnings);
        assertArrayEquals(f.apply(post.apply(plain, 256, 256, h.iterations()), 256, 256), got);
        // better than the same file's picture without the post-filter (an older reader's: FILT on the plain picture)
        BufferedImage older = RncIO.decode(withoutChunk(file, at), null, warnings);
        assertTrue(ImageQuality.mse(photo, RncIO.decode(file, null, null)) < ImageQuality.mse(photo, older));
        assertEquals(List.of(), warnings, "older readers skip the chunk silently");
    }

    @Test
    void everyProgressivePassIsPostFilteredWithItsOwnCount() throws IOException {
        byte[] file = RncIO.encode(photo, p -> {
            p.setIterations(5);
            p.setAdaptiveRate(false);
        });
        int at = chunk(file, "POST");
        assertTrue(at > 0);
        byte[] plainFile = withoutChunk(file, at);
        int filt = chunk(plainFile, "FILT");
        if (filt > 0) plainFile = withoutChunk(plainFile, filt);
        for (int passes = 1; passes < 5; passes++) {
            ImageReadParam p = new ImageReadParam();
            p.setSourceProgressivePasses(0, passes);
            int[][] plain = planes(RncIO.decode(plainFile, p, null));
            assertArrayEquals(post.apply(plain, 256, 256, passes), planes(RncIO.decode(file, p, null)), passes + " passes");
        }
    }

    @Test
    void eachTileIsPostFilteredOnItsOwn() throws IOException {
        BufferedImage img = new BufferedImage(200, 140, BufferedImage.TYPE_INT_RGB);
        img.getGraphics().drawImage(photo, 0, 0, null);
        byte[] file = RncIO.encode(img, p -> {
            p.setIterations(10);
            p.setTileSize(64);
            p.setRestorationFilter(false);
        });
        int at = chunk(file, "POST");
        assertTrue(at > 0);
        int[][] plain = planes(RncIO.decode(withoutChunk(file, at), null, null)), got = planes(RncIO.decode(file, null, null));
        int w = 200, iterations = header(file).iterations();
        // the tiles wholly inside the image: their whole picture is in the plain decode
        for (int ty = 0; ty + 64 <= 140; ty += 64)
            for (int tx = 0; tx + 64 <= w; tx += 64) {
                int[][] tile = new int[3][64 * 64];
                for (int c = 0; c < 3; c++)
                    for (int y = 0; y < 64; y++) System.arraycopy(plain[c], (ty + y) * w + tx, tile[c], y * 64, 64);
                int[][] want = post.apply(tile, 64, 64, iterations);
                for (int c = 0; c < 3; c++)
                    for (int y = 0; y < 64; y++)
                        for (int x = 0; x < 64; x++)
                            assertEquals(want[c][y * 64 + x], got[c][(ty + y) * w + tx + x], "tile " + tx + "," + ty);
            }
    }

    @Test
    void aPostFilterTheReaderLacksCostsAWarningNotThePicture() throws IOException {
        byte[] file = RncIO.encode(photo, p -> p.setIterations(6));
        int at = chunk(file, "POST");
        byte[] other = file.clone();
        other[payloadAt(file, at) + payload(file, at).length - 1] ^= 1; // another version of the model: its hash
        TestImages.fixChunkCrc(other, at);
        List<String> warnings = new ArrayList<>();
        BufferedImage img = RncIO.decode(other, null, warnings);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("post-filter ignored") && warnings.get(0).contains("not installed"), warnings.get(0));
        assertArrayEquals(planes(RncIO.decode(withoutChunk(file, at), null, null)), planes(img));

        byte[] malformed = file.clone();
        malformed[payloadAt(file, at)] = 1; // a name of 1 byte in a longer payload
        TestImages.fixChunkCrc(malformed, at);
        warnings.clear();
        RncIO.decode(malformed, null, warnings);
        assertEquals(1, warnings.size(), warnings.toString());
    }

    @Test
    void thePostFilterComesBeforeTheFilterAndOnlyOnce() throws IOException {
        byte[] file = RncIO.encode(photo, p -> p.setIterations(6));
        int at = chunk(file, "POST"), filt = chunk(file, "FILT");
        int postLen = size(file, at), filtLen = size(file, filt);
        assertEquals(at + postLen, filt);
        // FILT then POST
        ByteArrayOutputStream swapped = new ByteArrayOutputStream();
        swapped.write(file, 0, at);
        swapped.write(file, filt, filtLen);
        swapped.write(file, at, postLen);
        swapped.write(file, filt + filtLen, file.length - filt - filtLen);
        assertThrows(IIOException.class, () -> RncIO.decode(swapped.toByteArray(), null, null));
        // POST twice
        ByteArrayOutputStream twice = new ByteArrayOutputStream();
        twice.write(file, 0, filt);
        twice.write(file, at, postLen);
        twice.write(file, filt, file.length - filt);
        assertThrows(IIOException.class, () -> RncIO.decode(twice.toByteArray(), null, null));
    }

    @Test
    void onlyEightBitRgbFilesWhereItPaysAndOnlyWhenAsked() throws IOException {
        assertEquals(-1, chunk(RncIO.encode(photo, p -> {
            p.setIterations(6);
            p.setPostFilter(false);
        }), "POST"));
        BufferedImage grey = new BufferedImage(256, 256, BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(photo, 0, 0, null);
        assertEquals(-1, chunk(RncIO.encode(grey, p -> p.setIterations(6)), "POST"));
        // 32x32 in one iteration: a 54-byte chunk in a file of about 60 bytes cannot pay
        BufferedImage small = photo.getSubimage(100, 100, 32, 32);
        assertEquals(-1, chunk(RncIO.encode(small, p -> p.setIterations(1)), "POST"));
        // with alpha: the post-filter runs on the colour, the alpha plane stays lossless
        BufferedImage argb = TestImages.photo(96, 64, BufferedImage.TYPE_INT_ARGB);
        BufferedImage back = RncIO.decode(RncIO.encode(argb, p -> p.setIterations(8)), null, null);
        for (int y = 0; y < 64; y++)
            for (int x = 0; x < 96; x++) assertEquals(argb.getRGB(x, y) >>> 24, back.getRGB(x, y) >>> 24);
    }

    static RncHeader header(byte[] file) throws IOException {
        return new RncFileReader(new java.io.ByteArrayInputStream(file)).readHeader();
    }
}

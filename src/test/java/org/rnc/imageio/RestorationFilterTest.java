package org.rnc.imageio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rnc.TestImages;
import org.rnc.codec.Restoration;
import org.rnc.metrics.ImageQuality;

/**
 * The restoration filter in files (format 2.2 / 3.1): the writer stores it before the iterations, the reader runs it
 * on the picture of all of them and on nothing else, and a reader that skips the chunk (one before 2.2 / 3.1) shows the
 * same file's unfiltered picture.
 */
public class RestorationFilterTest {
    private static BufferedImage photo;
    /** firstFiltered()'s answer once found: two tests need it and each search encodes the crop up to five times. */
    private static int firstFiltered;

    @BeforeAll
    static void load() throws IOException {
        // the 256x256 crop of Kodak kodim23 at (320, 128): a real photo, one tile, no padding
        try (InputStream in = ImageQuality.class.getResourceAsStream("kodim23-crop256.png")) {
            assertNotNull(in);
            photo = ImageIO.read(in);
        }
    }

    /**
     * The fewest iterations (4 to 8) at which the writer stores a filter for the photo: where its 55 bytes start to pay
     * depends on the codec and its post-filter (4 with rnc-3 and rnc-3-pf2, 5 with rnc-4 and rnc-4-pf1), so the test
     * finds it.
     */
    private static int firstFiltered() throws IOException {
        if (firstFiltered > 0) return firstFiltered;
        for (int n = 4; n <= 8; n++) {
            final int k = n;
            if (chunk(RncIO.encode(photo, p -> p.setIterations(k)), "FILT") > 0) return firstFiltered = k;
        }
        throw new AssertionError("no filter pays for itself in a 2-4 kB file of a photo (4-8 iterations)");
    }

    @Test
    void theReaderFiltersTheWholeFilesPictureAndOlderReadersShowItUnfiltered() throws IOException {
        // at 2 and 3 iterations (1.1 and 1.9 kB) the filter's 55 bytes would cost more than it gains: it is left out
        assertEquals(-1, chunk(RncIO.encode(photo, p -> p.setIterations(2)), "FILT"));
        assertEquals(-1, chunk(RncIO.encode(photo, p -> p.setIterations(3)), "FILT"));
        int n = firstFiltered();
        byte[] file = RncIO.encode(photo, p -> p.setIterations(n));
        int at = chunk(file, "FILT");
        assertTrue(at < chunk(file, "ITER"), "the filter precedes the iterations");
        byte[] payload = payload(file, at);
        assertEquals(1 + 3 * 14, payload.length);

        byte[] without = withoutChunk(file, at);
        List<String> warnings = new ArrayList<>();
        BufferedImage filtered = RncIO.decode(file, null, warnings), plain = RncIO.decode(without, null, warnings);
        assertEquals(List.of(), warnings);
        int[][] expected = Restoration.parse(payload, 3).apply(planes(plain), 256, 256);
        assertArrayEquals(expected, planes(filtered), "the reader's pixels are the unfiltered picture, filtered");
        double before = ImageQuality.mse(photo, plain), after = ImageQuality.mse(photo, filtered);
        assertTrue(after < before, "filtered MSE " + after + " against " + before);

        // the writer without the filter writes the same file less the chunk
        assertArrayEquals(without, RncIO.encode(photo, p -> {
            p.setIterations(n);
            p.setRestorationFilter(false);
        }));
    }

    /** Each tile is filtered on its own, padding included (the 100x70 image pads to 112x80 in 48-pixel tiles). */
    @Test
    void tilesAreFilteredEachOnItsOwn() throws IOException {
        BufferedImage img = TestImages.photo(100, 70, BufferedImage.TYPE_INT_RGB);
        byte[] file = RncIO.encode(img, p -> {
            p.setIterations(4);
            p.setTileSize(48);
        });
        int at = chunk(file, "FILT");
        assertTrue(at > 0);
        Restoration f = Restoration.parse(payload(file, at), 3);
        byte[] without = withoutChunk(file, at);
        // the tiles that lie wholly inside the image, (0, 0) and (48, 0): their whole unfiltered picture is in the
        // unfiltered decode, so filtering each on its own (clamped at its edges, not reading its neighbours) gives the reader's
        int[][] plain = planes(RncIO.decode(without, null, null)), got = planes(RncIO.decode(file, null, null));
        int w = 100, h = 70;
        for (int ty = 0; ty < h; ty += 48)
            for (int tx = 0; tx < w; tx += 48) {
                if (tx + 48 > w || ty + 48 > h) continue;
                int[][] tile = new int[3][48 * 48];
                for (int c = 0; c < 3; c++)
                    for (int y = 0; y < 48; y++) System.arraycopy(plain[c], (ty + y) * w + tx, tile[c], y * 48, 48);
                int[][] want = f.apply(tile, 48, 48);
                for (int c = 0; c < 3; c++)
                    for (int y = 0; y < 48; y++)
                        for (int x = 0; x < 48; x++)
                            assertEquals(want[c][y * 48 + x], got[c][(ty + y) * w + tx + x], "tile " + tx + "," + ty);
            }
        assertTrue(ImageQuality.mse(img, RncIO.decode(file, null, null)) < ImageQuality.mse(img, RncIO.decode(without, null, null)));
    }

    @Test
    void aPrefixOfTheIterationsIsNotFiltered() throws IOException {
        byte[] file = RncIO.encode(photo, p -> {
            p.setIterations(4);
            p.setAdaptiveRate(false);
        });
        assertTrue(chunk(file, "FILT") > 0);
        byte[] without = withoutChunk(file, chunk(file, "FILT"));
        for (int passes = 1; passes <= 4; passes++) {
            ImageReadParam p = new ImageReadParam();
            p.setSourceProgressivePasses(0, passes);
            boolean same = java.util.Arrays.deepEquals(planes(RncIO.decode(file, p, null)), planes(RncIO.decode(without, p, null)));
            assertEquals(passes < 4, same, passes + " of 4 iterations");
        }
    }

    @Test
    void aFilterTheReaderCannotUseCostsAWarningNotThePicture() throws IOException {
        int n = firstFiltered();
        byte[] file = RncIO.encode(photo, p -> p.setIterations(n));
        int at = chunk(file, "FILT");
        byte[] plain = withoutChunk(file, at);
        byte[] later = file.clone();
        later[payloadAt(file, at)] = 2; // a kind from a later release
        TestImages.fixChunkCrc(later, at);
        List<String> warnings = new ArrayList<>();
        BufferedImage img = RncIO.decode(later, null, warnings);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("kind 2"), warnings.get(0));
        assertArrayEquals(planes(RncIO.decode(plain, null, null)), planes(img));
    }

    @Test
    void greyFilesFilterOnePlaneAndSixteenBitOnesHaveNone() throws IOException {
        BufferedImage grey = new BufferedImage(256, 256, BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(photo, 0, 0, null);
        byte[] file = RncIO.encode(grey, p -> p.setIterations(6));
        int at = chunk(file, "FILT");
        assertTrue(at > 0);
        assertEquals(1 + 12, payload(file, at).length);
        BufferedImage decoded = RncIO.decode(file, null, null);
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, decoded.getType());
        assertTrue(ImageQuality.mse(grey, decoded) < ImageQuality.mse(grey, RncIO.decode(withoutChunk(file, at), null, null)));

        BufferedImage grey16 = new BufferedImage(256, 256, BufferedImage.TYPE_USHORT_GRAY);
        grey16.getGraphics().drawImage(photo, 0, 0, null);
        assertEquals(-1, chunk(RncIO.encode(grey16, p -> p.setIterations(6)), "FILT"));
    }

    /** Offset of the first chunk of this type, or -1 (either framing, {@link TestImages#chunkSpan}). */
    public static int chunk(byte[] f, String type) {
        int at = 8;
        while (at < f.length) {
            if (name(f, at).equals(type)) return at;
            at += size(f, at);
        }
        return -1;
    }

    private static final String[] RECORDS = {null, "ICCP", "EXIF", "XMP ", "ALPH", "POST", "FILT", "ITER"};

    private static String name(byte[] f, int at) {
        TestImages.ChunkSpan s = TestImages.chunkSpan(f, at);
        if (s.typeBytes() == 1) return (f[at] & 255) < RECORDS.length ? RECORDS[f[at] & 255] : "#" + (f[at] & 255);
        return new String(f, s.typeAt(), 4, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Bytes of the whole chunk at {@code at}: framing, payload and CRC. */
    static int size(byte[] f, int at) {
        return (int) TestImages.chunkSpan(f, at).size();
    }

    /** Offset of the payload of the chunk at {@code at}. */
    static int payloadAt(byte[] f, int at) {
        return TestImages.chunkSpan(f, at).payload();
    }

    static byte[] payload(byte[] f, int at) {
        TestImages.ChunkSpan s = TestImages.chunkSpan(f, at);
        return java.util.Arrays.copyOfRange(f, s.payload(), s.payload() + (int) s.length());
    }

    static byte[] withoutChunk(byte[] f, int at) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(f, 0, at);
        int end = at + size(f, at);
        out.write(f, end, f.length - end);
        return out.toByteArray();
    }

    /** R, G, B planes, or the grey plane of a grey image. */
    static int[][] planes(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        if (img.getType() == BufferedImage.TYPE_BYTE_GRAY) return new int[][]{img.getRaster().getSamples(0, 0, w, h, 0, (int[]) null)};
        int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
        int[][] p = new int[3][w * h];
        for (int i = 0; i < rgb.length; i++) {
            p[0][i] = (rgb[i] >> 16) & 255;
            p[1][i] = (rgb[i] >> 8) & 255;
            p[2][i] = rgb[i] & 255;
        }
        return p;
    }
}

package org.rnc.format;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class RncFileFormatTest {
    static final ModelId MODEL = new ModelId("test-model", new byte[32]);

    static RncHeader header(int w, int h, boolean alpha, int iterations) {
        return new RncHeader(w, h, RncHeader.Colour.RGB, 8, alpha, RncHeader.Coding.RAW, 16, 32, 1024, iterations, MODEL, null);
    }

    static byte[] file(RncHeader h, byte[] alpha, byte[][] iterations) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        RncFileWriter w = new RncFileWriter(bos);
        w.writeHeader(h);
        if (alpha != null) w.writeAlpha(alpha);
        for (byte[] it : iterations) w.writeIteration(it);
        w.finish();
        assertEquals(bos.size(), w.bytesWritten());
        return bos.toByteArray();
    }

    static byte[][] randomIterations(RncHeader h, int n, long seed) {
        Random r = new Random(seed);
        byte[][] its = new byte[n][(int) h.rawIterationBytes()];
        for (byte[] b : its) r.nextBytes(b);
        return its;
    }

    @Test
    void headerAndIterationsRoundTrip() throws IOException {
        RncHeader h = new RncHeader(33, 17, RncHeader.Colour.GRAY, 16, false, RncHeader.Coding.RAW, 16, 32, 1024, 3,
                new ModelId("m", new byte[32]), null);
        byte[][] its = randomIterations(h, 3, 1);
        RncFileReader r = new RncFileReader(new ByteArrayInputStream(file(h, null, its)));
        assertEquals(h.toString(), r.readHeader().toString());
        RncFileReader.Body b = r.readBody(Integer.MAX_VALUE);
        assertFalse(b.truncated());
        assertEquals(3, b.iterations().size());
        for (int i = 0; i < 3; i++) assertArrayEquals(its[i], b.iterations().get(i).data());
        assertEquals(48, h.paddedWidth());
        assertEquals(32, h.paddedHeight());
        assertEquals(3 * 2 * 32 / 8, h.rawIterationBytes());
    }

    @Test
    void alphaIsLossless() throws IOException {
        RncHeader h = header(37, 21, true, 1);
        byte[] alpha = new byte[37 * 21];
        new Random(3).nextBytes(alpha);
        RncFileReader.Body b = new RncFileReader(new ByteArrayInputStream(file(h, alpha, randomIterations(h, 1, 2))))
                .readBody(9);
        assertArrayEquals(alpha, b.alpha());
    }

    @Test
    void everyPrefixParsesOrFailsCleanly() throws IOException {
        RncHeader h = header(40, 20, true, 3);
        byte[] alpha = new byte[800];
        Arrays.fill(alpha, (byte) 200);
        byte[] f = file(h, alpha, randomIterations(h, 3, 4));
        int lastComplete = -1;
        for (int n = 0; n <= f.length; n++) {
            byte[] prefix = Arrays.copyOf(f, n);
            try {
                RncFileReader r = new RncFileReader(new ByteArrayInputStream(prefix));
                r.readHeader();
                RncFileReader.Body b = r.readBody(3);
                assertTrue(b.iterations().size() >= lastComplete, "iterations never decrease with a longer prefix");
                lastComplete = b.iterations().size();
                assertEquals(b.iterations().size() < 3, b.truncated());
            } catch (RncFormatException e) {
                assertNotNull(e.getMessage());
            }
        }
        assertEquals(3, lastComplete);
    }

    @Test
    void crcMismatchIsAnError() throws IOException {
        RncHeader h = header(64, 64, false, 2); // 16 blocks: 64 bytes per iteration
        byte[] f = file(h, null, randomIterations(h, 2, 5));
        f[f.length - 12 - 4 - 20] ^= 0x10; // inside the second ITER chunk's payload
        RncFileReader r = new RncFileReader(new ByteArrayInputStream(f));
        r.readHeader();
        RncFormatException e = assertThrows(RncFormatException.class, () -> r.readBody(2));
        assertTrue(e.getMessage().contains("CRC"), e.getMessage());
        // the first iteration alone is still readable
        RncFileReader r1 = new RncFileReader(new ByteArrayInputStream(f));
        assertEquals(1, r1.readBody(1).iterations().size());
    }

    @Test
    void unknownChunksAreSkipped() throws IOException {
        RncHeader h = header(16, 16, false, 1);
        byte[] f = file(h, null, randomIterations(h, 1, 6));
        // splice a future chunk "zNEW" between HEAD and ITER
        int headEnd = Chunks.MAGIC.length + 12 + RncFileWriter.encodeHeader(h).length;
        ByteArrayOutputStream extra = new ByteArrayOutputStream();
        byte[] payload = {1, 2, 3};
        byte[] typeAndPayload = {'z', 'N', 'E', 'W', 1, 2, 3};
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(typeAndPayload);
        extra.write(new byte[]{0, 0, 0, (byte) payload.length});
        extra.write(typeAndPayload);
        long c = crc.getValue();
        extra.write(new byte[]{(byte) (c >>> 24), (byte) (c >>> 16), (byte) (c >>> 8), (byte) c});
        ByteArrayOutputStream spliced = new ByteArrayOutputStream();
        spliced.write(f, 0, headEnd);
        spliced.write(extra.toByteArray());
        spliced.write(f, headEnd, f.length - headEnd);
        RncFileReader.Body b = new RncFileReader(new ByteArrayInputStream(spliced.toByteArray())).readBody(1);
        assertEquals(1, b.iterations().size());
        assertEquals("zNEW", b.chunks().get(0).type());
    }

    @Test
    void badSignatureVersionAndSizesAreRejected() throws IOException {
        assertThrows(RncFormatException.class, () -> new RncFileReader(new ByteArrayInputStream(new byte[0])).readHeader());
        assertThrows(RncFormatException.class,
                () -> new RncFileReader(new ByteArrayInputStream("GIF89a..........".getBytes())).readHeader());
        RncHeader h = header(16, 16, false, 1);
        byte[] f = file(h, null, randomIterations(h, 1, 7));
        byte[] badVersion = f.clone();
        badVersion[Chunks.MAGIC.length + 8] = 9; // major version
        fixHeadCrc(badVersion, h);
        RncFormatException e = assertThrows(RncFormatException.class,
                () -> new RncFileReader(new ByteArrayInputStream(badVersion)).readHeader());
        assertTrue(e.getMessage().contains("version"), e.getMessage());
        byte[] zeroWidth = f.clone();
        for (int i = 0; i < 4; i++) zeroWidth[Chunks.MAGIC.length + 10 + i] = 0;
        fixHeadCrc(zeroWidth, h);
        assertThrows(RncFormatException.class, () -> new RncFileReader(new ByteArrayInputStream(zeroWidth)).readHeader());
    }

    @Test
    void hostileChunkLengthDoesNotAllocate() throws IOException {
        RncHeader h = header(16, 16, false, 1);
        byte[] f = file(h, null, randomIterations(h, 1, 8));
        int headEnd = Chunks.MAGIC.length + 12 + RncFileWriter.encodeHeader(h).length;
        f[headEnd] = 0x7F; // ITER length ~2 GB
        RncFileReader r = new RncFileReader(new ByteArrayInputStream(f));
        r.readHeader();
        assertThrows(RncFormatException.class, () -> r.readBody(1));
    }

    @Test
    void rawBitsPackMsbFirst() throws RncFormatException {
        float[] codes = {1, -1, -1, -1, -1, -1, -1, 1, 1};
        byte[] packed = RawBits.pack(codes);
        assertArrayEquals(new byte[]{(byte) 0x81, (byte) 0x80}, packed);
        assertArrayEquals(codes, RawBits.unpack(packed, 9));
    }

    static void fixHeadCrc(byte[] f, RncHeader h) {
        // recompute the HEAD chunk's CRC after editing its payload
        int len;
        try {
            len = RncFileWriter.encodeHeader(h).length;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(f, Chunks.MAGIC.length + 4, 4 + len);
        long c = crc.getValue();
        int at = Chunks.MAGIC.length + 8 + len;
        f[at] = (byte) (c >>> 24);
        f[at + 1] = (byte) (c >>> 16);
        f[at + 2] = (byte) (c >>> 8);
        f[at + 3] = (byte) c;
    }
}

package org.rnc.format;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
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
        byte[][] its = randomIterations(h, 3, 4);
        checkPrefixes(file(h, alpha, its), its);
    }

    /**
     * Every prefix of a whole file: the iterations it holds whole, in order, truncated until all are there; an error only
     * where the prefix ends before the first iteration (in the header, say).
     */
    static void checkPrefixes(byte[] f, byte[][] its) throws IOException {
        int lastComplete = -1, firstEnd = (int) RncFileReader.iterationsOf(f).get(0).end();
        for (int n = 0; n <= f.length; n++) {
            byte[] prefix = Arrays.copyOf(f, n);
            try {
                RncFileReader r = new RncFileReader(new ByteArrayInputStream(prefix));
                r.readHeader();
                RncFileReader.Body b = r.readBody(its.length);
                assertTrue(b.iterations().size() >= lastComplete, "iterations never decrease with a longer prefix");
                lastComplete = b.iterations().size();
                assertEquals(b.iterations().size() < its.length, b.truncated(), n + " bytes");
                for (int i = 0; i < b.iterations().size(); i++) assertArrayEquals(its[i], b.iterations().get(i).data());
            } catch (RncFormatException e) {
                assertTrue(n < firstEnd, "only a prefix without the first iteration fails: " + n + " bytes, " + e.getMessage());
            }
        }
        assertEquals(its.length, lastComplete);
    }

    @Test
    void crcMismatchInIterationOneIsAnErrorLaterItStopsReading() throws IOException {
        RncHeader h = header(64, 64, false, 3); // 16 blocks: 64 bytes per iteration
        byte[][] its = randomIterations(h, 3, 5);
        byte[] f = file(h, null, its);
        int chunk = 12 + 2 + 64, first = f.length - 12 - 3 * chunk;
        byte[] second = f.clone();
        second[first + chunk + 30] ^= 0x10; // inside the second ITER chunk's payload
        RncFileReader.Body b = new RncFileReader(new ByteArrayInputStream(second)).readBody(3);
        assertEquals(1, b.iterations().size());
        assertArrayEquals(its[0], b.iterations().get(0).data());
        assertFalse(b.truncated());
        assertEquals(1, b.damage().iteration());
        assertTrue(b.damage().reason().contains("CRC"), b.damage().reason());
        // callers that need every iteration still get an error
        RncFormatException all = assertThrows(RncFormatException.class, () -> RncFileReader.iterationsOf(second));
        assertTrue(all.getMessage().contains("iteration 2"), all.getMessage());
        // the first iteration alone is read without touching the damage
        assertNull(new RncFileReader(new ByteArrayInputStream(second)).readBody(1).damage());

        byte[] firstBad = f.clone();
        firstBad[first + 30] ^= 0x10;
        RncFormatException e = assertThrows(RncFormatException.class,
                () -> new RncFileReader(new ByteArrayInputStream(firstBad)).readBody(3));
        assertTrue(e.getMessage().contains("CRC"), e.getMessage());

        // a damaged length or index in a later chunk is damage too
        byte[] badIndex = f.clone();
        badIndex[first + 2 * chunk + 9] = 7; // index of the third ITER chunk
        fixCrc(badIndex, first + 2 * chunk);
        RncFileReader.Body bi = new RncFileReader(new ByteArrayInputStream(badIndex)).readBody(3);
        assertEquals(2, bi.iterations().size());
        assertEquals(2, bi.damage().iteration());
        byte[] badLength = f.clone();
        badLength[first + chunk + 1] = 0x7F; // second ITER claims ~8 MB
        assertEquals(1, new RncFileReader(new ByteArrayInputStream(badLength)).readBody(3).damage().iteration());
    }

    @Test
    void unknownChunkWithBadCrcIsDamage() throws IOException {
        RncHeader h = header(16, 16, false, 2);
        byte[] f = file(h, null, randomIterations(h, 2, 9));
        int end = f.length - 12, second = end - (12 + 2 + 4);
        byte[] extra = unknownChunk(new byte[]{1, 2, 3});
        extra[extra.length - 1] ^= 1;
        // between the iterations: may have been ITER 2 with a damaged type byte, so reading stops
        RncFileReader.Body b = new RncFileReader(new ByteArrayInputStream(splice(f, second, extra))).readBody(2);
        assertEquals(1, b.iterations().size());
        assertEquals(1, b.damage().iteration());
        // before the first iteration: an error
        int headEnd = Chunks.MAGIC.length + 12 + RncFileWriter.encodeHeader(h).length;
        assertThrows(RncFormatException.class,
                () -> new RncFileReader(new ByteArrayInputStream(splice(f, headEnd, extra))).readBody(2));
    }

    static byte[] unknownChunk(byte[] payload) throws IOException {
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        new java.io.DataOutputStream(c).writeInt(payload.length);
        c.write(new byte[]{'z', 'N', 'E', 'W'});
        c.write(payload);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(c.toByteArray(), 4, 4 + payload.length);
        new java.io.DataOutputStream(c).writeInt((int) crc.getValue());
        return c.toByteArray();
    }

    static byte[] splice(byte[] f, int at, byte[] extra) {
        byte[] out = new byte[f.length + extra.length];
        System.arraycopy(f, 0, out, 0, at);
        System.arraycopy(extra, 0, out, at, extra.length);
        System.arraycopy(f, at, out, at + extra.length, f.length - at);
        return out;
    }

    /** Recomputes the CRC of the chunk starting at {@code at} after its type or payload was edited. */
    static void fixCrc(byte[] f, int at) {
        org.rnc.TestImages.fixChunkCrc(f, at);
    }

    /**
     * A large unknown chunk is streamed through its CRC, not held: measured by what the reading thread allocates
     * (before, the reader buffered the whole payload, and a ~2 GB one could run the heap out).
     */
    @Test
    void largeUnknownChunkIsSkippedWithoutBufferingIt() throws IOException {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled());
        com.sun.management.ThreadMXBean alloc = (com.sun.management.ThreadMXBean) mx;
        RncHeader h = header(16, 16, false, 1);
        byte[][] its = randomIterations(h, 1, 10);
        byte[] f = file(h, null, its);
        int headEnd = Chunks.MAGIC.length + 12 + RncFileWriter.encodeHeader(h).length;
        long n = 96L << 20;
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(new byte[]{'z', 'B', 'I', 'G'});
        byte[] buf = new byte[1 << 16];
        for (long at = 0; at < n; at += buf.length) {
            Generated.fill(buf, at);
            crc.update(buf);
        }
        ByteArrayOutputStream pre = new ByteArrayOutputStream(), post = new ByteArrayOutputStream();
        pre.write(f, 0, headEnd);
        new java.io.DataOutputStream(pre).writeInt((int) n);
        pre.write(new byte[]{'z', 'B', 'I', 'G'});
        new java.io.DataOutputStream(post).writeInt((int) crc.getValue());
        post.write(f, headEnd, f.length - headEnd);
        java.io.InputStream in = new java.io.SequenceInputStream(java.util.Collections.enumeration(List.of(
                new ByteArrayInputStream(pre.toByteArray()), new Generated(n), new ByteArrayInputStream(post.toByteArray()))));
        RncFileReader r = new RncFileReader(in);
        r.readHeader();
        long before = alloc.getThreadAllocatedBytes(Thread.currentThread().getId());
        RncFileReader.Body b = r.readBody(1);
        long used = alloc.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertEquals(1, b.iterations().size());
        assertArrayEquals(its[0], b.iterations().get(0).data());
        assertEquals("zBIG", b.chunks().get(0).type());
        assertEquals(n, b.chunks().get(0).length());
        assertTrue(used < 4 << 20, "reading past a " + (n >> 20) + " MB unknown chunk allocated " + used + " bytes");

        // a lying length on a short stream: truncation, found without allocating the declared size
        byte[] lying = splice(f, headEnd, new byte[]{0x60, 0, 0, 0, 'z', 'B', 'I', 'G', 1, 2, 3}); // 1.5 GB
        before = alloc.getThreadAllocatedBytes(Thread.currentThread().getId());
        RncFileReader.Body t = new RncFileReader(new ByteArrayInputStream(lying)).readBody(1);
        used = alloc.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertTrue(t.truncated());
        assertTrue(t.iterations().isEmpty());
        assertTrue(used < 4 << 20, "allocated " + used);
        // beyond the largest chunk (3 GB): refused outright
        byte[] huge = splice(f, headEnd, new byte[]{(byte) 0xC0, 0, 0, 0, 'z', 'B', 'I', 'G', 1, 2, 3});
        RncFormatException e = assertThrows(RncFormatException.class,
                () -> new RncFileReader(new ByteArrayInputStream(huge)).readBody(1));
        assertTrue(e.getMessage().contains("declares"), e.getMessage());
    }

    /** n bytes of a fixed pattern, made as they are read. */
    static final class Generated extends java.io.InputStream {
        private final long n;
        private long at;

        Generated(long n) { this.n = n; }

        static void fill(byte[] b, long from) {
            for (int i = 0; i < b.length; i++) b[i] = (byte) ((from + i) ^ ((from + i) >>> 9));
        }

        @Override
        public int read() {
            if (at >= n) return -1;
            long i = at++;
            return (int) ((i ^ (i >>> 9)) & 255);
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (at >= n) return -1;
            int k = (int) Math.min(len, n - at);
            for (int i = 0; i < k; i++, at++) b[off + i] = (byte) (at ^ (at >>> 9));
            return k;
        }
    }

    @Test
    void paddedSizesStayWithinInt() throws IOException {
        int max = Integer.MAX_VALUE - 15; // 2^31-16, a multiple of 16
        RncHeader h = header(max, 16, false, 1);
        assertEquals(max, h.paddedWidth());
        assertEquals(max / 16, h.blocksWide());
        assertEquals((long) (max / 16) * 32, h.codesPerIteration());
        assertEquals((long) (max / 16) * 4, h.rawIterationBytes());
        assertEquals(max, header(16, max, false, 1).paddedHeight());
        for (int w : new int[]{Integer.MAX_VALUE, max + 1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> header(w, 16, false, 1));
            assertTrue(e.getMessage().contains("padded"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> header(16, w, false, 1));
        }
        // the same from a file: a clear format error, not a negative padded width
        RncHeader none = h.withIterations(0);
        byte[] f = file(none, null, new byte[0][]);
        assertEquals(max, new RncFileReader(new ByteArrayInputStream(f)).readHeader().paddedWidth());
        for (int i = 0; i < 4; i++) f[Chunks.MAGIC.length + 10 + i] = (byte) (Integer.MAX_VALUE >>> (24 - 8 * i));
        fixHeadCrc(f, none);
        RncFormatException e = assertThrows(RncFormatException.class,
                () -> new RncFileReader(new ByteArrayInputStream(f)).readHeader());
        assertTrue(e.getMessage().contains("padded"), e.getMessage());
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

package org.rnc.format;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Format 4, the compact container: records after the HEAD chunk, hash prefixes, no END (conformance/FORMAT.md). */
class CompactContainerTest {
    static final ModelId CODEC = new ModelId("codec", hash(1)), ENTROPY = new ModelId("codec-pe", hash(2)),
            POST = new ModelId("codec-pf", hash(3));

    static byte[] hash(int seed) {
        byte[] h = new byte[32];
        new Random(seed).nextBytes(h);
        return h;
    }

    static RncHeader header(int iterations, boolean adaptive) {
        return new RncHeader(160, 160, RncHeader.Colour.RGB, 8, false, RncHeader.Coding.BINARY_RNN, 16, 32, 1024, iterations,
                CODEC, ENTROPY).withAdaptive(adaptive).forWriting();
    }

    /** A file with every kind of record: metadata, POST, FILT, and iterations of assorted lengths (one of 200 bytes). */
    static byte[] file(RncHeader h, byte[][] iterations) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        RncFileWriter w = new RncFileWriter(bos);
        w.writeHeader(h);
        w.writeExtras(new RncFileReader.Extras(null, new byte[]{'M', 'M', 0, 42, 0, 0, 0, 8, 0, 0}, "<x/>".getBytes()));
        w.writePostFilter(POST);
        w.writeFilter(new byte[44]);
        for (byte[] it : iterations) w.writeIteration(it);
        w.finish();
        assertEquals(bos.size(), w.bytesWritten());
        return bos.toByteArray();
    }

    static byte[][] iterations(int n) {
        Random r = new Random(7);
        byte[][] its = new byte[n][];
        for (int i = 0; i < n; i++) {
            its[i] = new byte[i == 1 ? 200 : 1 + r.nextInt(40)]; // 200: a two-byte length
            r.nextBytes(its[i]);
        }
        return its;
    }

    @Test
    void theWriterUsesFormat4ForEntropyCodedFilesOnly() {
        assertEquals(4, header(3, false).version());
        assertEquals(4, header(3, true).version());
        assertTrue(header(3, true).adaptive());
        RncHeader raw = new RncHeader(40, 20, RncHeader.Colour.RGB, 8, false, RncHeader.Coding.RAW, 16, 32, 1024, 3, CODEC, null);
        assertEquals(2, raw.forWriting().version());
        assertEquals(3, raw.withAdaptive(true).forWriting().version());
        assertThrows(IllegalArgumentException.class, () -> new RncHeader(40, 20, RncHeader.Colour.RGB, 8, false,
                RncHeader.Coding.RAW, 16, 32, 1024, 3, CODEC, null, 4, false), "format 4 is for entropy-coded files");
    }

    @Test
    void everythingRoundTripsWithTheHashesCutToTheirPrefix() throws IOException {
        for (boolean adaptive : new boolean[]{false, true}) {
            RncHeader h = header(3, adaptive);
            byte[][] its = iterations(3);
            byte[] f = file(h, its);
            RncFileReader r = new RncFileReader(new ByteArrayInputStream(f));
            RncHeader read = r.readHeader();
            assertEquals(4, read.version());
            assertEquals(adaptive, read.adaptive());
            assertEquals(CODEC.prefix(), read.model());
            assertEquals(ENTROPY.prefix(), read.entropyModel());
            assertEquals(RncHeader.HASH_PREFIX, read.model().sha256().length);
            assertTrue(read.model().matches(CODEC) && CODEC.matches(read.model()));
            assertFalse(read.model().matches(POST));
            RncFileReader.Body b = r.readBody(Integer.MAX_VALUE);
            assertFalse(b.truncated());
            assertNull(b.damage());
            for (int i = 0; i < 3; i++) {
                RncFileReader.Iteration it = b.iterations().get(i);
                assertArrayEquals(its[i], it.data());
                assertEquals(RncFileWriter.iterationBytes(h, its[i].length), it.bytes(), "iteration " + i);
            }
            assertEquals(f.length, b.iterations().get(2).end(), "no END after the last iteration");
            assertEquals(POST.prefix(), RncFileReader.postFilterModel(b.postFilter(), read));
            assertArrayEquals(new byte[44], b.filter());
            assertEquals("<x/>", new String(b.extras().xmp()));
            assertNull(b.extras().icc());
            RncFileReader.Extras alone = new RncFileReader(new ByteArrayInputStream(f)).readExtras();
            assertArrayEquals(b.extras().exif(), alone.exif());
            assertArrayEquals(b.extras().xmp(), alone.xmp());
        }
    }

    @Test
    void format4SavesTheFramingAgainstFormat3() throws IOException {
        byte[][] its = iterations(4);
        RncHeader h4 = header(4, true), h3 = new RncHeader(160, 160, RncHeader.Colour.RGB, 8, false,
                RncHeader.Coding.BINARY_RNN, 16, 32, 1024, 4, CODEC, ENTROPY).withAdaptive(true);
        assertEquals(3, h3.version());
        byte[] f4 = file(h4, its), f3 = file(h3, its);
        // HEAD: 2 x 24 hash bytes; POST: 24 hash bytes and 6 of framing; FILT, XMP, EXIF: 6 of framing each; each
        // iteration 12 of framing and 2 of index, less a type byte and the length (1 byte, 2 for the one of 200); no END
        int saved = 48 + 30 + 18 + 4 * 14 - 4 - (3 + 2) + 12;
        assertEquals(f3.length - saved, f4.length);
    }

    @Test
    void everyPrefixIsTruncatedOrComplete() throws IOException {
        byte[][] its = iterations(3);
        RncFileFormatTest.checkPrefixes(file(header(3, false), its), its);
    }

    @Test
    void unknownRecordsAreSkippedAfterTheirCrcAndDamagedOnesAreCaught() throws IOException {
        byte[][] its = iterations(3);
        byte[] f = file(header(3, false), its);
        int iter1 = (int) RncFileReader.iterationsOf(f).get(0).offset();
        // a record of an unassigned type (42) with its CRC, before the iterations: skipped
        byte[] unknown = {42, 3, 'a', 'b', 'c', 0, 0, 0, 0};
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(unknown, 0, 1);
        crc.update(unknown, 2, 3);
        for (int i = 0; i < 4; i++) unknown[5 + i] = (byte) (crc.getValue() >>> (24 - 8 * i));
        byte[] withUnknown = splice(f, iter1, unknown);
        RncFileReader.Body b = new RncFileReader(new ByteArrayInputStream(withUnknown)).readBody(9);
        assertEquals(3, b.iterations().size());
        assertTrue(b.chunks().stream().anyMatch(c -> c.type().equals("#42")), b.chunks().toString());
        // the same record with a wrong CRC: damage before the first iteration is an error
        byte[] bad = withUnknown.clone();
        bad[iter1 + 2] ^= 1;
        assertThrows(RncFormatException.class, () -> new RncFileReader(new ByteArrayInputStream(bad)).readBody(9));
        // a length not in its shortest form (0x83 0x00 for 3) is damage too
        byte[] longForm = splice(f, iter1, new byte[]{42, (byte) 0x83, 0, 'a', 'b', 'c', 0, 0, 0, 0});
        assertThrows(RncFormatException.class, () -> new RncFileReader(new ByteArrayInputStream(longForm)).readBody(9));
        // a wrong length for iteration 2 (longer than the file): iterations 2 and 3 are lost, iteration 1 is kept
        int iter2 = (int) RncFileReader.iterationsOf(f).get(1).offset();
        byte[] huge = f.clone();
        huge[iter2 + 1] = (byte) 0xFF;
        huge[iter2 + 2] = (byte) 0x7F;
        RncFileReader.Body d = new RncFileReader(new ByteArrayInputStream(huge)).readBody(9);
        assertEquals(1, d.iterations().size());
        assertTrue(d.truncated());
        // and one longer than any iteration can be, within the file: damage at iteration 2
        byte[] padded = splice(f, f.length, new byte[600]);
        padded[iter2 + 1] = (byte) 0x80 | (500 & 0x7F);
        padded[iter2 + 2] = (byte) (500 >>> 7);
        RncFileReader.Body d2 = new RncFileReader(new ByteArrayInputStream(padded)).readBody(9);
        assertEquals(1, d2.iterations().size());
        assertEquals(1, d2.damage().iteration(), d2.damage().reason());
    }

    @Test
    void aFormat4HeaderNeedsEntropyCodingAndShortHashes() throws IOException {
        byte[] f = file(header(1, false), iterations(1));
        byte[] raw = f.clone();
        raw[8 + 8 + 2 + 8 + 3] = 0; // coding: RAW
        org.rnc.TestImages.fixChunkCrc(raw, 8);
        assertThrows(RncFormatException.class, () -> new RncFileReader(new ByteArrayInputStream(raw)).readHeader());
        // a model known by its prefix cannot go into an older file, which holds whole hashes
        RncHeader h3 = new RncHeader(160, 160, RncHeader.Colour.RGB, 8, false, RncHeader.Coding.BINARY_RNN, 16, 32, 1024, 1,
                CODEC.prefix(), ENTROPY, 2, false);
        assertThrows(IOException.class, () -> new RncFileWriter(new ByteArrayOutputStream()).writeHeader(h3));
    }

    private static byte[] splice(byte[] f, int at, byte[] insert) {
        byte[] out = new byte[f.length + insert.length];
        System.arraycopy(f, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(f, at, out, at + insert.length, f.length - at);
        return out;
    }
}

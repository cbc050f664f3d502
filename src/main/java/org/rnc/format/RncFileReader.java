package org.rnc.format;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Parses an {@code .rnc} container from a stream. Pure Java, no TensorFlow.
 * <p>
 * The header is read first and on its own ({@link #readHeader()}), so width, height and metadata cost no
 * decoding. {@link #readBody(int)} then reads the alpha plane and up to a number of iteration chunks.
 * A stream that ends early is not an error: the complete iterations are kept and {@link Body#truncated()}
 * says so. A damaged chunk (CRC mismatch, impossible length or index) where iteration 2 or a later one is
 * due is not an error either: reading stops there and {@link Body#damage()} says why, because the earlier
 * iterations are still a valid, coarser picture. Damage before that, and any other impossible value, is an
 * {@link RncFormatException}.
 */
public final class RncFileReader {

    /** Chunk position as found in the file. */
    public record ChunkInfo(String type, long offset, int length) {}

    /**
     * One iteration's stored data (after the two-byte index of formats 1-3) and where its chunk lies: from
     * {@code offset}, {@code bytes} long with its framing; {@code chunkLength} is its payload's length (before format 4
     * with the index).
     */
    public record Iteration(int index, long offset, int chunkLength, byte[] data, long bytes) {
        /** Where the chunk ends: a prefix of the file this long holds iterations 1 .. index + 1. */
        public long end() { return offset + bytes; }
    }

    /** Where reading stopped on a damaged chunk: {@code iteration} is the 0-based index of the first lost iteration. */
    public record Damage(int iteration, String reason) {}

    /**
     * What was read after the header.
     *
     * @param alpha      the alpha plane (width*height bytes) or null
     * @param iterations complete, CRC-checked iteration chunks in order (those before any damage)
     * @param truncated  true when the stream ended before all declared iterations
     * @param damage     the damaged chunk that ended reading before the iterations asked for, or null
     * @param chunks     every chunk seen, including skipped unknown ones
     * @param extras     the ICC profile, EXIF and XMP chunks (format 2.1), each absent when the file has none
     * @param filter     the FILT chunk's payload (format 2.2 / 3.1), the restoration filter of the picture of all the
     *                   file's iterations, or null
     * @param postFilter the POST chunk's payload (format 2.3 / 3.2), naming the post-filter model, or null; see
     *                   {@link #postFilterModel}
     */
    public record Body(byte[] alpha, List<Iteration> iterations, boolean truncated, Damage damage, List<ChunkInfo> chunks,
                       Extras extras, byte[] filter, byte[] postFilter) {}

    /**
     * The model a POST chunk's payload names in a file with this header: name length (u8, at least 1), the name in
     * UTF-8, its SHA-256 (format 4: the hash's first {@value RncHeader#HASH_PREFIX} bytes).
     */
    public static ModelId postFilterModel(byte[] payload, RncHeader h) throws RncFormatException {
        int hash = hashBytes(h.version());
        if (payload.length < 1 + 1 + hash || payload.length != 1 + (payload[0] & 0xFF) + hash)
            throw new RncFormatException("POST chunk of " + payload.length + " bytes");
        try {
            return readModel(new DataInputStream(new ByteArrayInputStream(payload)), hash);
        } catch (RncFormatException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            throw new RncFormatException("bad POST chunk: " + e.getMessage());
        }
    }

    /**
     * The optional metadata chunks: {@code icc} the ICC profile the samples are in (decompressed), {@code exif} a
     * TIFF structure as in EXIF, {@code xmp} an XMP packet (UTF-8); null where absent.
     */
    public record Extras(byte[] icc, byte[] exif, byte[] xmp) {
        public static final Extras NONE = new Extras(null, null, null);

        public boolean isEmpty() { return icc == null && exif == null && xmp == null; }
    }

    /** A chunk that cannot be taken as it stands (CRC mismatch, impossible length or index). */
    private static final class DamagedChunkException extends RncFormatException {
        DamagedChunkException(String message) { super(message); }
    }

    private final InputStream in;
    private long position;
    private RncHeader header;
    private final List<ChunkInfo> chunks = new ArrayList<>();

    public RncFileReader(InputStream in) {
        this.in = in;
    }

    /** The complete iteration chunks of an in-memory file; a damaged iteration chunk is an error here. */
    public static List<Iteration> iterationsOf(byte[] file) throws IOException {
        Body b = new RncFileReader(new ByteArrayInputStream(file)).readBody(Integer.MAX_VALUE);
        if (b.damage() != null)
            throw new RncFormatException("iteration " + (b.damage().iteration() + 1) + ": " + b.damage().reason());
        return b.iterations();
    }

    /** True when {@code b} starts with the {@code .rnc} signature. */
    public static boolean hasMagic(byte[] b, int len) {
        if (len < Chunks.MAGIC.length) return false;
        return Arrays.equals(b, 0, Chunks.MAGIC.length, Chunks.MAGIC, 0, Chunks.MAGIC.length);
    }

    public RncHeader readHeader() throws IOException {
        if (header != null) return header;
        byte[] magic = new byte[Chunks.MAGIC.length];
        int n = readFully(magic, 0, magic.length);
        if (!hasMagic(magic, n)) throw new RncFormatException("not an .rnc file (bad signature)");
        RawChunk c;
        try {
            c = readChunk(1 << 16, false);
        } catch (EOFException e) {
            throw new RncFormatException("file ends inside its header");
        }
        if (c == null || c.type != Chunks.HEAD) throw new RncFormatException("first chunk is not HEAD");
        header = decodeHeader(c.payload);
        return header;
    }

    static RncHeader decodeHeader(byte[] p) throws RncFormatException {
        try {
            DataInputStream d = new DataInputStream(new ByteArrayInputStream(p));
            int major = d.readUnsignedByte();
            int minor = d.readUnsignedByte();
            if (major < RncHeader.OLDEST_MAJOR || major > RncHeader.NEWEST_MAJOR)
                throw new RncFormatException("unsupported format version " + major + "." + minor + " (this reader knows "
                        + RncHeader.OLDEST_MAJOR + ".x to " + RncHeader.NEWEST_MAJOR + ".x"
                        + (major > RncHeader.NEWEST_MAJOR ? "; a newer RNC release wrote it" : "") + ")");
            int width = d.readInt();
            int height = d.readInt();
            if (width <= 0 || height <= 0)
                throw new RncFormatException("impossible image size " + Integer.toUnsignedString(width) + "x"
                        + Integer.toUnsignedString(height));
            RncHeader.Colour colour = RncHeader.Colour.of(d.readUnsignedByte());
            int bits = d.readUnsignedByte();
            if (bits != 8 && bits != 16) throw new RncFormatException("unsupported sample depth " + bits);
            int alpha = d.readUnsignedByte();
            if (alpha > 1) throw new RncFormatException("bad alpha flag " + alpha);
            RncHeader.Coding coding = RncHeader.Coding.of(d.readUnsignedByte());
            int block = d.readUnsignedByte();
            int codes = d.readUnsignedByte();
            if (block == 0 || codes == 0) throw new RncFormatException("bad block geometry " + block + "/" + codes);
            int tile = d.readUnsignedShort();
            if (tile == 0 || tile % block != 0 || tile > RncHeader.MAX_TILE) throw new RncFormatException("bad tile size " + tile);
            int iterations = d.readUnsignedByte();
            boolean adaptive = false;
            if (major >= RncHeader.ADAPTIVE_MAJOR) {
                int flags = d.readUnsignedByte();
                // an unknown flag changes how the iterations decode: refuse rather than show a wrong picture
                if ((flags & ~1) != 0) throw new RncFormatException("unknown header flags 0x" + Integer.toHexString(flags)
                        + " (a newer RNC release wrote this file)");
                adaptive = (flags & 1) != 0;
            }
            ModelId model = readModel(d, hashBytes(major));
            ModelId entropy = coding == RncHeader.Coding.BINARY_RNN ? readModel(d, hashBytes(major)) : null;
            return new RncHeader(width, height, colour, bits, alpha == 1, coding, block, codes, tile, iterations, model, entropy,
                    major, adaptive);
        } catch (EOFException e) {
            throw new RncFormatException("HEAD chunk too short");
        } catch (IllegalArgumentException e) {
            throw new RncFormatException("bad header: " + e.getMessage());
        } catch (RncFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new RncFormatException("bad header: " + e);
        }
    }

    /** Bytes of a model's hash in a file of this major version: whole before format 4, its first bytes since. */
    private static int hashBytes(int major) {
        return major >= RncHeader.COMPACT_MAJOR ? RncHeader.HASH_PREFIX : 32;
    }

    private static ModelId readModel(DataInputStream d, int hashBytes) throws IOException {
        int len = d.readUnsignedByte();
        if (len == 0) throw new RncFormatException("empty model name");
        byte[] name = new byte[len];
        d.readFully(name);
        byte[] hash = new byte[hashBytes];
        d.readFully(hash);
        return new ModelId(new String(name, StandardCharsets.UTF_8), hash);
    }

    /**
     * Reads the rest of the file, keeping at most {@code maxIterations} iteration chunks (later ones are
     * not read at all, so a k-pass decode of a large file reads only its prefix).
     */
    public Body readBody(int maxIterations) throws IOException {
        RncHeader h = readHeader();
        long pixels = (long) h.width() * h.height();
        // An iteration never exceeds its RAW size plus the index and a mode byte (format 4: a mode byte and a CRC;
        // coded files fall back to RAW per iteration); anything longer is corrupt, and refusing it keeps a hostile
        // length from allocating.
        long maxIter = (h.compact() ? 1 + 4 : 2 + 1) + h.rawIterationBytes();
        long maxAlpha = 1 + pixels + pixels / 64 + 1024;
        byte[] alpha = null;
        List<Iteration> iterations = new ArrayList<>();
        boolean truncated = false;
        Damage damage = null;
        Extras extras = Extras.NONE;
        byte[] filter = null, post = null;
        int want = Math.min(maxIterations, h.iterations());
        while (iterations.size() < want) {
            long offset = position;
            RawChunk c;
            try {
                c = readChunk(Math.min(Chunks.MAX_CHUNK, Math.max(maxIter, maxAlpha)), true);
                if (c != null && c.type == Chunks.ITER) checkIter(c, iterations.size(), maxIter, h.compact());
            } catch (EOFException e) {
                truncated = true;
                break;
            } catch (DamagedChunkException e) {
                // without iteration 1 (or the alpha plane before it) there is no picture at all
                if (iterations.isEmpty()) throw e;
                damage = new Damage(iterations.size(), e.getMessage());
                break;
            }
            if (c == null) { // clean end of stream
                truncated = true;
                break;
            }
            chunks.add(new ChunkInfo(Chunks.typeName(c.type), offset, (int) c.length));
            if (isExtra(c.type)) {
                // metadata belongs before the pictures; one of each
                if (alpha != null || filter != null || post != null || !iterations.isEmpty())
                    throw new RncFormatException(Chunks.typeName(c.type) + " chunk after the image data");
                extras = withExtra(extras, c);
            } else if (c.type == Chunks.POST) {
                if (!iterations.isEmpty() || filter != null) throw new RncFormatException("POST chunk after the FILT chunk or the iterations");
                if (post != null) throw new RncFormatException("second POST chunk");
                post = c.payload;
            } else if (c.type == Chunks.FILT) {
                if (!iterations.isEmpty()) throw new RncFormatException("FILT chunk after the iterations");
                if (filter != null) throw new RncFormatException("second FILT chunk");
                filter = c.payload;
            } else if (c.type == Chunks.ALPH) {
                if (!h.hasAlpha()) throw new RncFormatException("ALPH chunk in a file without alpha");
                if (alpha != null) throw new RncFormatException("second ALPH chunk");
                if (!iterations.isEmpty()) throw new RncFormatException("ALPH chunk after iterations");
                alpha = decodeAlpha(c.payload, h);
            } else if (c.type == Chunks.ITER) {
                if (h.hasAlpha() && alpha == null) throw new RncFormatException("ITER chunk before the ALPH chunk");
                int index = iterations.size();
                iterations.add(new Iteration(index, offset, c.payload.length,
                        h.compact() ? c.payload : Arrays.copyOfRange(c.payload, 2, c.payload.length), position - offset));
            } else if (c.type == Chunks.HEAD) {
                throw new RncFormatException("second HEAD chunk");
            } else if (c.type == Chunks.END) {
                truncated = iterations.size() < want;
                if (truncated) throw new RncFormatException("END after " + iterations.size() + " of "
                        + h.iterations() + " iterations");
                break;
            }
            // unknown chunk types: skipped (forward compatibility)
        }
        if (h.hasAlpha() && alpha == null && !truncated && want > 0)
            throw new RncFormatException("alpha declared but no ALPH chunk");
        return new Body(alpha, List.copyOf(iterations), truncated, damage, List.copyOf(chunks), extras, filter, post);
    }

    /**
     * Reads just the metadata chunks (ICC profile, EXIF, XMP) after the header, stopping at the first chunk of
     * image data: what a caller needs for the image's type and metadata without reading the image. Use this
     * reader for nothing else afterwards.
     */
    public Extras readExtras() throws IOException {
        readHeader();
        Extras extras = Extras.NONE;
        while (true) {
            RawChunk c;
            try {
                Head head = readChunkHead();
                // image data ends the metadata: stop before reading it
                if (head == null || head.type == Chunks.ALPH || head.type == Chunks.FILT || head.type == Chunks.POST
                        || head.type == Chunks.ITER || head.type == Chunks.END)
                    return extras;
                c = readChunkRest(head, Chunks.MAX_METADATA, true);
            } catch (EOFException e) {
                return extras;
            }
            if (c.type == Chunks.HEAD) throw new RncFormatException("second HEAD chunk");
            if (isExtra(c.type)) extras = withExtra(extras, c);
        }
    }

    private static boolean isExtra(int type) {
        return type == Chunks.ICCP || type == Chunks.EXIF || type == Chunks.XMP;
    }

    private static Extras withExtra(Extras e, RawChunk c) throws RncFormatException {
        if (c.type == Chunks.ICCP) {
            if (e.icc() != null) throw new RncFormatException("second ICCP chunk");
            return new Extras(inflate(c.payload, Chunks.MAX_METADATA, "ICC profile"), e.exif(), e.xmp());
        }
        if (c.type == Chunks.EXIF) {
            if (e.exif() != null) throw new RncFormatException("second EXIF chunk");
            return new Extras(e.icc(), c.payload, e.xmp());
        }
        if (e.xmp() != null) throw new RncFormatException("second XMP chunk");
        return new Extras(e.icc(), e.exif(), c.payload);
    }

    private static void checkIter(RawChunk c, int expected, long maxIter, boolean compact) throws DamagedChunkException {
        if (compact) { // no index: the position is the index
            if (c.payload.length < 1 || c.payload.length > maxIter)
                throw new DamagedChunkException("iteration record of impossible length " + c.payload.length);
            return;
        }
        if (c.payload.length < 2 || c.payload.length > maxIter)
            throw new DamagedChunkException("ITER chunk of impossible length " + c.payload.length);
        int index = (c.payload[0] & 0xFF) << 8 | (c.payload[1] & 0xFF);
        if (index != expected) throw new DamagedChunkException("ITER chunk " + index + " where " + expected + " expected");
    }

    /** A chunk of {@code method:u8} (0: zlib) and a zlib stream, inflated; at most {@code max} bytes. */
    private static byte[] inflate(byte[] p, int max, String what) throws RncFormatException {
        if (p.length < 1 || p[0] != 0) throw new RncFormatException("unknown " + what + " method");
        Inflater inf = new Inflater();
        try {
            inf.setInput(p, 1, p.length - 1);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[1 << 14];
            while (!inf.finished()) {
                int r = inf.inflate(buf);
                if (r == 0 && (inf.needsInput() || inf.needsDictionary())) throw new RncFormatException(what + " is cut short");
                out.write(buf, 0, r);
                if (out.size() > max) throw new RncFormatException(what + " larger than " + max + " bytes");
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new RncFormatException("corrupt " + what + ": " + e.getMessage());
        } finally {
            inf.end();
        }
    }

    /** Deflate's largest expansion (258-byte matches at about 2 bits each), with room to spare. */
    private static final long MAX_DEFLATE_RATIO = 1040;

    private static byte[] decodeAlpha(byte[] p, RncHeader h) throws RncFormatException {
        if (p.length < 1 || p[0] != 0) throw new RncFormatException("unknown alpha method");
        int w = h.width();
        long n = (long) w * h.height();
        if (n > Integer.MAX_VALUE - 16) throw new RncFormatException("alpha plane too large");
        // Deflate expands at most about 1032:1, so a plane larger than that is a lie of the header (found by
        // fuzzing: a 1 GB plane allocated for 120 compressed bytes); refuse it before allocating
        if (n > MAX_DEFLATE_RATIO * (p.length - 1L) + 1024)
            throw new RncFormatException("alpha plane of " + n + " bytes cannot come from " + (p.length - 1) + " compressed bytes");
        byte[] a = new byte[(int) n];
        Inflater inf = new Inflater();
        try {
            inf.setInput(p, 1, p.length - 1);
            int got = 0;
            while (got < a.length) {
                int r = inf.inflate(a, got, a.length - got);
                if (r == 0 && (inf.finished() || inf.needsInput() || inf.needsDictionary())) break;
                got += r;
            }
            if (got != a.length) throw new RncFormatException("alpha plane has " + got + " of " + n + " bytes");
        } catch (DataFormatException e) {
            throw new RncFormatException("corrupt alpha plane: " + e.getMessage());
        } finally {
            inf.end();
        }
        for (int y = 1; y < h.height(); y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) a[row + x] += a[row - w + x];
        }
        return a;
    }

    /** A chunk as read; {@code payload} is null for types the reader skips. */
    private record RawChunk(int type, long length, byte[] payload) {}

    /**
     * Returns null at a clean end of stream; EOFException inside a chunk. With {@code skipUnknown}, chunks of
     * unknown types may be as long as any chunk and are streamed through the CRC and dropped, so a large (or
     * lying) one costs no memory; without it every chunk must fit {@code maxLength}.
     */
    private RawChunk readChunk(long maxLength, boolean skipUnknown) throws IOException {
        Head head = readChunkHead();
        return head == null ? null : readChunkRest(head, maxLength, skipUnknown);
    }

    /**
     * A chunk's type and length, and the bytes its CRC starts with (the type's); {@code crc} false for a format 4
     * iteration, which has none (its data carries the CRC of its codes).
     */
    private record Head(int type, long length, byte[] crcStart, boolean crc) {}

    /**
     * The next chunk's head: 8 bytes (length, type) before format 4 and for the HEAD chunk; in a format 4 file's body a
     * record's type byte and LEB128 length. Null at a clean end of stream.
     */
    private Head readChunkHead() throws IOException {
        if (header != null && header.compact()) {
            byte[] code = new byte[1], b = new byte[1];
            if (readFully(code, 0, 1) == 0) return null;
            long length = 0;
            for (int i = 0; ; i++) {
                if (readFully(b, 0, 1) == 0) throw new EOFException();
                length |= (long) (b[0] & 0x7F) << (7 * i);
                if ((b[0] & 0x80) == 0) {
                    // the shortest form only: one length, one reading (and a lying 5th group cannot overflow)
                    if (i > 0 && b[0] == 0)
                        throw new DamagedChunkException("record length not in its shortest form at byte " + position);
                    break;
                }
                if (i == 4) throw new DamagedChunkException("record length longer than 5 bytes at byte " + position);
            }
            int type = Chunks.fromCompactCode(code[0] & 0xFF);
            return new Head(type, length, code, type != Chunks.ITER);
        }
        byte[] head = new byte[8];
        int n = readFully(head, 0, 8);
        if (n == 0) return null;
        if (n < 8) throw new EOFException();
        long length = ((head[0] & 0xFFL) << 24) | ((head[1] & 0xFF) << 16) | ((head[2] & 0xFF) << 8) | (head[3] & 0xFF);
        int type = (head[4] & 0xFF) << 24 | (head[5] & 0xFF) << 16 | (head[6] & 0xFF) << 8 | (head[7] & 0xFF);
        return new Head(type, length, Arrays.copyOfRange(head, 4, 8), true);
    }

    /** The rest of the chunk whose head was just read: payload and CRC. */
    private RawChunk readChunkRest(Head head, long maxLength, boolean skipUnknown) throws IOException {
        long length = head.length;
        int type = head.type;
        boolean metadata = type == Chunks.ICCP || type == Chunks.EXIF || type == Chunks.XMP;
        boolean known = metadata || type == Chunks.FILT || type == Chunks.POST || type == Chunks.HEAD || type == Chunks.ALPH || type == Chunks.ITER || type == Chunks.END;
        if (length > Chunks.MAX_CHUNK || ((known || !skipUnknown)
                && length > (metadata ? Chunks.MAX_METADATA : type == Chunks.FILT ? Chunks.MAX_FILTER
                : type == Chunks.POST ? Chunks.MAX_POST : maxLength)))
            throw new DamagedChunkException("chunk " + Chunks.typeName(type) + " declares " + length + " bytes");
        CRC32 crc = new CRC32();
        crc.update(head.crcStart);
        // Read in steps so a lying length on a short stream cannot allocate more than the stream holds.
        ByteArrayOutputStream buf = known ? new ByteArrayOutputStream((int) Math.min(length, 1 << 20)) : null;
        byte[] step = new byte[(int) Math.min(length, 1 << 16)];
        long left = length;
        while (left > 0) {
            int want = (int) Math.min(left, step.length);
            int got = readFully(step, 0, want);
            crc.update(step, 0, got);
            if (buf != null) buf.write(step, 0, got);
            if (got < want) throw new EOFException();
            left -= got;
        }
        if (!head.crc) return new RawChunk(type, length, buf.toByteArray());
        byte[] crcBytes = new byte[4];
        if (readFully(crcBytes, 0, 4) < 4) throw new EOFException();
        long stored = ((crcBytes[0] & 0xFFL) << 24) | ((crcBytes[1] & 0xFF) << 16) | ((crcBytes[2] & 0xFF) << 8)
                | (crcBytes[3] & 0xFF);
        // checked for skipped types too: a mismatch there may be a known chunk whose type byte was damaged
        if (stored != crc.getValue())
            throw new DamagedChunkException("CRC mismatch in chunk " + Chunks.typeName(type) + " at byte " + position);
        return new RawChunk(type, length, buf != null ? buf.toByteArray() : null);
    }

    private int readFully(byte[] b, int off, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int r = in.read(b, off + total, len - total);
            if (r < 0) break;
            total += r;
        }
        position += total;
        return total;
    }
}

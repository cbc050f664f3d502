package org.rnc.format;

import java.nio.charset.StandardCharsets;

/** Byte-level constants of the container. See conformance/FORMAT.md. */
public final class Chunks {
    private Chunks() {}

    /** PNG-style signature: a high byte catches 7-bit transfers, CR LF / ^Z / LF catch text-mode mangling. */
    public static final byte[] MAGIC = {(byte) 0x89, 'R', 'N', 'C', 0x0D, 0x0A, 0x1A, 0x0A};

    public static final int HEAD = type("HEAD");
    public static final int ALPH = type("ALPH");
    public static final int ITER = type("ITER");
    public static final int END = type("END ");
    /** Optional, before the iterations (format 2.1): the samples' ICC colour profile, EXIF (a TIFF structure), XMP. */
    public static final int ICCP = type("ICCP"), EXIF = type("EXIF"), XMP = type("XMP ");
    /**
     * Optional, before the iterations (format 2.2 / 3.1): the restoration filter the reader runs on the picture of all
     * the file's iterations; readers before those versions skip it and show the picture unfiltered.
     */
    public static final int FILT = type("FILT");
    /**
     * Optional, before the iterations and before FILT (format 2.3 / 3.2): names the learned post-filter (a model, by name
     * and SHA-256) the reader runs on every picture it shows; readers before those versions skip it.
     */
    public static final int POST = type("POST");
    /** Largest POST chunk: a model name of up to 255 bytes with its length, and a SHA-256. */
    public static final int MAX_POST = 1 + 255 + 32;
    /** Largest FILT chunk a reader accepts (today's filters take 43 bytes; later kinds may take more). */
    public static final int MAX_FILTER = 1 << 16;
    /** Largest metadata chunk (ICC, EXIF, XMP) a reader accepts. */
    public static final int MAX_METADATA = 16 << 20;

    /** Largest chunk payload a reader accepts; real chunks are far smaller. */
    public static final long MAX_CHUNK = Integer.MAX_VALUE - 64;

    /** Format 4 records' one-byte types, in the order of {@link #COMPACT_TYPES} from 1; 0 and the rest are unassigned. */
    private static final int[] COMPACT_TYPES = {ICCP, EXIF, XMP, ALPH, POST, FILT, ITER};

    /** The one-byte type of a format 4 record for a chunk type. */
    static int compactCode(int type) {
        for (int i = 0; i < COMPACT_TYPES.length; i++) if (COMPACT_TYPES[i] == type) return i + 1;
        throw new IllegalArgumentException("no format 4 record for " + typeName(type));
    }

    /** The chunk type of a format 4 record's one-byte type; an unassigned one (a later release's) maps to itself (0-255). */
    static int fromCompactCode(int code) {
        return code >= 1 && code <= COMPACT_TYPES.length ? COMPACT_TYPES[code - 1] : code;
    }

    static int type(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    public static String typeName(int type) {
        if (type >= 0 && type < 256) return "#" + type; // an unassigned format 4 record type
        char[] c = new char[4];
        for (int i = 0; i < 4; i++) {
            int v = (type >>> (24 - 8 * i)) & 0xFF;
            c[i] = v >= 0x20 && v < 0x7F ? (char) v : '?';
        }
        return new String(c);
    }
}

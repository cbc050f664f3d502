package org.rnc.format;

import java.util.Objects;

/**
 * The fixed facts of an {@code .rnc} file, stored in its {@code HEAD} chunk.
 *
 * @param width        image width in pixels (original, before padding)
 * @param height       image height in pixels
 * @param colour       colour model of the source image (decoded back to the same model)
 * @param sampleBits   8, or 16 for 16-bit grey sources (restored on read, precision is the codec's)
 * @param hasAlpha     true when an {@code ALPH} chunk carries a lossless alpha plane
 * @param coding       how iteration payloads are coded
 * @param blockSize    the network's spatial multiple; the image is padded to it by edge replication
 * @param codesPerBlock bits per block per iteration (32 for the default model)
 * @param tileSize     side of the independent square tiles the image is coded in, a multiple of the block size
 * @param iterations   number of {@code ITER} chunks the writer stored
 * @param model        the codec model that produced the codes
 * @param entropyModel the entropy model for {@link Coding#BINARY_RNN}, else null
 * @param version      the format's major version: 4 (the compact container this build writes for entropy-coded
 *                     files), 3 (files with per-block iteration counts; since 4, only RAW-coded ones are written), 2
 *                     (portable entropy coding; since 4, only RAW-coded files without per-block counts are written), or 1
 *                     (older files, whose entropy-coded iterations depend on TensorFlow's arithmetic)
 * @param adaptive     true when blocks have their own iteration counts (spatially adaptive rate, format 3): each
 *                     iteration after the first carries a stop flag per block still going, and codes only for the
 *                     blocks that go on
 */
public record RncHeader(int width, int height, Colour colour, int sampleBits, boolean hasAlpha, Coding coding,
                        int blockSize, int codesPerBlock, int tileSize, int iterations, ModelId model, ModelId entropyModel,
                        int version, boolean adaptive) {

    /** Format 2 changed the probability rule of entropy-coded iterations (plain Java instead of TensorFlow). */
    public static final int VERSION_MAJOR = 2;
    /**
     * 2.1 added the optional ICCP, EXIF and XMP chunks, 2.2 the optional FILT chunk (a restoration filter), 2.3 the
     * optional POST chunk (a learned post-filter); older 2.x readers skip them.
     */
    public static final int VERSION_MINOR = 3;
    /** 3.1 added the optional FILT chunk, 3.2 the optional POST chunk; older 3.x readers skip them. */
    public static final int ADAPTIVE_MINOR = 2;
    /**
     * Format 3 added per-block iteration counts, which 2.x readers cannot decode (so it is a major version); writers
     * use it only for adaptive files, so every other file stays readable by 2.x readers.
     */
    public static final int ADAPTIVE_MAJOR = 3;
    /**
     * Format 4, the compact container: after the HEAD chunk, records with a one-byte type and a variable-length size
     * instead of 12-byte chunks, iterations checked by their own CRC alone (no index, no second CRC, no END), models
     * named by the first {@value #HASH_PREFIX} bytes of their SHA-256, the range coder's constant first byte left out.
     * About 100 bytes less per file, with or without per-block iteration counts (the flags say). Entropy-coded files only.
     */
    public static final int COMPACT_MAJOR = 4;
    public static final int COMPACT_MINOR = 0;
    /** Bytes of a model's SHA-256 that a format 4 file keeps: enough to tell apart every version of a name. */
    public static final int HASH_PREFIX = 8;
    /** The newest major version this build reads. */
    public static final int NEWEST_MAJOR = COMPACT_MAJOR;
    /** The oldest major version this build reads. */
    public static final int OLDEST_MAJOR = 1;
    /** Largest tile side: bounds the decoder's memory whatever a file claims (about 2 GB for the default model). */
    public static final int MAX_TILE = 2048;

    /** Colour model of the source. */
    public enum Colour {
        GRAY(0), RGB(1);
        public final int code;

        Colour(int code) { this.code = code; }

        static Colour of(int code) throws RncFormatException {
            for (Colour c : values()) if (c.code == code) return c;
            throw new RncFormatException("unknown colour model " + code);
        }
    }

    /** How each iteration's binary codes are stored. */
    public enum Coding {
        /** One bit per code, packed most significant bit first. */
        RAW(0),
        /** Arithmetic-coded with probabilities from the entropy model named in the header. */
        BINARY_RNN(1);
        public final int code;

        Coding(int code) { this.code = code; }

        static Coding of(int code) throws RncFormatException {
            for (Coding c : values()) if (c.code == code) return c;
            throw new RncFormatException("unknown coding " + code);
        }
    }

    public RncHeader {
        Objects.requireNonNull(colour);
        Objects.requireNonNull(coding);
        Objects.requireNonNull(model);
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("size " + width + "x" + height);
        if (sampleBits != 8 && sampleBits != 16) throw new IllegalArgumentException("sample bits " + sampleBits);
        if (blockSize <= 0 || codesPerBlock <= 0) throw new IllegalArgumentException("block geometry");
        // padded sizes are ints everywhere (rasters, tiles): a size that pads past 2^31-1 cannot be decoded
        if (roundUp(width, blockSize) > Integer.MAX_VALUE || roundUp(height, blockSize) > Integer.MAX_VALUE)
            throw new IllegalArgumentException("size " + width + "x" + height + " padded to a multiple of " + blockSize
                    + " exceeds 2^31-1");
        if (tileSize <= 0 || tileSize % blockSize != 0 || tileSize > MAX_TILE)
            throw new IllegalArgumentException("tile size " + tileSize + " (a multiple of the block size, at most " + MAX_TILE + ")");
        if (iterations < 0 || iterations > 255) throw new IllegalArgumentException("iterations " + iterations);
        if (coding == Coding.BINARY_RNN && entropyModel == null)
            throw new IllegalArgumentException("entropy coding needs an entropy model");
        if (version < OLDEST_MAJOR || version > NEWEST_MAJOR) throw new IllegalArgumentException("format version " + version);
        if (adaptive && version < ADAPTIVE_MAJOR) throw new IllegalArgumentException("per-block iteration counts need format 3");
        if (version >= COMPACT_MAJOR && coding != Coding.BINARY_RNN)
            throw new IllegalArgumentException("format " + version + " files are entropy-coded");
    }

    /** A header of a file without per-block iteration counts. */
    public RncHeader(int width, int height, Colour colour, int sampleBits, boolean hasAlpha, Coding coding, int blockSize,
                     int codesPerBlock, int tileSize, int iterations, ModelId model, ModelId entropyModel, int version) {
        this(width, height, colour, sampleBits, hasAlpha, coding, blockSize, codesPerBlock, tileSize, iterations, model,
                entropyModel, version, false);
    }

    /** A header of the current format version, every block at every iteration. */
    public RncHeader(int width, int height, Colour colour, int sampleBits, boolean hasAlpha, Coding coding, int blockSize,
                     int codesPerBlock, int tileSize, int iterations, ModelId model, ModelId entropyModel) {
        this(width, height, colour, sampleBits, hasAlpha, coding, blockSize, codesPerBlock, tileSize, iterations, model,
                entropyModel, VERSION_MAJOR, false);
    }

    /**
     * This header for a file with per-block iteration counts, or without them: format 3 or 2, and format 4 stays 4 (its
     * flags say which).
     */
    public RncHeader withAdaptive(boolean on) {
        return new RncHeader(width, height, colour, sampleBits, hasAlpha, coding, blockSize, codesPerBlock, tileSize,
                iterations, model, entropyModel, version >= COMPACT_MAJOR ? version
                : on ? ADAPTIVE_MAJOR : Math.min(version, VERSION_MAJOR), on);
    }

    /** This header in the format this build writes: 4 (compact) for entropy-coded files, else 3 or 2 as before. */
    public RncHeader forWriting() {
        int v = coding == Coding.BINARY_RNN ? COMPACT_MAJOR : adaptive ? ADAPTIVE_MAJOR : VERSION_MAJOR;
        return new RncHeader(width, height, colour, sampleBits, hasAlpha, coding, blockSize, codesPerBlock, tileSize,
                iterations, model, entropyModel, v, adaptive);
    }

    /** True for the compact container (format 4). */
    public boolean compact() { return version >= COMPACT_MAJOR; }

    /** The minor version a writer stores with this header's major version. */
    public int minorVersion() {
        return version >= COMPACT_MAJOR ? COMPACT_MINOR : version == ADAPTIVE_MAJOR ? ADAPTIVE_MINOR : VERSION_MINOR;
    }

    /** Width after padding to the block size. */
    public int paddedWidth() { return (int) roundUp(width, blockSize); }

    /** Height after padding to the block size. */
    public int paddedHeight() { return (int) roundUp(height, blockSize); }

    /** Blocks across. */
    public int blocksWide() { return paddedWidth() / blockSize; }

    /** Blocks down. */
    public int blocksHigh() { return paddedHeight() / blockSize; }

    /** Binary codes in one iteration. */
    public long codesPerIteration() { return (long) blocksWide() * blocksHigh() * codesPerBlock; }

    /**
     * Bytes of the longest raw (uncoded) iteration payload, without the index prefix: every code, and in adaptive
     * files a stop flag for every block as well.
     */
    public long rawIterationBytes() {
        return (codesPerIteration() + (adaptive ? (long) blocksWide() * blocksHigh() : 0) + 7) / 8;
    }

    public RncHeader withIterations(int k) {
        return new RncHeader(width, height, colour, sampleBits, hasAlpha, coding, blockSize, codesPerBlock, tileSize, k,
                model, entropyModel, version, adaptive);
    }

    /** In long arithmetic: v near 2^31 rounds up past the int range (the constructor refuses those sizes). */
    static long roundUp(long v, int m) {
        return (v + m - 1) / m * m;
    }
}

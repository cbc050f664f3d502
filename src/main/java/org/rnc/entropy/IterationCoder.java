package org.rnc.entropy;

import java.util.ArrayList;
import java.util.List;

import org.rnc.format.RawBits;
import org.rnc.format.RncFormatException;
import org.rnc.format.RncHeader;
import org.rnc.model.EntropyPredictor;
import org.rnc.model.PortableEntropyModel;

/**
 * Turns each iteration's codes into its stored payload and back, for either coding of the header: RAW
 * packing, or BinaryRNN arithmetic coding (which needs the codes of all earlier iterations as context, so
 * one instance follows one image from its first iteration on).
 */
public final class IterationCoder {
    private final RncHeader.Coding coding;
    private final EntropyPredictor model;
    private final int h, w, bits;
    private final int version;
    private final boolean adaptive;
    private final List<float[]> previous = new ArrayList<>();
    /** Adaptive files: the blocks the last iteration coded (null before the first). */
    private boolean[] going;

    /** A coder for files of the current format version, every block at every iteration. */
    public IterationCoder(RncHeader.Coding coding, EntropyPredictor model, int blocksHigh, int blocksWide, int bits) {
        this(coding, model, blocksHigh, blocksWide, bits, RncHeader.VERSION_MAJOR, false);
    }

    /**
     * A coder for files with per-block iteration counts (format 3) when {@code adaptive}: a block whose codes are all
     * 0 has stopped, and stays stopped; each iteration after the first carries the stop flags.
     */
    public IterationCoder(RncHeader.Coding coding, EntropyPredictor model, int blocksHigh, int blocksWide, int bits,
                          boolean adaptive) {
        this(coding, model, blocksHigh, blocksWide, bits, adaptive ? RncHeader.ADAPTIVE_MAJOR : RncHeader.VERSION_MAJOR, adaptive);
    }

    /**
     * A coder for the iterations of a file with this header, whose entropy model (if it has one) is {@code model}: what
     * a writer uses for the file it writes, and a reader for the file it reads.
     */
    public static IterationCoder forFile(RncHeader h, EntropyPredictor model) throws RncFormatException {
        if (h.coding() == RncHeader.Coding.BINARY_RNN) {
            boolean portable = model instanceof PortableEntropyModel;
            if (h.version() >= 2 && !portable)
                throw new RncFormatException("format " + h.version() + " files are entropy-coded with portable entropy models; "
                        + h.entropyModel().shortForm() + " is a TensorFlow (format 1) model");
            if (h.version() == 1 && portable)
                throw new RncFormatException("format 1 files are entropy-coded with TensorFlow entropy models; "
                        + h.entropyModel().shortForm() + " is a portable (format 2) model");
        }
        return new IterationCoder(h.coding(), model, h.blocksHigh(), h.blocksWide(), h.codesPerBlock(), h.version(), h.adaptive());
    }

    private IterationCoder(RncHeader.Coding coding, EntropyPredictor model, int blocksHigh, int blocksWide, int bits, int version,
                           boolean adaptive) {
        if (coding == RncHeader.Coding.BINARY_RNN && model == null) throw new IllegalArgumentException("no entropy model");
        if (model != null && model.config().bits() != bits)
            throw new IllegalArgumentException("entropy model codes " + model.config().bits() + " bits per position, not " + bits);
        this.coding = coding;
        this.model = model;
        this.h = blocksHigh;
        this.w = blocksWide;
        this.bits = bits;
        this.version = version;
        this.adaptive = adaptive;
    }

    /**
     * In BINARY_RNN files each payload starts with its mode, so no iteration ever costs more than RAW. In format 4 every
     * mode then has the CRC-32 of the iteration's RAW bit stream (mode 0 too, as the only check of its data), and the
     * range coder's first byte, always 0 (LZMA's initial cache byte), is left out.
     */
    static final int MODE_RAW = 0, MODE_ARITHMETIC = 1, MODE_MIXED = 2, MODE_CROSS = 3;

    /**
     * The payload of the next iteration. In adaptive files a block whose codes are all 0 stops there: it must not
     * have stopped before, and every block must be coded in the first iteration.
     */
    public byte[] encode(float[] codes) {
        if (codes.length != h * w * bits) throw new IllegalArgumentException(codes.length + " codes for a " + w + "x" + h + " grid");
        boolean[] before = going, now = adaptive ? RawBits.activeBlocks(codes, bits) : null;
        if (adaptive)
            for (int b = 0; b < now.length; b++)
                if (now[b] && before != null && !before[b] || !now[b] && before == null)
                    throw new IllegalArgumentException("block " + b + (before == null ? " is not coded in the first iteration"
                            : " goes on after it stopped"));
        byte[] raw = adaptive ? RawBits.packAdaptive(codes, before, now, bits) : RawBits.pack(codes);
        byte[] out;
        if (coding == RncHeader.Coding.RAW) {
            out = raw;
        } else {
            // the shortest of RAW, model alone, model mixed with adaptive contexts, and mixed after the
            // cross-channel stage (models that have one)
            byte[][] coded = BinaryRnnCoder.encodeAll(model, previous, codes, h, w, before, now);
            byte[] best = raw;
            if (version >= RncHeader.COMPACT_MAJOR) {
                best = withCrc(raw);
                for (int m = 0; m < coded.length; m++) if (coded[m] != null) coded[m] = withoutFirstByte(coded[m]);
            }
            int mode = MODE_RAW;
            for (int m = MODE_ARITHMETIC; m <= MODE_CROSS; m++)
                if (coded[m - 1] != null && coded[m - 1].length < best.length) { best = coded[m - 1]; mode = m; }
            out = new byte[1 + best.length];
            out[0] = (byte) mode;
            System.arraycopy(best, 0, out, 1, best.length);
        }
        previous.add(codes);
        going = now;
        return out;
    }

    public float[] decode(byte[] data) throws RncFormatException {
        float[] codes;
        if (coding == RncHeader.Coding.RAW) {
            codes = raw(data);
        } else {
            if (data.length < 1) throw new RncFormatException("empty iteration payload");
            byte[] rest = java.util.Arrays.copyOfRange(data, 1, data.length);
            boolean compact = version >= RncHeader.COMPACT_MAJOR;
            codes = switch (data[0]) {
                case MODE_RAW -> compact ? checkedRaw(rest) : raw(rest);
                case MODE_ARITHMETIC, MODE_MIXED, MODE_CROSS -> decodeArithmetic(compact ? withFirstByte(rest) : rest, data[0]);
                default -> throw new RncFormatException("unknown iteration coding mode " + (data[0] & 255));
            };
        }
        previous.add(codes);
        if (adaptive) going = RawBits.activeBlocks(codes, bits);
        return codes;
    }

    /** Format 4's mode 0: the CRC-32 of the RAW bit stream, then the stream. */
    private float[] checkedRaw(byte[] data) throws RncFormatException {
        if (data.length < 4) throw new RncFormatException("iteration payload of " + data.length + " bytes");
        byte[] raw = java.util.Arrays.copyOfRange(data, 4, data.length);
        if (!java.util.Arrays.equals(withCrc(raw), 0, 4, data, 0, 4))
            throw new RncFormatException("RAW codes fail their checksum: the data is damaged");
        return raw(raw);
    }

    private static byte[] withCrc(byte[] raw) {
        return BinaryRnnCoder.withCrc(BinaryRnnCoder.crc(raw), raw);
    }

    /** A mode 1-3 payload (CRC, range coder bytes) without the coder's first byte, which is always 0. */
    private static byte[] withoutFirstByte(byte[] payload) {
        if (payload.length <= 4) return payload; // every byte trailing zeros, left out by the coder's flush
        if (payload[4] != 0) throw new IllegalStateException("range coder stream starts with " + (payload[4] & 255));
        byte[] out = new byte[payload.length - 1];
        System.arraycopy(payload, 0, out, 0, 4);
        System.arraycopy(payload, 5, out, 4, out.length - 4);
        return out;
    }

    private static byte[] withFirstByte(byte[] payload) {
        if (payload.length <= 4) return payload; // a reader reads zeros past the end: the same stream
        byte[] out = new byte[payload.length + 1];
        System.arraycopy(payload, 0, out, 0, 4);
        System.arraycopy(payload, 4, out, 5, payload.length - 4);
        return out;
    }

    private float[] raw(byte[] data) throws RncFormatException {
        return adaptive ? RawBits.unpackAdaptive(data, going, h * w, bits) : RawBits.unpack(data, h * w * bits);
    }

    private float[] decodeArithmetic(byte[] payload, int mode) throws RncFormatException {
        try {
            return BinaryRnnCoder.decode(model, previous, payload, h, w, mode, adaptive, going);
        } catch (BinaryRnnCoder.ChecksumException e) {
            if (version >= 2) throw e;
            // format 1: the probabilities came from TensorFlow, whose arithmetic differs between CPUs and builds
            throw new RncFormatException("entropy-decoded codes fail their checksum. This is a format 1 file (written by RNC "
                    + "0.1 before December 2026), whose entropy coding depends on the TensorFlow arithmetic of the machine that "
                    + "wrote it: decode it on a machine of that kind, where `rnc upgrade` rewrites it as a portable format 2 "
                    + "file with the same codes; or the data is damaged");
        }
    }
}

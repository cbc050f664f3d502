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
    private final List<float[]> previous = new ArrayList<>();

    /** A coder for files of the current format version. */
    public IterationCoder(RncHeader.Coding coding, EntropyPredictor model, int blocksHigh, int blocksWide, int bits) {
        this(coding, model, blocksHigh, blocksWide, bits, RncHeader.VERSION_MAJOR);
    }

    /** A coder for the iterations of a file with this header, whose entropy model (if it has one) is {@code model}. */
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
        return new IterationCoder(h.coding(), model, h.blocksHigh(), h.blocksWide(), h.codesPerBlock(), h.version());
    }

    private IterationCoder(RncHeader.Coding coding, EntropyPredictor model, int blocksHigh, int blocksWide, int bits, int version) {
        if (coding == RncHeader.Coding.BINARY_RNN && model == null) throw new IllegalArgumentException("no entropy model");
        if (model != null && model.config().bits() != bits)
            throw new IllegalArgumentException("entropy model codes " + model.config().bits() + " bits per position, not " + bits);
        this.coding = coding;
        this.model = model;
        this.h = blocksHigh;
        this.w = blocksWide;
        this.bits = bits;
        this.version = version;
    }

    /** In BINARY_RNN files each payload starts with its mode, so no iteration ever costs more than RAW. */
    static final int MODE_RAW = 0, MODE_ARITHMETIC = 1, MODE_MIXED = 2, MODE_CROSS = 3;

    public byte[] encode(float[] codes) {
        byte[] out;
        if (coding == RncHeader.Coding.RAW) {
            out = RawBits.pack(codes);
        } else {
            // the shortest of RAW, model alone, model mixed with adaptive contexts, and mixed after the
            // cross-channel stage (models that have one)
            byte[][] coded = BinaryRnnCoder.encodeAll(model, previous, codes, h, w);
            byte[] best = RawBits.pack(codes);
            int mode = MODE_RAW;
            for (int m = MODE_ARITHMETIC; m <= MODE_CROSS; m++)
                if (coded[m - 1] != null && coded[m - 1].length < best.length) { best = coded[m - 1]; mode = m; }
            out = new byte[1 + best.length];
            out[0] = (byte) mode;
            System.arraycopy(best, 0, out, 1, best.length);
        }
        previous.add(codes);
        return out;
    }

    public float[] decode(byte[] data) throws RncFormatException {
        float[] codes;
        if (coding == RncHeader.Coding.RAW) {
            codes = RawBits.unpack(data, h * w * bits);
        } else {
            if (data.length < 1) throw new RncFormatException("empty iteration payload");
            byte[] rest = java.util.Arrays.copyOfRange(data, 1, data.length);
            codes = switch (data[0]) {
                case MODE_RAW -> RawBits.unpack(rest, h * w * bits);
                case MODE_ARITHMETIC, MODE_MIXED, MODE_CROSS -> decodeArithmetic(rest, data[0]);
                default -> throw new RncFormatException("unknown iteration coding mode " + (data[0] & 255));
            };
        }
        previous.add(codes);
        return codes;
    }

    private float[] decodeArithmetic(byte[] payload, int mode) throws RncFormatException {
        try {
            return BinaryRnnCoder.decode(model, previous, payload, h, w, mode);
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

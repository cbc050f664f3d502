package org.rnc.entropy;

import java.util.ArrayList;
import java.util.List;

import org.rnc.format.RawBits;
import org.rnc.format.RncFormatException;
import org.rnc.format.RncHeader;
import org.rnc.model.EntropyModel;

/**
 * Turns each iteration's codes into its stored payload and back, for either coding of the header: RAW
 * packing, or BinaryRNN arithmetic coding (which needs the codes of all earlier iterations as context, so
 * one instance follows one image from its first iteration on).
 */
public final class IterationCoder {
    private final RncHeader.Coding coding;
    private final EntropyModel model;
    private final int h, w, bits;
    private final List<float[]> previous = new ArrayList<>();

    public IterationCoder(RncHeader.Coding coding, EntropyModel model, int blocksHigh, int blocksWide, int bits) {
        if (coding == RncHeader.Coding.BINARY_RNN && model == null) throw new IllegalArgumentException("no entropy model");
        if (model != null && model.config().bits() != bits)
            throw new IllegalArgumentException("entropy model codes " + model.config().bits() + " bits per position, not " + bits);
        this.coding = coding;
        this.model = model;
        this.h = blocksHigh;
        this.w = blocksWide;
        this.bits = bits;
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
                case MODE_ARITHMETIC, MODE_MIXED, MODE_CROSS -> BinaryRnnCoder.decode(model, previous, rest, h, w, data[0]);
                default -> throw new RncFormatException("unknown iteration coding mode " + (data[0] & 255));
            };
        }
        previous.add(codes);
        return codes;
    }
}

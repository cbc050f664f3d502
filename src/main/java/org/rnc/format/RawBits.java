package org.rnc.format;

/**
 * The RAW iteration coding: codes in NHWC order (block row, block column, code channel), one bit each,
 * 1 for +1 and 0 for -1, packed most significant bit first; the last byte is zero-padded.
 */
public final class RawBits {
    private RawBits() {}

    public static byte[] pack(float[] codes) {
        byte[] out = new byte[(codes.length + 7) / 8];
        for (int i = 0; i < codes.length; i++)
            if (codes[i] > 0) out[i >>> 3] |= (byte) (0x80 >>> (i & 7));
        return out;
    }

    /** Unpacks {@code count} codes to +1/-1. */
    public static float[] unpack(byte[] data, int count) throws RncFormatException {
        if (data.length != (count + 7) / 8)
            throw new RncFormatException("raw iteration holds " + data.length + " bytes, expected " + (count + 7) / 8);
        float[] out = new float[count];
        for (int i = 0; i < count; i++) out[i] = (data[i >>> 3] & (0x80 >>> (i & 7))) != 0 ? 1f : -1f;
        return out;
    }
}

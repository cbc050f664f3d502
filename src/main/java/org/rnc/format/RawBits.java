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

    /**
     * Which blocks an iteration codes, from its codes on the grid: a block is going when its codes are +1/-1, stopped
     * (adaptive files) when they are all 0.
     */
    public static boolean[] activeBlocks(float[] codes, int bits) {
        boolean[] a = new boolean[codes.length / bits];
        for (int b = 0; b < a.length; b++) a[b] = codes[b * bits] != 0;
        return a;
    }

    /**
     * The RAW payload of an adaptive file's iteration: one flag per block in {@code before} (in raster order: 1 goes
     * on, 0 stops; none for the first iteration, {@code before} null), then the codes of the blocks that go on, in
     * NHWC order; one bit stream, packed most significant bit first.
     */
    public static byte[] packAdaptive(float[] codes, boolean[] before, boolean[] now, int bits) {
        long n = 0;
        for (int b = 0; b < now.length; b++) n += (before != null && before[b] ? 1 : 0) + (now[b] ? bits : 0);
        byte[] out = new byte[(int) ((n + 7) / 8)];
        int i = 0;
        if (before != null)
            for (int b = 0; b < now.length; b++)
                if (before[b]) {
                    if (now[b]) out[i >>> 3] |= (byte) (0x80 >>> (i & 7));
                    i++;
                }
        for (int b = 0; b < now.length; b++)
            if (now[b])
                for (int c = 0; c < bits; c++, i++)
                    if (codes[b * bits + c] > 0) out[i >>> 3] |= (byte) (0x80 >>> (i & 7));
        return out;
    }

    /** Reads {@link #packAdaptive}'s payload back: the codes on the whole grid, 0 for the blocks that do not go on. */
    public static float[] unpackAdaptive(byte[] data, boolean[] before, int blocks, int bits) throws RncFormatException {
        boolean[] now = new boolean[blocks];
        int i = 0;
        if (before == null) java.util.Arrays.fill(now, true);
        else
            for (int b = 0; b < blocks; b++)
                if (before[b]) {
                    if (i >>> 3 >= data.length) throw new RncFormatException("raw iteration too short for its stop flags");
                    now[b] = (data[i >>> 3] & (0x80 >>> (i & 7))) != 0;
                    i++;
                }
        long n = i;
        for (boolean a : now) if (a) n += bits;
        if (data.length != (n + 7) / 8)
            throw new RncFormatException("raw iteration holds " + data.length + " bytes, expected " + (n + 7) / 8);
        float[] out = new float[blocks * bits];
        for (int b = 0; b < blocks; b++)
            if (now[b])
                for (int c = 0; c < bits; c++, i++)
                    out[b * bits + c] = (data[i >>> 3] & (0x80 >>> (i & 7))) != 0 ? 1f : -1f;
        return out;
    }
}

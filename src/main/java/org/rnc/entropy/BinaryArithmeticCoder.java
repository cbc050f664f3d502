package org.rnc.entropy;

import java.io.ByteArrayOutputStream;

/**
 * A binary range coder (the carry-less-by-cache design of LZMA's rc) driven by integer probabilities.
 * Probabilities are 15-bit integers {@code p1} = P(bit = 1) * 2^15 in [1, 32767]; callers quantise model
 * outputs with {@link #quantise(float)} so that encoder and decoder use bit-identical values.
 */
public final class BinaryArithmeticCoder {
    private BinaryArithmeticCoder() {}

    public static final int PROB_BITS = 15;
    public static final int ONE = 1 << PROB_BITS;
    private static final int TOP = 1 << 24;

    /** P(bit = 1) as a float in [0, 1] to a coder probability, clamped away from 0 and 1. */
    public static int quantise(float p1) {
        if (!(p1 == p1)) return ONE / 2; // NaN: no information
        int q = Math.round(p1 * ONE);
        return q < 1 ? 1 : Math.min(ONE - 1, q);
    }

    /** Ideal code length in bits of {@code bit} under probability {@code p1} (quantised). */
    public static double cost(int p1, boolean bit) {
        return -Math.log((bit ? p1 : ONE - p1) / (double) ONE) / Math.log(2);
    }

    public static final class Encoder {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private long low;
        private int range = 0xFFFFFFFF;
        private int cache;
        private long cacheSize = 1;

        /** Codes one bit with probability {@code p1} (see {@link #quantise}) that it is 1. */
        public void encode(boolean bit, int p1) {
            int bound = (int) ((range & 0xFFFFFFFFL) >>> PROB_BITS) * p1;
            if (bit) {
                range = bound;
            } else {
                low += bound & 0xFFFFFFFFL;
                range -= bound;
            }
            while (Integer.compareUnsigned(range, TOP) < 0) {
                range <<= 8;
                shiftLow();
            }
        }

        private void shiftLow() {
            if (low < 0xFF000000L || low > 0xFFFFFFFFL) {
                int carry = (int) (low >>> 32);
                int temp = cache;
                do {
                    out.write((temp + carry) & 0xFF);
                    temp = 0xFF;
                } while (--cacheSize != 0);
                cache = (int) ((low >>> 24) & 0xFF);
            }
            cacheSize++;
            low = (low & 0x00FFFFFFL) << 8;
        }

        /**
         * Flushes and returns the coded bytes. Every value in [low, low + range) decodes to the same bits, and decoders
         * read zeros past the end: the flush takes the value there with the most trailing zero bytes and leaves those
         * bytes out (LZMA flushes all four bytes of low), which any reader of this coder decodes alike.
         */
        public byte[] finish() {
            long r = range & 0xFFFFFFFFL;
            for (int s = 32; s >= 0; s -= 8) {
                long mask = (1L << s) - 1, v = (low + mask) & ~mask;
                if (v - low < r) {
                    low = v; // may carry into bit 32: shiftLow propagates it
                    break;
                }
            }
            for (int i = 0; i < 5; i++) shiftLow();
            byte[] b = out.toByteArray();
            int n = b.length;
            while (n > 0 && b[n - 1] == 0) n--;
            return n == b.length ? b : java.util.Arrays.copyOf(b, n);
        }
    }

    public static final class Decoder {
        private final byte[] in;
        private int pos;
        private int range = 0xFFFFFFFF;
        private int code;

        public Decoder(byte[] data) {
            this.in = data;
            for (int i = 0; i < 5; i++) code = (code << 8) | next();
        }

        private int next() {
            return pos < in.length ? in[pos++] & 0xFF : 0; // past the end reads zeros; the CRC catches damage
        }

        public boolean decode(int p1) {
            int bound = (int) ((range & 0xFFFFFFFFL) >>> PROB_BITS) * p1;
            boolean bit;
            if (Integer.compareUnsigned(code, bound) < 0) {
                range = bound;
                bit = true;
            } else {
                code -= bound;
                range -= bound;
                bit = false;
            }
            while (Integer.compareUnsigned(range, TOP) < 0) {
                range <<= 8;
                code = (code << 8) | next();
            }
            return bit;
        }

        /** Bytes consumed beyond the data (a sign of a damaged or truncated stream). */
        public int overrun() { return Math.max(0, pos - in.length); }
    }
}

package org.rnc.entropy;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.rnc.TestImages;
import org.rnc.codec.IterativeCodec;
import org.rnc.codec.SourceImage;
import org.rnc.codec.Tiling;
import org.rnc.format.RncFormatException;
import org.rnc.format.RncHeader;
import org.rnc.model.CodecConfig;
import org.rnc.model.CodecModel;
import org.rnc.model.ModelRegistry;
import org.rnc.model.PortableEntropyModel;

/** The range coder's short flush (every format) and format 4's iteration payloads against format 3's. */
class CompactPayloadTest {

    @Test
    void theShortFlushDecodesLikeAnyOtherAndCostsAtMostTwoBytesOverTheIdeal() {
        Random r = new Random(11);
        double over = 0;
        int runs = 3000;
        for (int run = 0; run < runs; run++) {
            int n = run < 20 ? run : r.nextInt(400);
            boolean[] bits = new boolean[n];
            int[] p = new int[n];
            double ideal = 0;
            for (int i = 0; i < n; i++) {
                // extreme probabilities too (1, 32767: near-certain bits and their surprises), and carries
                p[i] = switch (r.nextInt(4)) {
                    case 0 -> 1 + r.nextInt(BinaryArithmeticCoder.ONE - 1);
                    case 1 -> r.nextBoolean() ? 1 : BinaryArithmeticCoder.ONE - 1;
                    default -> 16384 + r.nextInt(64) - 32;
                };
                bits[i] = r.nextInt(BinaryArithmeticCoder.ONE) < p[i];
                ideal += BinaryArithmeticCoder.cost(p[i], bits[i]);
            }
            BinaryArithmeticCoder.Encoder enc = new BinaryArithmeticCoder.Encoder();
            for (int i = 0; i < n; i++) enc.encode(bits[i], p[i]);
            byte[] out = enc.finish();
            assertTrue(out.length == 0 || out[out.length - 1] != 0, "trailing zero bytes are left out");
            BinaryArithmeticCoder.Decoder dec = new BinaryArithmeticCoder.Decoder(out);
            for (int i = 0; i < n; i++) assertEquals(bits[i], dec.decode(p[i]), "run " + run + ", bit " + i);
            // one byte is LZMA's leading 0; the rest within the ideal length (rounded up) plus at most one byte
            assertTrue(out.length <= 1 + Math.ceil(ideal / 8) + 1, "run " + run + ": " + out.length + " bytes for " + ideal + " bits");
            if (out.length > 0) assertEquals(0, out[0], "the first byte is always 0 (format 4 leaves it out)");
            over += out.length - 1 - ideal / 8;
        }
        assertTrue(over / runs < 1.0, "mean bytes over the ideal: " + over / runs);
    }

    @Test
    void format4PayloadsHoldTheSameCodesInOneByteLessOrACheckedRawStream() throws IOException {
        CodecModel codec = ModelRegistry.get(ModelRegistry.defaultModelName());
        PortableEntropyModel e = ModelRegistry.entropyFor(codec);
        int w = 96, h = 64, n = 5;
        float[][] codes = IterativeCodec.encode(codec, SourceImage.of(TestImages.photo(w, h, BufferedImage.TYPE_INT_RGB),
                CodecConfig.BLOCK), n, new Tiling(w, h, 1024), null);
        // and an iteration of random codes, which no model predicts: RAW (mode 0) in both formats
        float[][] all = java.util.Arrays.copyOf(codes, n + 1);
        all[n] = new float[codes[0].length];
        Random r = new Random(5);
        for (int i = 0; i < all[n].length; i++) all[n][i] = r.nextBoolean() ? 1 : -1;
        RncHeader h4 = new RncHeader(w, h, RncHeader.Colour.RGB, 8, false, RncHeader.Coding.BINARY_RNN, 16,
                codec.config().bits(), 1024, n + 1, codec.id(), e.id()).forWriting();
        RncHeader h2 = new RncHeader(w, h, RncHeader.Colour.RGB, 8, false, RncHeader.Coding.BINARY_RNN, 16,
                codec.config().bits(), 1024, n + 1, codec.id(), e.id());
        assertEquals(4, h4.version());
        assertEquals(2, h2.version());
        IterationCoder enc4 = IterationCoder.forFile(h4, e), enc2 = IterationCoder.forFile(h2, e);
        IterationCoder dec4 = IterationCoder.forFile(h4, e), dec2 = IterationCoder.forFile(h2, e);
        int arithmetic = 0;
        for (int t = 0; t <= n; t++) {
            byte[] p4 = enc4.encode(all[t]), p2 = enc2.encode(all[t]);
            assertArrayEquals(all[t], dec4.decode(p4), "iteration " + t);
            assertArrayEquals(all[t], dec2.decode(p2), "iteration " + t);
            if (t == n) assertEquals(IterationCoder.MODE_RAW, p4[0], "random codes: RAW");
            if (p4[0] == IterationCoder.MODE_RAW && p2[0] == IterationCoder.MODE_RAW) {
                assertEquals(p2.length + 4, p4.length, "iteration " + t + ": the RAW stream and its CRC");
            } else if (p4[0] == p2[0]) {
                assertEquals(p2.length - 1, p4.length, "iteration " + t + ": the range coder's leading 0 left out");
                arithmetic++;
            }
        }
        assertTrue(arithmetic >= 3, arithmetic + " iterations range-coded in both");
    }

    @Test
    void aDamagedRawIterationOfFormat4IsCaughtByItsCrc() throws IOException {
        CodecModel codec = ModelRegistry.get(ModelRegistry.defaultModelName());
        PortableEntropyModel e = ModelRegistry.entropyFor(codec);
        RncHeader h = new RncHeader(32, 32, RncHeader.Colour.RGB, 8, false, RncHeader.Coding.BINARY_RNN, 16,
                codec.config().bits(), 1024, 1, codec.id(), e.id()).forWriting();
        float[] codes = new float[4 * codec.config().bits()];
        Random r = new Random(9);
        for (int i = 0; i < codes.length; i++) codes[i] = r.nextBoolean() ? 1 : -1;
        byte[] p = IterationCoder.forFile(h, e).encode(codes);
        assertEquals(IterationCoder.MODE_RAW, p[0], "random codes of one iteration: RAW");
        assertArrayEquals(codes, IterationCoder.forFile(h, e).decode(p));
        for (int at = 1; at < p.length; at++) {
            byte[] bad = p.clone();
            bad[at] ^= 0x10;
            int a = at;
            assertThrows(RncFormatException.class, () -> IterationCoder.forFile(h, e).decode(bad), "byte " + a);
        }
    }
}

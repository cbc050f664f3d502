package org.rnc.entropy;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;

import org.junit.jupiter.api.Test;

class BinaryArithmeticCoderTest {

    @Test
    void roundTripsRandomBitsWithRandomProbabilities() {
        Random r = new Random(1);
        for (int trial = 0; trial < 20; trial++) {
            int n = 1 + r.nextInt(20000);
            boolean[] bits = new boolean[n];
            int[] p = new int[n];
            for (int i = 0; i < n; i++) {
                p[i] = 1 + r.nextInt(BinaryArithmeticCoder.ONE - 1);
                bits[i] = r.nextInt(BinaryArithmeticCoder.ONE) < p[i];
            }
            BinaryArithmeticCoder.Encoder e = new BinaryArithmeticCoder.Encoder();
            for (int i = 0; i < n; i++) e.encode(bits[i], p[i]);
            byte[] data = e.finish();
            BinaryArithmeticCoder.Decoder d = new BinaryArithmeticCoder.Decoder(data);
            for (int i = 0; i < n; i++) assertEquals(bits[i], d.decode(p[i]), "bit " + i + " of " + n);
        }
    }

    @Test
    void sizeApproachesTheIdealCodeLength() {
        Random r = new Random(2);
        int n = 200_000;
        double ideal = 0;
        BinaryArithmeticCoder.Encoder e = new BinaryArithmeticCoder.Encoder();
        for (int i = 0; i < n; i++) {
            float pf = i % 3 == 0 ? 0.95f : i % 3 == 1 ? 0.2f : 0.5f;
            int p = BinaryArithmeticCoder.quantise(pf);
            boolean bit = r.nextFloat() < pf;
            ideal += BinaryArithmeticCoder.cost(p, bit);
            e.encode(bit, p);
        }
        int bytes = e.finish().length;
        assertTrue(bytes * 8 < ideal * 1.002 + 64, "coded " + bytes * 8 + " bits, ideal " + ideal);
        assertTrue(bytes * 8 >= ideal - 1, "cannot beat the entropy");
    }

    @Test
    void extremeAndEdgeProbabilities() {
        int[] ps = {1, BinaryArithmeticCoder.ONE - 1, BinaryArithmeticCoder.ONE / 2};
        for (int p : ps) {
            for (boolean value : new boolean[]{true, false}) {
                BinaryArithmeticCoder.Encoder e = new BinaryArithmeticCoder.Encoder();
                for (int i = 0; i < 5000; i++) e.encode(value, p);
                BinaryArithmeticCoder.Decoder d = new BinaryArithmeticCoder.Decoder(e.finish());
                for (int i = 0; i < 5000; i++) assertEquals(value, d.decode(p));
            }
        }
        assertEquals(1, BinaryArithmeticCoder.quantise(0f));
        assertEquals(BinaryArithmeticCoder.ONE - 1, BinaryArithmeticCoder.quantise(1f));
        assertEquals(BinaryArithmeticCoder.ONE / 2, BinaryArithmeticCoder.quantise(Float.NaN));
    }
}

package org.rnc.jmh;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rnc.entropy.BinaryArithmeticCoder;

/**
 * JMH microbenchmark of the binary range coder on one Kodak-sized iteration: 48 x 32 blocks x 32 codes =
 * 49,152 bits with skewed probabilities. Run like {@link MsSsimBenchmark}, naming this class:
 * <pre>
 *   java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) org.openjdk.jmh.Main RangeCoderBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RangeCoderBenchmark {
    static final int BITS = 48 * 32 * 32;
    boolean[] bits = new boolean[BITS];
    int[] probs = new int[BITS];
    byte[] coded;

    @Setup
    public void setUp() {
        Random r = new Random(5);
        for (int i = 0; i < BITS; i++) {
            float p = r.nextFloat() < 0.5 ? 0.9f : 0.3f;
            probs[i] = BinaryArithmeticCoder.quantise(p);
            bits[i] = r.nextFloat() < p;
        }
        coded = encode();
    }

    @Benchmark
    public byte[] encode() {
        BinaryArithmeticCoder.Encoder e = new BinaryArithmeticCoder.Encoder();
        for (int i = 0; i < BITS; i++) e.encode(bits[i], probs[i]);
        return e.finish();
    }

    @Benchmark
    public int decode() {
        BinaryArithmeticCoder.Decoder d = new BinaryArithmeticCoder.Decoder(coded);
        int ones = 0;
        for (int i = 0; i < BITS; i++) if (d.decode(probs[i])) ones++;
        return ones;
    }
}

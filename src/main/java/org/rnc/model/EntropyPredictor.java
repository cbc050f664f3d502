package org.rnc.model;

import org.rnc.format.ModelId;

/**
 * What the BinaryRNN coder asks of an entropy model: context features once per iteration, then 15-bit
 * probabilities for one code row at a time (see conformance/FORMAT.md). Two implementations:
 * {@link PortableEntropyModel} (format 2: plain Java, the same bits on every machine) and the legacy
 * {@link EntropyModel} (format 1: TensorFlow, whose results depend on the CPU and the build; decoding only).
 * Implementations are thread-safe: all state is passed in and out.
 */
public interface EntropyPredictor extends AutoCloseable {
    ModelId id();

    /** The codec model whose codes this model predicts. */
    ModelId codec();

    EntropyConfig config();

    /** Context features [h*w*C] from the previous-iterations input [h*w*(3B+1)]. */
    float[] context(float[] previous, int h, int w);

    /**
     * One row step: fills {@code p15} [w*B] with P(code = +1) as 15-bit integers in [1, 32767] and replaces the
     * line LSTM's state {@code h}, {@code c} [w*L].
     */
    void row(float[] above, float[] contextRow, float[] h, float[] c, int w, int[] p15);

    /**
     * The cross-channel weights for iteration index t (0-based) [B*B], entry {@code from * B + to}; zero unless
     * from < to.
     *
     * @throws IllegalStateException if the model has none ({@link EntropyConfig#hasCrossChannel()})
     */
    double[] crossChannel(int t);

    @Override
    void close();
}

package org.rnc.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.rnc.model.EntropyConfig;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The BinaryRNN context model that predicts each iteration's codes for the arithmetic coder.
 * <p>
 * For iteration t on a code grid of h x w positions with B bits each:
 * <ul>
 * <li><b>context</b> (once per iteration): two 3x3 convolutions over the previous iterations' codes
 *     ({@code b_{t-1}}, {@code b_{t-2}}, the mean of all {@code b_{s<t}}, and t/16 as a plane);</li>
 * <li><b>row</b> (once per code row, top to bottom): a line LSTM whose state runs from row to row; at row y
 *     it reads the codes of row y-1 of this iteration (1x3 kernel) and the context of row y, and a two-layer
 *     1x1 head turns its state plus the context into P(bit = 1) for all B bits of every position of row y.</li>
 * </ul>
 * Row y's probabilities therefore depend only on rows above it and on earlier iterations, so the decoder can
 * rebuild them row by row: one model call per row, not per bit.
 * <p>
 * The row call predicts the B codes of a position together, but the codes of one position are strongly
 * correlated with each other (a linear probe on the step-39,692 codec's codes: 0.98 to 0.87 bits per code in
 * iteration 6). With {@code crossChannelTerms} > 0 the model also has <b>cross-channel weights</b>
 * {@code W_t = sum_k (t/16)^k W_k}, strictly upper-triangular: the coder adds {@code sum_{c'<c} W_t[c', c] b_c'}
 * (codes of the same position already coded) to code c's logit. That costs a dot product per code in Java,
 * not a model call, and the network learns it jointly with the rows.
 */
public final class EntropyNetwork {
    private final Ops tf;
    private final EntropyConfig cfg;
    private final Map<String, Variable<TFloat32>> weights = new LinkedHashMap<>();

    public EntropyNetwork(Ops tf, EntropyConfig cfg, CodecNetwork.WeightSource source) {
        this.tf = tf;
        this.cfg = cfg;
        int b = cfg.bits(), c = cfg.contextChannels(), l = cfg.lstmChannels(), m = cfg.headChannels();
        weight(source, "ctx/conv1", 3, 3, 3 * b + 1, c);
        weight(source, "ctx/bias1", c);
        weight(source, "ctx/conv2", 3, 3, c, c);
        weight(source, "ctx/bias2", c);
        weight(source, "row/wx", 1, 3, b + c, 4 * l);
        weight(source, "row/wh", 1, 3, l, 4 * l);
        weight(source, "row/bias", 4 * l);
        weight(source, "head/conv1", 1, 1, l + c, m);
        weight(source, "head/bias1", m);
        weight(source, "head/conv2", 1, 1, m, b);
        weight(source, "head/bias2", b);
        for (int k = 0; k < cfg.crossChannelTerms(); k++) weight(source, "xchan/w" + k, b, b);
        float[] mask = new float[b * b];
        for (int from = 0; from < b; from++)
            for (int to = from + 1; to < b; to++) mask[from * b + to] = 1f;
        upper = tf.constant(Shape.of(b, b), DataBuffers.of(mask, true, false));
    }

    /** 1 where code {@code from} (row) may inform code {@code to} (column): from < to. */
    private final Operand<TFloat32> upper;

    /** Term k of the cross-channel weights, zero on and below the diagonal. */
    private Operand<TFloat32> maskedCrossChannel(int k) {
        return tf.math.mul(weights.get("xchan/w" + k), upper);
    }

    /** The cross-channel weights for iteration index t (0-based, a scalar): [B, B], zero on and below the diagonal. */
    public Operand<TFloat32> crossChannel(Operand<TFloat32> t) {
        Operand<TFloat32> tau = tf.math.div(t, tf.constant(16f)), power = tf.constant(1f), sum = null;
        for (int k = 0; k < cfg.crossChannelTerms(); k++) {
            Operand<TFloat32> term = tf.math.mul(maskedCrossChannel(k), power);
            sum = sum == null ? term : tf.math.add(sum, term);
            power = tf.math.mul(power, tau);
        }
        return sum;
    }

    /**
     * Training form of the cross-channel term: {@code codes} [N,1,w,B] (+1/-1, the true codes of the row),
     * {@code tau} [N,1,1,1] (t/16 of each example). Returns the logit offsets [N,1,w,B].
     */
    public Operand<TFloat32> crossChannelLogits(Operand<TFloat32> codes, Operand<TFloat32> tau) {
        int b = cfg.bits();
        Operand<TFloat32> flat = tf.reshape(codes, tf.constant(new long[]{-1, b}));
        Operand<TFloat32> power = null, sum = null;
        for (int k = 0; k < cfg.crossChannelTerms(); k++) {
            Operand<TFloat32> term = tf.reshape(tf.linalg.matMul(flat, maskedCrossChannel(k)), tf.shape(codes));
            if (power != null) term = tf.math.mul(term, power);
            sum = sum == null ? term : tf.math.add(sum, term);
            power = power == null ? tau : tf.math.mul(power, tau);
        }
        return sum;
    }

    public Map<String, Variable<TFloat32>> weights() { return weights; }

    public long parameterCount() {
        long n = 0;
        for (Variable<TFloat32> v : weights.values()) n += v.shape().size();
        return n;
    }

    /** Kernels from the source; the LSTM bias from the source (forget gate open); other biases zero. */
    private void weight(CodecNetwork.WeightSource source, String name, long... shape) {
        boolean kernel = shape.length == 4;
        float[] init = kernel || name.equals("row/bias") ? source.initial(name, shape) : null;
        Operand<TFloat32> value = init == null ? tf.zeros(tf.constant(shape), TFloat32.class)
                : tf.constant(Shape.of(shape), DataBuffers.of(init, true, false));
        weights.put(name, tf.withName("entropy_" + name.replace('/', '_')).variable(value));
    }

    private Operand<TFloat32> conv(Operand<TFloat32> x, String name) {
        return tf.nn.conv2d(x, weights.get(name), List.of(1L, 1L, 1L, 1L), "SAME");
    }

    /** Context features [N,h,w,C] from the previous-iteration input [N,h,w,3B+1]. */
    public Operand<TFloat32> context(Operand<TFloat32> previous) {
        Operand<TFloat32> x = tf.nn.relu(tf.math.add(conv(previous, "ctx/conv1"), weights.get("ctx/bias1")));
        return tf.nn.relu(tf.math.add(conv(x, "ctx/conv2"), weights.get("ctx/bias2")));
    }

    /** One row step. All inputs are [N,1,w,·]. Returns {logits [N,1,w,B], h, c}. */
    public List<Operand<TFloat32>> row(Operand<TFloat32> above, Operand<TFloat32> contextRow, Operand<TFloat32> h,
                                       Operand<TFloat32> c) {
        Operand<TFloat32> x = tf.concat(List.of(above, contextRow), tf.constant(3));
        Operand<TFloat32> gates = tf.math.add(tf.math.add(conv(x, "row/wx"), conv(h, "row/wh")), weights.get("row/bias"));
        List<Operand<TFloat32>> g = new ArrayList<>(tf.split(tf.constant(3), gates, 4L).output());
        Operand<TFloat32> c2 = tf.math.add(tf.math.mul(tf.math.sigmoid(g.get(1)), c),
                tf.math.mul(tf.math.sigmoid(g.get(0)), tf.math.tanh(g.get(2))));
        Operand<TFloat32> h2 = tf.math.mul(tf.math.sigmoid(g.get(3)), tf.math.tanh(c2));
        Operand<TFloat32> hid = tf.nn.relu(tf.math.add(conv(tf.concat(List.of(h2, contextRow), tf.constant(3)), "head/conv1"),
                weights.get("head/bias1")));
        Operand<TFloat32> logits = tf.math.add(conv(hid, "head/conv2"), weights.get("head/bias2"));
        return List.of(logits, h2, c2);
    }
}

package org.rnc.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.rnc.model.CodecConfig;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Builds the recurrent codec's graph pieces (one encoder step, binarizer, one decoder step) in a TensorFlow
 * graph. Training unrolls them over T iterations; export wires one step of each into SavedModel signatures.
 * Weights are created through a {@link WeightSource} so that training (random init) and export (trained
 * values) build exactly the same variable names.
 */
public final class CodecNetwork {

    /** Supplies the initial value of each named weight; null means zeros (for weights restored later). */
    public interface WeightSource {
        float[] initial(String name, long[] shape);
    }

    /** Zero-initialised weights without large constants in the graph: for export, where a checkpoint is restored. */
    public static final WeightSource RESTORED_LATER = (name, shape) -> null;

    /**
     * Glorot-uniform initial values from a seeded generator; LSTM forget-gate biases start at 1; the output stage's
     * last convolution and its offsets start at 0, so that a stage added to a trained run starts as no change.
     */
    public static WeightSource randomInit(long seed) {
        Random r = new Random(seed);
        return (name, shape) -> {
            int n = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            float[] v = new float[n];
            if (name.equals(OUT_CONV2) || name.equals(OUT_OFFSET)) return v;
            if (name.endsWith("/gbias")) {
                // GRU gate order z, r, n: the update gate starts leaning towards keeping the state
                for (int i = 0; i < n / 3; i++) v[i] = 1f;
                return v;
            }
            if (name.endsWith("/bias")) {
                // gate order i, f, g, o: forget gate starts open
                int c = n / 4;
                for (int i = c; i < 2 * c; i++) v[i] = 1f;
                return v;
            }
            long fanIn = shape[0] * shape[1] * shape[2], fanOut = shape[0] * shape[1] * shape[3];
            float lim = (float) Math.sqrt(6.0 / (fanIn + fanOut));
            for (int i = 0; i < n; i++) v[i] = (r.nextFloat() * 2 - 1) * lim;
            return v;
        };
    }

    /** The optional full-resolution output stage's weights (see {@link CodecConfig#outputStage()}). */
    static final String OUT_CONV1 = "dec/out/conv1", OUT_OFFSET = "dec/out/offset", OUT_CONV2 = "dec/out/conv2";

    /** Whether a graph variable (a weight's op name, or one of its optimiser moments) belongs to the output stage. */
    static boolean isOutputStageVariable(String opName) {
        return opName.startsWith("dec_out_"); // the weights' names with '/' as '_', as weight() names their ops
    }

    /** Recurrent state: LSTM hidden and cell state; a GRU uses h and passes c through unchanged. */
    public record State(Operand<TFloat32> h, Operand<TFloat32> c) {}

    private final Ops tf;
    private final CodecConfig cfg;
    private final WeightSource source;
    private final Map<String, Variable<TFloat32>> weights = new LinkedHashMap<>();

    public CodecNetwork(Ops tf, CodecConfig cfg, WeightSource source) {
        this.tf = tf;
        this.cfg = cfg;
        this.source = source;
        createWeights();
    }

    public CodecConfig config() { return cfg; }

    /** All weights by name, in creation order. */
    public Map<String, Variable<TFloat32>> weights() { return weights; }

    public long parameterCount() {
        long n = 0;
        for (Variable<TFloat32> v : weights.values()) n += v.shape().size();
        return n;
    }

    private void createWeights() {
        int[] e = cfg.encoderWidths(), d = cfg.decoderWidths(), hk = cfg.decoderHiddenKernels();
        weight("enc/conv", 3, 3, 3, e[0]);
        for (int i = 0; i < cfg.encoderCells(); i++) lstmWeights("enc/rnn" + (i + 1), e[i], e[i + 1], 3, 1);
        weight("bin/conv", 1, 1, e[e.length - 1], cfg.bits());
        weight("dec/conv1", 1, 1, cfg.bits(), d[0]);
        for (int i = 0; i < cfg.decoderCells(); i++) lstmWeights("dec/rnn" + (i + 1), cfg.decoderInputChannels(i), d[i], 3, hk[i]);
        weight("dec/conv2", 1, 1, cfg.fullResolutionChannels(), 3);
        if (cfg.outputStage() > 0) {
            weight(OUT_CONV1, 3, 3, cfg.fullResolutionChannels(), cfg.outputStage());
            weight(OUT_OFFSET, cfg.outputStage());
            weight(OUT_CONV2, 3, 3, cfg.outputStage(), 3);
        }
    }

    private void lstmWeights(String name, int in, int out, int k, int hk) {
        if (gru()) {
            weight(name + "/wx", k, k, in, 3 * out);
            weight(name + "/wh", hk, hk, out, 3 * out);
            weight(name + "/gbias", 3 * out);
            return;
        }
        weight(name + "/wx", k, k, in, 4 * out);
        weight(name + "/wh", hk, hk, out, 4 * out);
        weight(name + "/bias", 4 * out);
    }

    private boolean gru() { return cfg.cell().equals(CodecConfig.GRU); }

    private void weight(String name, long... shape) {
        float[] init = source.initial(name, shape);
        Operand<TFloat32> value = init == null ? tf.zeros(tf.constant(shape), TFloat32.class)
                : tf.constant(Shape.of(shape), DataBuffers.of(init, true, false));
        weights.put(name, tf.withName(name.replace('/', '_')).variable(value));
    }

    private Operand<TFloat32> w(String name) {
        Variable<TFloat32> v = weights.get(name);
        if (v == null) throw new IllegalStateException("no weight " + name);
        return v;
    }

    private Operand<TFloat32> conv(Operand<TFloat32> x, String name, long stride) {
        return tf.nn.conv2d(x, w(name), List.of(1L, stride, stride, 1L), "SAME");
    }

    private State lstm(String name, Operand<TFloat32> x, State s, long stride) {
        if (gru()) return gru(name, x, s, stride);
        Operand<TFloat32> gates = tf.math.add(tf.math.add(conv(x, name + "/wx", stride), conv(s.h(), name + "/wh", 1)),
                w(name + "/bias"));
        List<Operand<TFloat32>> g = new ArrayList<>(tf.split(tf.constant(3), gates, 4L).output());
        Operand<TFloat32> i = tf.math.sigmoid(g.get(0));
        Operand<TFloat32> f = tf.math.sigmoid(g.get(1));
        Operand<TFloat32> c = tf.math.add(tf.math.mul(f, s.c()), tf.math.mul(i, tf.math.tanh(g.get(2))));
        Operand<TFloat32> h = tf.math.mul(tf.math.sigmoid(g.get(3)), tf.math.tanh(c));
        return new State(h, c);
    }

    /** Convolutional GRU (reset gate applied after the hidden convolution, as cuDNN's); c passes through. */
    private State gru(String name, Operand<TFloat32> x, State s, long stride) {
        Operand<TFloat32> xs = tf.math.add(conv(x, name + "/wx", stride), w(name + "/gbias"));
        Operand<TFloat32> hs = conv(s.h(), name + "/wh", 1);
        List<Operand<TFloat32>> gx = new ArrayList<>(tf.split(tf.constant(3), xs, 3L).output());
        List<Operand<TFloat32>> gh = new ArrayList<>(tf.split(tf.constant(3), hs, 3L).output());
        Operand<TFloat32> z = tf.math.sigmoid(tf.math.add(gx.get(0), gh.get(0)));
        Operand<TFloat32> r = tf.math.sigmoid(tf.math.add(gx.get(1), gh.get(1)));
        Operand<TFloat32> n = tf.math.tanh(tf.math.add(gx.get(2), tf.math.mul(r, gh.get(2))));
        Operand<TFloat32> h = tf.math.add(n, tf.math.mul(z, tf.math.sub(s.h(), n))); // (1 - z) n + z h
        return new State(h, tf.identity(s.c()));
    }

    /** Result of one encoder step: pre-binarisation code in (-1, 1) and new states. */
    public record EncoderStep(Operand<TFloat32> code, List<State> states) {}

    /** Encoder + binarizer's tanh. {@code states}: cells at H/4, H/8, H/16 (and any more at H/16). */
    public EncoderStep encode(Operand<TFloat32> residual, List<State> states) {
        Operand<TFloat32> x = conv(residual, "enc/conv", 2);
        List<State> out = new ArrayList<>(cfg.encoderCells());
        for (int i = 0; i < cfg.encoderCells(); i++) {
            State s = lstm("enc/rnn" + (i + 1), x, states.get(i), i < 3 ? 2 : 1);
            out.add(s);
            x = s.h();
        }
        Operand<TFloat32> code = tf.math.tanh(conv(x, "bin/conv", 1));
        return new EncoderStep(code, out);
    }

    /**
     * Stochastic binarisation with a straight-through gradient: +1 with probability (1 + code) / 2, where
     * {@code uniform} holds U(0,1) samples fed from Java. Feeding 0.5 everywhere gives the deterministic sign.
     */
    public Operand<TFloat32> binarizeStochastic(Operand<TFloat32> code, Operand<TFloat32> uniform) {
        Operand<TFloat32> half = tf.constant(0.5f);
        Operand<TFloat32> p = tf.math.add(tf.math.mul(code, half), half);
        Operand<TFloat32> q = tf.math.sign(tf.math.sub(p, uniform));
        return tf.math.add(code, tf.stopGradient(tf.math.sub(q, code)));
    }

    /** Deterministic binarisation for inference: +1 where code >= 0, else -1 (never 0). */
    public Operand<TFloat32> binarize(Operand<TFloat32> code) {
        Operand<TFloat32> pos = tf.dtypes.cast(tf.math.greaterEqual(code, tf.constant(0f)), TFloat32.class);
        return tf.math.sub(tf.math.mul(pos, tf.constant(2f)), tf.constant(1f));
    }

    /** Result of one decoder step: the image increment in [-0.5, 0.5] and new states. */
    public record DecoderStep(Operand<TFloat32> delta, List<State> states) {}

    /** Decoder. {@code states}: cells at H/16 (one or more), H/8, H/4, H/2. */
    public DecoderStep decode(Operand<TFloat32> bits, List<State> states) {
        Operand<TFloat32> x = conv(bits, "dec/conv1", 1);
        int n = cfg.decoderCells();
        List<State> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            State s = lstm("dec/rnn" + (i + 1), x, states.get(i), 1);
            out.add(s);
            x = cfg.decoderDepthToSpace(i) ? tf.nn.depthToSpace(s.h(), 2L) : s.h();
        }
        Operand<TFloat32> z = conv(x, "dec/conv2", 1);
        if (cfg.outputStage() > 0) {
            // spatial detail across the 2x2 cells of the last depth-to-space, which the 1x1 convolution cannot mix
            Operand<TFloat32> hidden = tf.nn.relu(tf.math.add(conv(x, OUT_CONV1, 1), w(OUT_OFFSET)));
            z = tf.math.add(z, conv(hidden, OUT_CONV2, 1));
        }
        Operand<TFloat32> y = tf.math.mul(tf.math.tanh(z), tf.constant(0.5f));
        return new DecoderStep(y, out);
    }
}

package org.rnc.model;

import java.util.HashMap;
import java.util.Map;

import org.rnc.format.ModelId;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

import java.nio.file.Path;

/**
 * A BinaryRNN entropy model run by TensorFlow (SavedModel signatures {@code context}, {@code row} and, where its
 * configuration says so, {@code cross_channel}): the probability rule of format 1 (see conformance/FORMAT.md,
 * "Format 1 files"). TensorFlow's float kernels differ between CPUs and builds, so its probabilities do too:
 * this build only decodes such files, and only where the arithmetic matches the writer's. New files use
 * {@link PortableEntropyModel}, and the trainer uses the TensorFlow graph. It belongs to one codec model,
 * named with its hash in the properties. Thread-safe; all state is passed in and out explicitly.
 */
public final class EntropyModel implements EntropyPredictor {
    public static final String CONTEXT = "context", ROW = "row", CROSS_CHANNEL = "cross_channel", T = "t", WEIGHTS = "weights";
    public static final String PREVIOUS = "previous", CONTEXT_OUT = "context", ABOVE = "above", CONTEXT_ROW = "context_row",
            H = "h", C = "c", PROBS = "probs", H_NEXT = "h_next", C_NEXT = "c_next";

    private final ModelId id;
    private final ModelId codec;
    private final EntropyConfig config;
    private final SavedModelBundle bundle;
    private final SessionFunction context, row, crossChannel;
    private volatile boolean closed;

    private EntropyModel(ModelId id, ModelId codec, EntropyConfig config, SavedModelBundle bundle) {
        this.id = id;
        this.codec = codec;
        this.config = config;
        this.bundle = bundle;
        this.context = bundle.function(CONTEXT);
        this.row = bundle.function(ROW);
        this.crossChannel = config.hasCrossChannel() ? bundle.function(CROSS_CHANNEL) : null;
    }

    public static EntropyModel load(Path dir) throws ModelException {
        return load(dir, ModelFiles.threads());
    }

    /** As {@link #load(Path)}, running TensorFlow on {@code threads} threads (0: its default). */
    public static EntropyModel load(Path dir, int threads) throws ModelException {
        EntropyConfig.Declared d = EntropyConfig.read(dir);
        String name = d.id().name();
        SavedModelBundle b;
        try {
            b = ModelFiles.loadBundle(dir, threads);
        } catch (RuntimeException e) {
            throw new ModelException("TensorFlow could not load entropy model " + name + ": " + e.getMessage(), e);
        }
        try {
            return new EntropyModel(d.id(), d.codec(), d.config(), b);
        } catch (RuntimeException e) {
            b.close();
            throw new ModelException("entropy model " + name + " lacks its signatures", e);
        }
    }

    @Override public ModelId id() { return id; }

    @Override public ModelId codec() { return codec; }

    @Override public EntropyConfig config() { return config; }

    @Override
    public float[] context(float[] previous, int h, int w) {
        try (TFloat32 in = TFloat32.tensorOf(Shape.of(1, h, w, config.previousChannels()), DataBuffers.of(previous, true, false));
             Result r = context.call(Map.of(PREVIOUS, in))) {
            return copy((TFloat32) r.get(CONTEXT_OUT).orElseThrow(), h * w * config.contextChannels());
        }
    }

    /** One row step: 15-bit probabilities quantised from TensorFlow's P(bit = 1), as format 1 specifies. */
    @Override
    public void row(float[] above, float[] contextRow, float[] h, float[] c, int w, int[] p15) {
        float[] probs = new float[p15.length];
        row(above, contextRow, h, c, w, probs);
        for (int i = 0; i < probs.length; i++) p15[i] = org.rnc.entropy.BinaryArithmeticCoder.quantise(probs[i]);
    }

    /** One row step: fills {@code probs} [w*B] with P(bit = 1) and replaces {@code h}, {@code c} [w*L]. */
    public void row(float[] above, float[] contextRow, float[] h, float[] c, int w, float[] probs) {
        int l = config.lstmChannels();
        Map<String, Tensor> feeds = new HashMap<>();
        try (TFloat32 a = TFloat32.tensorOf(Shape.of(1, 1, w, config.bits()), DataBuffers.of(above, true, false));
             TFloat32 x = TFloat32.tensorOf(Shape.of(1, 1, w, config.contextChannels()), DataBuffers.of(contextRow, true, false));
             TFloat32 th = TFloat32.tensorOf(Shape.of(1, 1, w, l), DataBuffers.of(h, true, false));
             TFloat32 tc = TFloat32.tensorOf(Shape.of(1, 1, w, l), DataBuffers.of(c, true, false))) {
            feeds.put(ABOVE, a);
            feeds.put(CONTEXT_ROW, x);
            feeds.put(H, th);
            feeds.put(C, tc);
            try (Result r = row.call(feeds)) {
                ((TFloat32) r.get(PROBS).orElseThrow()).copyTo(DataBuffers.of(probs, false, false));
                ((TFloat32) r.get(H_NEXT).orElseThrow()).copyTo(DataBuffers.of(h, false, false));
                ((TFloat32) r.get(C_NEXT).orElseThrow()).copyTo(DataBuffers.of(c, false, false));
            }
        }
    }

    /**
     * The cross-channel weights for iteration index t (0-based) [B*B], entry {@code from * B + to}: the weight of
     * code {@code from} (+1/-1) in the logit of code {@code to} of the same position; zero unless from < to.
     *
     * @throws IllegalStateException if the model has none ({@link EntropyConfig#hasCrossChannel()})
     */
    public float[] crossChannelFloats(int t) {
        if (crossChannel == null) throw new IllegalStateException("entropy model " + id.name() + " has no cross-channel weights");
        try (TFloat32 in = TFloat32.scalarOf(t);
             Result r = crossChannel.call(Map.of(T, in))) {
            return copy((TFloat32) r.get(WEIGHTS).orElseThrow(), config.bits() * config.bits());
        }
    }

    /** {@link #crossChannelFloats(int)}, each weight widened to double as format 1 specifies. */
    @Override
    public double[] crossChannel(int t) {
        float[] f = crossChannelFloats(t);
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    private static float[] copy(TFloat32 t, int n) {
        if (t.shape().size() != n) throw new IllegalStateException("tensor " + t.shape() + ", expected " + n + " values");
        float[] out = new float[n];
        t.copyTo(DataBuffers.of(out, false, false));
        return out;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            bundle.close();
        }
    }
}

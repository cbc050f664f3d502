package org.rnc.model;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import org.rnc.format.ModelId;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A loaded codec model: one SavedModel whose {@code encode} and {@code decode} signatures each run one
 * iteration. Java drives the loop through {@link Encoder} and {@link Decoder}, which carry the LSTM states
 * between iterations. A model is safe to share between threads (each Encoder/Decoder is not).
 */
public final class CodecModel implements AutoCloseable {
    private final ModelId id;
    private final CodecConfig config;
    private final Properties properties;
    private final SavedModelBundle bundle;
    private final SessionFunction encode, decode, decodeFirst;
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean closed;

    private CodecModel(ModelId id, CodecConfig config, Properties properties, SavedModelBundle bundle) {
        this.id = id;
        this.config = config;
        this.properties = properties;
        this.bundle = bundle;
        this.encode = bundle.function(CodecSignatures.ENCODE);
        this.decode = bundle.function(CodecSignatures.DECODE);
        this.decodeFirst = bundle.metaGraphDef().getSignatureDefMap().containsKey(CodecSignatures.DECODE_FIRST)
                ? bundle.function(CodecSignatures.DECODE_FIRST) : decode;
    }

    /** Property listing the run-time features a model needs beyond the reference design (comma-separated). */
    public static final String FEATURES = "features";

    /** {@code primed}: the SavedModel's {@link CodecSignatures#DECODE_FIRST} decodes iteration 1. */
    public static final String PRIMED = "primed";

    private static final java.util.Set<String> KNOWN_FEATURES = java.util.Set.of(PRIMED);

    /** Loads a model directory, verifying its files against the hash in its properties. */
    public static CodecModel load(Path dir) throws ModelException {
        return load(dir, ModelFiles.threads());
    }

    /** As {@link #load(Path)}, running TensorFlow on {@code threads} threads (0: its default). */
    public static CodecModel load(Path dir, int threads) throws ModelException {
        Properties p = readProperties(dir);
        String name = p.getProperty("name");
        String hash = p.getProperty("sha256");
        if (name == null || hash == null) throw new ModelException(dir + ": properties lack name or sha256");
        ModelFiles.verify(dir, name, hash);
        // a model needing what this build cannot do (listed by later builds' exporters) is refused, not misread
        for (String f : p.getProperty(FEATURES, "").split(",")) {
            if (!f.isBlank() && !KNOWN_FEATURES.contains(f.trim()))
                throw new ModelException("model " + name + " needs '" + f.trim() + "', which this build of RNC lacks: use a newer one");
        }
        CodecConfig cfg;
        try {
            cfg = CodecConfig.load(p);
        } catch (RuntimeException e) {
            throw new ModelException("model " + name + ": bad configuration: " + e.getMessage(), e);
        }
        SavedModelBundle b;
        try {
            b = ModelFiles.loadBundle(dir, threads);
        } catch (RuntimeException e) {
            throw new ModelException("TensorFlow could not load model " + name + ": " + e.getMessage(), e);
        }
        try {
            return new CodecModel(ModelId.of(name, hash), cfg, p, b);
        } catch (RuntimeException e) {
            b.close();
            throw new ModelException("model " + name + " lacks the encode/decode signatures: " + e.getMessage(), e);
        }
    }

    static Properties readProperties(Path dir) throws ModelException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve(ModelFiles.PROPERTIES), StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new ModelException("no readable " + ModelFiles.PROPERTIES + " in " + dir, e);
        }
        return p;
    }

    public ModelId id() { return id; }

    public CodecConfig config() { return config; }

    /** Training facts recorded at export (step, CPU seconds ...), for model cards and info output. */
    public String property(String key) { return properties.getProperty(key); }

    /** Whether iteration 1 decodes with priming steps (the SavedModel has {@link CodecSignatures#DECODE_FIRST}). */
    public boolean primed() { return decodeFirst != decode; }

    /** Starts encoding an image of the given padded size (multiples of {@link CodecConfig#BLOCK}). */
    public Encoder encoder(int paddedHeight, int paddedWidth) {
        return new Encoder(paddedHeight, paddedWidth);
    }

    public Decoder decoder(int paddedHeight, int paddedWidth) {
        return new Decoder(paddedHeight, paddedWidth);
    }

    /**
     * Ops added to the SavedModel's graph on first use (never exported, so the model and its hash are unchanged):
     * the gradient of {@code sum(upstream * delta)} with respect to a decode signature's bits, for an encoder that
     * ranks code flips before it tries them ({@link Decoder#gradient}).
     */
    private record CodeGradient(Map<String, String> inputs, String upstream, Output<?> gradient) {}

    private final Map<String, CodeGradient> gradients = new HashMap<>();

    private CodeGradient codeGradient(SessionFunction fn) {
        synchronized (gradients) {
            String key = fn.signature().key();
            CodeGradient g = gradients.get(key);
            if (g != null) return g;
            if (closed) throw new IllegalStateException("model " + id + " is closed");
            Graph graph = bundle.graph();
            Map<String, String> inputs = new HashMap<>();
            fn.signature().getInputs().forEach((k, d) -> inputs.put(k, d.name));
            Output<?> delta = graph.outputOrThrow(fn.signature().getOutputs().get(CodecSignatures.DELTA).name);
            Output<?> bits = graph.outputOrThrow(inputs.get(CodecSignatures.BITS));
            String prefix = "rnc_code_gradient_" + key;
            Output<?> upstream = Ops.create(graph).withName(prefix + "_upstream").placeholder(TFloat32.class).output();
            Output<?>[] grad = graph.addGradients(prefix, new Output<?>[] {delta}, new Output<?>[] {bits},
                    new Output<?>[] {upstream});
            g = new CodeGradient(inputs, upstream.op().name(), grad[0]);
            gradients.put(key, g);
            return g;
        }
    }

    /** Number of Encoders/Decoders not yet closed: a leak check for tests. */
    public int openSteppers() { return open.get(); }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            bundle.close();
        }
    }

    /** Common state handling: the previous call's Result owns the state tensors fed to the next call. */
    private abstract class Stepper implements AutoCloseable {
        final int h, w;
        final String[] stateNames;
        final Map<String, Tensor> states = new HashMap<>();
        private final List<Tensor> zeros = new ArrayList<>();
        private Result previous;
        private boolean done;

        Stepper(int h, int w, String[] stateNames, int[] channels, int[] scales) {
            if (h <= 0 || w <= 0 || h % CodecConfig.BLOCK != 0 || w % CodecConfig.BLOCK != 0)
                throw new IllegalArgumentException("padded size " + w + "x" + h + " is not a multiple of " + CodecConfig.BLOCK);
            if (closed) throw new IllegalStateException("model " + id + " is closed");
            this.h = h;
            this.w = w;
            this.stateNames = stateNames;
            open.incrementAndGet();
            for (int i = 0; i < stateNames.length; i++) {
                // tensorOf(Shape) alone leaves native memory uninitialised: fill it explicitly
                Shape shape = Shape.of(1, h / scales[i], w / scales[i], channels[i]);
                TFloat32 z = TFloat32.tensorOf(shape, DataBuffers.of(new float[(int) shape.size()], true, false));
                zeros.add(z);
                states.put(stateNames[i], z);
            }
        }

        /** Runs one step with {@code input} plus the states; returns the named output copied to Java. */
        float[] step(SessionFunction fn, String inputName, Shape inputShape, float[] input, String outputName, int outLength) {
            return step(fn, inputName, inputShape, input, outputName, outLength, true);
        }

        /** As above; {@code advance} false leaves the states as they were (a trial step). */
        float[] step(SessionFunction fn, String inputName, Shape inputShape, float[] input, String outputName, int outLength,
                     boolean advance) {
            if (done) throw new IllegalStateException("closed");
            Map<String, Tensor> feeds = new HashMap<>(states);
            try (TFloat32 in = TFloat32.tensorOf(inputShape, DataBuffers.of(input, true, false))) {
                feeds.put(inputName, in);
                Result r = fn.call(feeds);
                try {
                    float[] out = copy((TFloat32) r.get(outputName).orElseThrow(), outputName, outLength);
                    if (!advance) {
                        r.close();
                        return out;
                    }
                    for (String s : stateNames) states.put(s, r.get(CodecSignatures.next(s)).orElseThrow());
                    if (previous != null) previous.close();
                    previous = r;
                    return out;
                } catch (RuntimeException e) {
                    r.close();
                    throw e;
                }
            }
        }

        /**
         * The output of {@code fn2} on {@code input2} after {@code fn1} on {@code input1}, leaving the states as they
         * were: a look one iteration past a trial without replaying the earlier ones.
         */
        float[] trialTwo(SessionFunction fn1, SessionFunction fn2, String inputName, Shape inputShape, float[] input1,
                         float[] input2, String outputName, int outLength) {
            if (done) throw new IllegalStateException("closed");
            Map<String, Tensor> feeds = new HashMap<>(states);
            try (TFloat32 in1 = TFloat32.tensorOf(inputShape, DataBuffers.of(input1, true, false));
                 TFloat32 in2 = TFloat32.tensorOf(inputShape, DataBuffers.of(input2, true, false))) {
                feeds.put(inputName, in1);
                try (Result r1 = fn1.call(feeds)) {
                    Map<String, Tensor> feeds2 = new HashMap<>();
                    for (String s : stateNames) feeds2.put(s, r1.get(CodecSignatures.next(s)).orElseThrow());
                    feeds2.put(inputName, in2);
                    try (Result r2 = fn2.call(feeds2)) {
                        return copy((TFloat32) r2.get(outputName).orElseThrow(), outputName, outLength);
                    }
                }
            }
        }

        /** d sum(upstream * output) / d input of {@code fn} at {@code input} and the current states. */
        float[] gradient(SessionFunction fn, String inputName, Shape inputShape, float[] input, Shape outputShape,
                         float[] upstream) {
            if (done) throw new IllegalStateException("closed");
            CodeGradient g = codeGradient(fn);
            Session.Runner runner = bundle.session().runner();
            try (TFloat32 in = TFloat32.tensorOf(inputShape, DataBuffers.of(input, true, false));
                 TFloat32 up = TFloat32.tensorOf(outputShape, DataBuffers.of(upstream, true, false))) {
                for (String s : stateNames) runner.feed(g.inputs().get(s), states.get(s));
                runner.feed(g.inputs().get(inputName), in);
                runner.feed(g.upstream(), up);
                try (Result r = runner.fetch(g.gradient()).run()) {
                    return copy((TFloat32) r.get(0), "gradient", input.length);
                }
            }
        }

        private static float[] copy(TFloat32 t, String name, int length) {
            if (t.shape().size() != length)
                throw new IllegalStateException(name + " has shape " + t.shape() + ", expected " + length + " values");
            float[] out = new float[length];
            t.copyTo(DataBuffers.of(out, false, false));
            return out;
        }

        @Override
        public void close() {
            if (done) return;
            done = true;
            states.clear();
            if (previous != null) previous.close();
            zeros.forEach(Tensor::close);
            open.decrementAndGet();
        }
    }

    /** Runs encoder iterations: residual in, +1/-1 codes out ({@code (H/16)*(W/16)*bits}, NHWC order). */
    public final class Encoder extends Stepper {
        Encoder(int h, int w) {
            super(h, w, names(config.encoderCells(), true), channels(true), scales(true));
        }

        public float[] step(float[] residual) {
            return step(residual, true);
        }

        /** The codes {@link #step} would return for {@code residual}, leaving the encoder as it was. */
        public float[] trial(float[] residual) {
            return step(residual, false);
        }

        private float[] step(float[] residual, boolean advance) {
            if (residual.length != h * w * 3) throw new IllegalArgumentException("residual length " + residual.length);
            return step(encode, CodecSignatures.RESIDUAL, Shape.of(1, h, w, 3), residual, CodecSignatures.BITS,
                    (h / CodecConfig.BLOCK) * (w / CodecConfig.BLOCK) * config.bits(), advance);
        }
    }

    /** Runs decoder iterations: +1/-1 codes in, the image increment ({@code H*W*3}, in [-0.5, 0.5]) out. */
    public final class Decoder extends Stepper {
        private boolean first = true;

        Decoder(int h, int w) {
            super(h, w, names(config.decoderCells(), false), channels(false), scales(false));
        }

        public float[] step(float[] bits) {
            float[] out = step(bits, true);
            first = false;
            return out;
        }

        /**
         * The increment that {@link #step} would return for {@code bits}, leaving the decoder as it was: an encoder can
         * try other codes for an iteration before it commits to one.
         */
        public float[] trial(float[] bits) {
            return step(bits, false);
        }

        /**
         * The increment a step on {@code next} would return after a step on {@code bits}, leaving the decoder as it
         * was: what one more iteration would add to a trial's codes.
         */
        public float[] trialAfter(float[] bits, float[] next) {
            checkBits(bits);
            checkBits(next);
            int hb = h / CodecConfig.BLOCK, wb = w / CodecConfig.BLOCK;
            return trialTwo(first ? decodeFirst : decode, decode, CodecSignatures.BITS, Shape.of(1, hb, wb, config.bits()),
                    bits, next, CodecSignatures.DELTA, h * w * 3);
        }

        /**
         * The gradient, with respect to {@code bits}, of {@code sum(upstream * delta)} where delta is what
         * {@link #trial} returns for {@code bits} ({@code upstream}: H*W*3 values, the derivative of the caller's
         * objective by each value of delta). First order, it says which code flips are worth trying: flipping code i
         * changes the objective by about {@code -2 bits[i] gradient[i]}. Leaves the decoder as it was.
         */
        public float[] gradient(float[] bits, float[] upstream) {
            checkBits(bits);
            if (upstream.length != h * w * 3) throw new IllegalArgumentException("upstream length " + upstream.length);
            int hb = h / CodecConfig.BLOCK, wb = w / CodecConfig.BLOCK;
            return gradient(first ? decodeFirst : decode, CodecSignatures.BITS, Shape.of(1, hb, wb, config.bits()), bits,
                    Shape.of(1, h, w, 3), upstream);
        }

        private void checkBits(float[] bits) {
            int hb = h / CodecConfig.BLOCK, wb = w / CodecConfig.BLOCK;
            if (bits.length != hb * wb * config.bits()) throw new IllegalArgumentException("bits length " + bits.length);
        }

        private float[] step(float[] bits, boolean advance) {
            checkBits(bits);
            int hb = h / CodecConfig.BLOCK, wb = w / CodecConfig.BLOCK;
            return step(first ? decodeFirst : decode, CodecSignatures.BITS, Shape.of(1, hb, wb, config.bits()), bits,
                    CodecSignatures.DELTA, h * w * 3, advance);
        }
    }

    /** Channels of each state tensor, h and c of every cell in turn. */
    private int[] channels(boolean encoder) {
        int cells = encoder ? config.encoderCells() : config.decoderCells();
        int[] c = new int[2 * cells];
        for (int i = 0; i < cells; i++)
            c[2 * i] = c[2 * i + 1] = encoder ? config.encoderStateChannels(i) : config.decoderStateChannels(i);
        return c;
    }

    private int[] scales(boolean encoder) {
        int cells = encoder ? config.encoderCells() : config.decoderCells();
        int[] c = new int[2 * cells];
        for (int i = 0; i < cells; i++)
            c[2 * i] = c[2 * i + 1] = encoder ? config.encoderStateScale(i) : config.decoderStateScale(i);
        return c;
    }

    private static String[] names(int cells, boolean encoder) {
        String[] n = new String[2 * cells];
        for (int i = 0; i < cells; i++) {
            n[2 * i] = encoder ? CodecSignatures.encoderH(i) : CodecSignatures.decoderH(i);
            n[2 * i + 1] = encoder ? CodecSignatures.encoderC(i) : CodecSignatures.decoderC(i);
        }
        return n;
    }

    @Override
    public String toString() {
        return id.shortForm() + " (" + config + ")";
    }
}

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
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
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
                    float[] out = new float[outLength];
                    TFloat32 t = (TFloat32) r.get(outputName).orElseThrow();
                    if (t.shape().size() != outLength)
                        throw new IllegalStateException(outputName + " has shape " + t.shape() + ", expected " + outLength + " values");
                    t.copyTo(DataBuffers.of(out, false, false));
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

        private float[] step(float[] bits, boolean advance) {
            int hb = h / CodecConfig.BLOCK, wb = w / CodecConfig.BLOCK;
            if (bits.length != hb * wb * config.bits()) throw new IllegalArgumentException("bits length " + bits.length);
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

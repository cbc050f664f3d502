package org.rnc.model;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import org.rnc.format.ModelId;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A learned post-filter (issue 17, conformance/FORMAT.md {@code POST}): a small residual CNN that the reader runs on a
 * tile's decoded 8-bit RGB picture, before the file's linear restoration filter. The decoder network adds iteration
 * after iteration to the picture and nothing but the linear filter ever looks at the sum; this network does, once per
 * picture, for a few percent of the decode time.
 * <p>
 * Layers: {@code layers} 3x3 convolutions, zero padding at the tile's edges ("SAME"), ReLU between them, the last one
 * giving 3 channels that are added to the input picture. Input: the R, G, B samples / 255 - 0.5 and a fourth channel
 * {@code min(passes, capScale) / capScale}, passes being the iterations the picture holds. Format
 * {@value #FORMAT_COARSE} adds a coarse branch ({@link Arch}): the input at a quarter of the resolution (space to depth),
 * a few 3x3 convolutions there, and back (1x1 convolution, depth to space) into the last hidden layer, so the filter
 * sees some 16 pixels each way (3 layers) for a fraction of what full-resolution layers that wide would cost. Its pixels are
 * not normative (floating point, like the decoder network's); a reader runs it tile by tile in strips with a margin of
 * {@link Arch#margin()} rows, which gives the whole tile's result.
 * <p>
 * Safe to share between threads; holds a TensorFlow graph and session until {@link #close()}.
 */
public final class PostFilterModel implements AutoCloseable {
    /** {@code format} in the model's properties. */
    public static final String FORMAT = "postfilter-cnn-1";
    /** {@code format} of a model with a coarse branch. */
    public static final String FORMAT_COARSE = "postfilter-cnn-2";
    public static final String WEIGHTS_FILE = ModelFiles.NETWORK + "/postfilter.bin";
    private static final int MAGIC = 0x524E4346; // "RNCF"
    /** Weights file versions: 1 without a coarse branch (what {@code rnc-3-pf1} has), 2 with one. */
    private static final int FILE_VERSION = 1, FILE_VERSION_COARSE = 2;
    /** Pixels per strip the network runs on at once: bounds its memory (16 channels of floats: 64 MB a layer). */
    private static final int STRIP_PIXELS = 1 << 20;

    /**
     * A post-filter's layout: {@code channels} and {@code layers} of the full-resolution network, and a coarse branch
     * of {@code coarseLayers} 3x3 convolutions of {@code coarseChannels} at 1/{@value #FACTOR} of the resolution (0, 0:
     * none, format {@value #FORMAT}). The branch's output, {@code channels} per pixel after depth to space, is added
     * before the ReLU of the last hidden layer (layer {@code layers - 2}); it starts at zero in training, so a branch
     * grown on a trained filter starts as that filter.
     */
    public record Arch(int channels, int layers, int coarseChannels, int coarseLayers) {
        /** The coarse branch's scale: a 4x4 block of pixels per position. */
        public static final int FACTOR = 4;

        public Arch {
            boolean coarse = coarseLayers > 0 || coarseChannels > 0;
            if (channels < 1 || channels > 256 || layers < (coarse ? 2 : 1) || layers > 32)
                throw new IllegalArgumentException("post-filter of " + channels + " channels and " + layers + " layers");
            if (coarse && (coarseLayers < 1 || coarseLayers > 8 || coarseChannels < 1 || coarseChannels > 256))
                throw new IllegalArgumentException("coarse branch of " + coarseChannels + " channels and " + coarseLayers + " layers");
        }

        public Arch(int channels, int layers) {
            this(channels, layers, 0, 0);
        }

        public boolean coarse() { return coarseLayers > 0; }

        /** The {@code format} a model of this layout has in its properties. */
        public String format() { return coarse() ? FORMAT_COARSE : FORMAT; }

        /** Tensor names in file order and their shapes: {@code k0, b0, ...}, then {@code q0, qb0, ..., u, ub}. */
        public Map<String, long[]> shapes() {
            Map<String, long[]> m = new LinkedHashMap<>();
            for (int l = 0; l < layers; l++) {
                int in = l == 0 ? 4 : channels, out = l == layers - 1 ? 3 : channels;
                m.put("k" + l, new long[]{3, 3, in, out});
                m.put("b" + l, new long[]{out});
            }
            for (int j = 0; j < coarseLayers; j++) {
                m.put("q" + j, new long[]{3, 3, j == 0 ? 4 * FACTOR * FACTOR : coarseChannels, coarseChannels});
                m.put("qb" + j, new long[]{coarseChannels});
            }
            if (coarse()) {
                m.put("u", new long[]{1, 1, coarseChannels, (long) FACTOR * FACTOR * channels});
                m.put("ub", new long[]{(long) FACTOR * FACTOR * channels});
            }
            return m;
        }

        /** Multiply-adds per pixel, once per picture (the coarse branch's per position over the 16 pixels it covers). */
        public long macsPerPixel() {
            // a kernel's values are its multiply-adds per output position; the coarse branch's positions are blocks
            long full = 0, coarse = 0;
            for (Map.Entry<String, long[]> e : shapes().entrySet()) {
                long[] k = e.getValue();
                if (k.length == 1) continue; // a bias
                long n = k[0] * k[1] * k[2] * k[3];
                if (e.getKey().startsWith("k")) full += n;
                else coarse += n;
            }
            return full + Math.round(coarse / (double) (FACTOR * FACTOR));
        }

        /** Reads the layout a model's properties give ({@code postfilter.channels}, {@code .layers}, {@code .coarseChannels}, {@code .coarseLayers}). */
        public static Arch of(Properties p) {
            return new Arch(Integer.parseInt(p.getProperty("postfilter.channels")), Integer.parseInt(p.getProperty("postfilter.layers")),
                    Integer.parseInt(p.getProperty("postfilter.coarseChannels", "0")),
                    Integer.parseInt(p.getProperty("postfilter.coarseLayers", "0")));
        }

        /** Writes what {@link #of(Properties)} reads (the coarse branch's keys only where there is one). */
        public void store(Properties p) {
            p.setProperty("postfilter.channels", Integer.toString(channels));
            p.setProperty("postfilter.layers", Integer.toString(layers));
            if (coarse()) {
                p.setProperty("postfilter.coarseChannels", Integer.toString(coarseChannels));
                p.setProperty("postfilter.coarseLayers", Integer.toString(coarseLayers));
            }
        }

        /** In words, for messages. */
        public String describe() {
            return channels + " channels and " + layers + " layers"
                    + (coarse() ? " with a coarse branch of " + coarseChannels + " channels and " + coarseLayers + " layers" : "");
        }

        /**
         * Rows above and below a strip that its output reads: the full-resolution layers' reach, plus the coarse
         * branch's ({@code coarseLayers} positions of {@value #FACTOR} pixels and the block itself), as a multiple of
         * {@value #FACTOR} so that a strip's blocks are the whole tile's.
         */
        public int margin() {
            if (!coarse()) return layers;
            int m = layers + FACTOR * (coarseLayers + 1);
            return (m + FACTOR - 1) / FACTOR * FACTOR;
        }

        /** What a picture's sides are rounded up to (by repeating the last row or column) before the network. */
        int multiple() { return coarse() ? FACTOR : 1; }
    }

    /** A weights file read back: the layout its header gives and the tensors of {@link Arch#shapes()}. */
    public record Weights(Arch arch, Map<String, float[]> tensors) {}

    private final ModelId id, codec;
    private final Arch arch;
    private final int capScale;
    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> input;
    private final Operand<TFloat32> output;
    private volatile boolean closed;

    private PostFilterModel(ModelId id, ModelId codec, Arch arch, int capScale, Map<String, float[]> w, int threads) {
        this.id = id;
        this.codec = codec;
        this.arch = arch;
        this.capScale = capScale;
        NativeLogs.quiet();
        graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, -1, -1, 4)));
            Map<String, long[]> shapes = arch.shapes();
            output = network(tf, input, arch, name -> tf.constant(Shape.of(shapes.get(name)), DataBuffers.of(w.get(name), true, false)));
            int inter = ModelFiles.interOpThreads(threads);
            var config = org.tensorflow.proto.ConfigProto.newBuilder();
            if (threads > 0) config.setIntraOpParallelismThreads(threads);
            if (inter > 0) config.setInterOpParallelismThreads(inter);
            session = new Session(graph, config.build());
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    /**
     * The network of FORMAT.md ({@code POST}) on {@code x} [N, H, W, 4] (H and W multiples of {@link Arch#multiple()}),
     * giving the filtered picture [N, H, W, 3] before rounding; {@code w} gives each tensor of {@link Arch#shapes()}
     * (constants in a reader, variables in training), so that both build the same graph.
     */
    public static Operand<TFloat32> network(Ops tf, Operand<TFloat32> x, Arch a, Function<String, Operand<TFloat32>> w) {
        List<Long> one = List.of(1L, 1L, 1L, 1L);
        Operand<TFloat32> coarse = null;
        if (a.coarse()) {
            Operand<TFloat32> g = tf.nn.spaceToDepth(x, (long) Arch.FACTOR);
            for (int j = 0; j < a.coarseLayers(); j++)
                g = tf.nn.relu(tf.math.add(tf.nn.conv2d(g, w.apply("q" + j), one, "SAME"), w.apply("qb" + j)));
            coarse = tf.nn.depthToSpace(tf.math.add(tf.nn.conv2d(g, w.apply("u"), one, "SAME"), w.apply("ub")), (long) Arch.FACTOR);
        }
        Operand<TFloat32> h = x;
        for (int l = 0; l < a.layers(); l++) {
            h = tf.math.add(tf.nn.conv2d(h, w.apply("k" + l), one, "SAME"), w.apply("b" + l));
            if (coarse != null && l == a.layers() - 2) h = tf.math.add(h, coarse);
            if (l < a.layers() - 1) h = tf.nn.relu(h);
        }
        Operand<TFloat32> rgb = tf.slice(x, tf.constant(new int[]{0, 0, 0, 0}), tf.constant(new int[]{-1, -1, -1, 3}));
        return tf.math.add(rgb, h);
    }

    /** True when a model directory's properties name this kind of model. */
    public static boolean isPostFilter(Properties p) {
        return FORMAT.equals(p.getProperty("format")) || FORMAT_COARSE.equals(p.getProperty("format"));
    }

    /** Loads a model directory, verifying its files against the hash in its properties. */
    public static PostFilterModel load(Path dir) throws ModelException {
        return load(dir, ModelFiles.threads());
    }

    /** As {@link #load(Path)}, running TensorFlow on {@code threads} threads (0: its default). */
    public static PostFilterModel load(Path dir, int threads) throws ModelException {
        Properties p = CodecModel.readProperties(dir);
        String name = p.getProperty("name"), hash = p.getProperty("sha256");
        String codecName = p.getProperty("codec.name"), codecHash = p.getProperty("codec.sha256");
        if (name == null || hash == null || codecName == null || codecHash == null || !isPostFilter(p))
            throw new ModelException(dir + ": not a post-filter model (properties lack format=" + FORMAT + " or " + FORMAT_COARSE
                    + ", name, sha256 or codec.*)");
        ModelFiles.verify(dir, name, hash);
        Arch arch;
        int cap;
        try {
            arch = Arch.of(p);
            if (!arch.format().equals(p.getProperty("format")))
                throw new IllegalArgumentException("format " + p.getProperty("format") + (arch.coarse() ? " with" : " without") + " a coarse branch");
            cap = Integer.parseInt(p.getProperty("postfilter.capScale"));
        } catch (RuntimeException e) {
            throw new ModelException("post-filter " + name + ": bad configuration: " + e.getMessage(), e);
        }
        if (cap < 1 || cap > 255) throw new ModelException("post-filter " + name + ": configuration out of range");
        Map<String, float[]> w;
        try (InputStream in = Files.newInputStream(dir.resolve(WEIGHTS_FILE))) {
            w = readWeights(in, arch);
        } catch (IOException e) {
            throw new ModelException("post-filter " + name + ": " + e.getMessage(), e);
        }
        try {
            return new PostFilterModel(ModelId.of(name, hash), ModelId.of(codecName, codecHash), arch, cap, w, threads);
        } catch (RuntimeException e) {
            throw new ModelException("TensorFlow could not build post-filter " + name + ": " + e.getMessage(), e);
        }
    }

    /** Tensor names in file order and their sizes. */
    public static Map<String, Integer> tensorSizes(Arch a) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : a.shapes().entrySet()) {
            long n = 1;
            for (long d : e.getValue()) n *= d;
            m.put(e.getKey(), Math.toIntExact(n));
        }
        return m;
    }

    /** Reads a weights file, refusing one whose header gives another layout than {@code expected}. */
    public static Map<String, float[]> readWeights(InputStream raw, Arch expected) throws IOException {
        Weights w = readWeights(raw);
        if (!w.arch().equals(expected))
            throw new IOException("weights file is for " + w.arch().describe() + ", properties say " + expected.describe());
        return w.tensors();
    }

    /**
     * Reads a weights file: magic, version, channels and layers (version 2: then the coarse branch's channels and
     * layers), then each tensor of {@link Arch#shapes()} as big-endian float32 (kernels in TensorFlow's
     * [height, width, in, out] order).
     */
    public static Weights readWeights(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw));
        try {
            if (in.readInt() != MAGIC) throw new IOException("not a post-filter weights file");
            int v = in.readUnsignedShort();
            if (v != FILE_VERSION && v != FILE_VERSION_COARSE)
                throw new IOException("weights file version " + v + " (this build knows " + FILE_VERSION + " and " + FILE_VERSION_COARSE + ")");
            int c = in.readUnsignedShort(), l = in.readUnsignedShort();
            int cc = v == FILE_VERSION_COARSE ? in.readUnsignedShort() : 0, cl = v == FILE_VERSION_COARSE ? in.readUnsignedShort() : 0;
            Arch arch;
            try {
                arch = new Arch(c, l, cc, cl);
            } catch (IllegalArgumentException e) {
                throw new IOException("weights file: " + e.getMessage());
            }
            if (arch.coarse() != (v == FILE_VERSION_COARSE)) throw new IOException("weights file version " + v + " without a coarse branch");
            Map<String, float[]> w = new LinkedHashMap<>();
            for (Map.Entry<String, Integer> e : tensorSizes(arch).entrySet()) {
                float[] t = new float[e.getValue()];
                for (int i = 0; i < t.length; i++) {
                    t[i] = in.readFloat();
                    if (!Float.isFinite(t[i])) throw new IOException("weight " + i + " of " + e.getKey() + " is not finite");
                }
                w.put(e.getKey(), t);
            }
            if (in.read() != -1) throw new IOException("weights file is longer than its configuration");
            return new Weights(arch, w);
        } catch (EOFException e) {
            throw new IOException("weights file is shorter than its configuration");
        }
    }

    /** Writes {@link #readWeights(InputStream)}'s format (version 1 where there is no coarse branch). */
    public static void writeWeights(OutputStream raw, Map<String, float[]> w, Arch a) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw));
        out.writeInt(MAGIC);
        out.writeShort(a.coarse() ? FILE_VERSION_COARSE : FILE_VERSION);
        out.writeShort(a.channels());
        out.writeShort(a.layers());
        if (a.coarse()) {
            out.writeShort(a.coarseChannels());
            out.writeShort(a.coarseLayers());
        }
        for (Map.Entry<String, Integer> e : tensorSizes(a).entrySet()) {
            float[] t = w.get(e.getKey());
            if (t == null || t.length != e.getValue()) throw new IllegalArgumentException("tensor " + e.getKey());
            for (float f : t) out.writeFloat(f);
        }
        out.flush();
    }

    public ModelId id() { return id; }

    /** The codec model whose pictures it was trained on. */
    public ModelId codec() { return codec; }

    public Arch arch() { return arch; }

    public int channels() { return arch.channels(); }

    public int layers() { return arch.layers(); }

    /** Multiply-adds per pixel, once per picture. */
    public long macsPerPixel() {
        return arch.macsPerPixel();
    }

    /**
     * The filtered picture of an RGB tile: {@code rgb} its three 8-bit planes, {@code w} x {@code h} row-major (padding
     * included), {@code passes} the iterations it holds. Returns new planes; the input is left as it is.
     */
    public int[][] apply(int[][] rgb, int w, int h, int passes) {
        if (rgb.length != 3) throw new IllegalArgumentException("a post-filter takes R, G and B planes");
        if (passes < 1) throw new IllegalArgumentException("passes " + passes);
        float cap = Math.min(passes, capScale) / (float) capScale;
        int[][] out = new int[3][w * h];
        // sides rounded up to the coarse branch's blocks by repeating the last column and row; strips start on a block
        int q = arch.multiple(), pw = (w + q - 1) / q * q, ph = (h + q - 1) / q * q, margin = arch.margin();
        int rows = Math.max(q, Math.min(ph, STRIP_PIXELS / Math.max(1, pw)) / q * q);
        for (int y0 = 0; y0 < h; y0 += rows) {
            int y1 = Math.min(h, y0 + rows), a = Math.max(0, y0 - margin), b = Math.min(ph, y1 + margin);
            b = (b + q - 1) / q * q; // y1 < h only at a multiple of q
            float[] x = new float[4 * (b - a) * pw];
            for (int y = a, i = 0; y < b; y++)
                for (int xx = 0, o = Math.min(y, h - 1) * w; xx < pw; xx++, i++) {
                    int s = o + Math.min(xx, w - 1);
                    for (int c = 0; c < 3; c++) x[4 * i + c] = rgb[c][s] / 255f - 0.5f;
                    x[4 * i + 3] = cap;
                }
            float[] y = run(x, pw, b - a);
            for (int yy = y0; yy < y1; yy++)
                for (int xx = 0, i = (yy - a) * pw, o = yy * w; xx < w; xx++, i++, o++)
                    for (int c = 0; c < 3; c++) {
                        int v = Math.round((y[3 * i + c] + 0.5f) * 255f);
                        out[c][o] = v < 0 ? 0 : Math.min(255, v);
                    }
        }
        return out;
    }

    private float[] run(float[] x, int w, int h) {
        if (closed) throw new IllegalStateException("post-filter " + id + " is closed");
        try (TFloat32 in = TFloat32.tensorOf(Shape.of(1, h, w, 4), DataBuffers.of(x, true, false));
             Result r = session.runner().feed(input, in).fetch(output).run()) {
            float[] y = new float[w * h * 3];
            ((TFloat32) r.get(0)).copyTo(DataBuffers.of(y, false, false));
            return y;
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            session.close();
            graph.close();
        }
    }
}

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
 * {@code min(passes, capScale) / capScale}, passes being the iterations the picture holds. Its pixels are not
 * normative (floating point, like the decoder network's); a reader runs it tile by tile in strips with a margin of
 * {@code layers} rows, which gives the whole tile's result.
 * <p>
 * Safe to share between threads; holds a TensorFlow graph and session until {@link #close()}.
 */
public final class PostFilterModel implements AutoCloseable {
    /** {@code format} in the model's properties. */
    public static final String FORMAT = "postfilter-cnn-1";
    public static final String WEIGHTS_FILE = ModelFiles.NETWORK + "/postfilter.bin";
    private static final int MAGIC = 0x524E4346; // "RNCF"
    private static final int FILE_VERSION = 1;
    /** Pixels per strip the network runs on at once: bounds its memory (16 channels of floats: 64 MB a layer). */
    private static final int STRIP_PIXELS = 1 << 20;

    private final ModelId id, codec;
    private final int channels, layers, capScale;
    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> input;
    private final Operand<TFloat32> output;
    private volatile boolean closed;

    private PostFilterModel(ModelId id, ModelId codec, int channels, int layers, int capScale, Map<String, float[]> w,
                            int threads) {
        this.id = id;
        this.codec = codec;
        this.channels = channels;
        this.layers = layers;
        this.capScale = capScale;
        NativeLogs.quiet();
        graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, -1, -1, 4)));
            Operand<TFloat32> h = input;
            for (int l = 0; l < layers; l++) {
                int in = l == 0 ? 4 : channels, out = l == layers - 1 ? 3 : channels;
                Operand<TFloat32> k = tf.constant(Shape.of(3, 3, in, out), DataBuffers.of(w.get("k" + l), true, false));
                Operand<TFloat32> b = tf.constant(Shape.of(out), DataBuffers.of(w.get("b" + l), true, false));
                h = tf.math.add(tf.nn.conv2d(h, k, List.of(1L, 1L, 1L, 1L), "SAME"), b);
                if (l < layers - 1) h = tf.nn.relu(h);
            }
            Operand<TFloat32> rgb = tf.slice(input, tf.constant(new int[]{0, 0, 0, 0}), tf.constant(new int[]{-1, -1, -1, 3}));
            output = tf.math.add(rgb, h);
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

    /** True when a model directory's properties name this kind of model. */
    public static boolean isPostFilter(Properties p) {
        return FORMAT.equals(p.getProperty("format"));
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
            throw new ModelException(dir + ": not a post-filter model (properties lack format=" + FORMAT
                    + ", name, sha256 or codec.*)");
        ModelFiles.verify(dir, name, hash);
        int c, l, cap;
        try {
            c = Integer.parseInt(p.getProperty("postfilter.channels"));
            l = Integer.parseInt(p.getProperty("postfilter.layers"));
            cap = Integer.parseInt(p.getProperty("postfilter.capScale"));
        } catch (RuntimeException e) {
            throw new ModelException("post-filter " + name + ": bad configuration: " + e.getMessage(), e);
        }
        if (c < 1 || c > 256 || l < 1 || l > 32 || cap < 1 || cap > 255)
            throw new ModelException("post-filter " + name + ": configuration out of range");
        Map<String, float[]> w;
        try (InputStream in = Files.newInputStream(dir.resolve(WEIGHTS_FILE))) {
            w = readWeights(in, c, l);
        } catch (IOException e) {
            throw new ModelException("post-filter " + name + ": " + e.getMessage(), e);
        }
        try {
            return new PostFilterModel(ModelId.of(name, hash), ModelId.of(codecName, codecHash), c, l, cap, w, threads);
        } catch (RuntimeException e) {
            throw new ModelException("TensorFlow could not build post-filter " + name + ": " + e.getMessage(), e);
        }
    }

    /** Tensor names in file order, {@code k0, b0, k1, b1, ...}, and their sizes. */
    public static Map<String, Integer> tensorSizes(int channels, int layers) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int l = 0; l < layers; l++) {
            int in = l == 0 ? 4 : channels, out = l == layers - 1 ? 3 : channels;
            m.put("k" + l, 9 * in * out);
            m.put("b" + l, out);
        }
        return m;
    }

    /**
     * Reads a weights file: magic, version, channels and layers, then each tensor of {@link #tensorSizes} as big-endian
     * float32 (kernels in TensorFlow's [3, 3, in, out] order).
     */
    public static Map<String, float[]> readWeights(InputStream raw, int channels, int layers) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw));
        try {
            if (in.readInt() != MAGIC) throw new IOException("not a post-filter weights file");
            int v = in.readUnsignedShort();
            if (v != FILE_VERSION) throw new IOException("weights file version " + v + " (this build knows " + FILE_VERSION + ")");
            int c = in.readUnsignedShort(), l = in.readUnsignedShort();
            if (c != channels || l != layers)
                throw new IOException("weights file is for " + c + " channels and " + l + " layers, properties say " + channels + " and " + layers);
            Map<String, float[]> w = new LinkedHashMap<>();
            for (Map.Entry<String, Integer> e : tensorSizes(channels, layers).entrySet()) {
                float[] t = new float[e.getValue()];
                for (int i = 0; i < t.length; i++) {
                    t[i] = in.readFloat();
                    if (!Float.isFinite(t[i])) throw new IOException("weight " + i + " of " + e.getKey() + " is not finite");
                }
                w.put(e.getKey(), t);
            }
            if (in.read() != -1) throw new IOException("weights file is longer than its configuration");
            return w;
        } catch (EOFException e) {
            throw new IOException("weights file is shorter than its configuration");
        }
    }

    /** Writes {@link #readWeights}'s format. */
    public static void writeWeights(OutputStream raw, Map<String, float[]> w, int channels, int layers) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw));
        out.writeInt(MAGIC);
        out.writeShort(FILE_VERSION);
        out.writeShort(channels);
        out.writeShort(layers);
        for (Map.Entry<String, Integer> e : tensorSizes(channels, layers).entrySet()) {
            float[] t = w.get(e.getKey());
            if (t == null || t.length != e.getValue()) throw new IllegalArgumentException("tensor " + e.getKey());
            for (float f : t) out.writeFloat(f);
        }
        out.flush();
    }

    public ModelId id() { return id; }

    /** The codec model whose pictures it was trained on. */
    public ModelId codec() { return codec; }

    public int channels() { return channels; }

    public int layers() { return layers; }

    /** Multiply-adds per pixel, once per picture. */
    public long macsPerPixel() {
        long m = 0;
        for (int l = 0; l < layers; l++) m += 9L * (l == 0 ? 4 : channels) * (l == layers - 1 ? 3 : channels);
        return m;
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
        int rows = Math.max(1, Math.min(h, STRIP_PIXELS / Math.max(1, w)));
        for (int y0 = 0; y0 < h; y0 += rows) {
            int y1 = Math.min(h, y0 + rows), a = Math.max(0, y0 - layers), b = Math.min(h, y1 + layers), n = (b - a) * w;
            float[] x = new float[4 * n];
            for (int i = 0, o = a * w; i < n; i++, o++) {
                for (int c = 0; c < 3; c++) x[4 * i + c] = rgb[c][o] / 255f - 0.5f;
                x[4 * i + 3] = cap;
            }
            float[] y = run(x, w, b - a);
            for (int i = (y0 - a) * w, o = y0 * w; o < y1 * w; i++, o++)
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

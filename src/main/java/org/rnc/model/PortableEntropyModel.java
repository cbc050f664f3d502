package org.rnc.model;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.RecursiveAction;

import org.rnc.format.ModelId;

/**
 * The BinaryRNN entropy model evaluated in plain Java so that every machine computes the same probabilities,
 * bit for bit (format 2; the normative description is "The portable BinaryRNN" in conformance/FORMAT.md).
 * <p>
 * Why this is exact everywhere: Java's {@code float} arithmetic is IEEE 754 on every JVM and CPU, HotSpot never
 * fuses {@code a*b+c} nor reorders a float sum, and every sum here runs in one fixed order (vectorisation only
 * runs independent outputs side by side). Nonlinearities come from tables built with {@link StrictMath}. What
 * remains is the CPU's denormal mode, which native code in the same process may change; weights are multiples
 * of 2^-{@value #WEIGHT_SHIFT} and activations multiples of 2^-{@value #ACTIVATION_SHIFT}, so every product
 * and partial sum is a multiple of 2^-36 — zero or far above the subnormal range, whatever that mode.
 * <p>
 * The weights file ({@value #WEIGHTS_FILE}) holds 32-bit integers k, the weight being k * 2^-20; it is made from
 * the TensorFlow-trained model by {@code rnc export-entropy}. Thread-safe: state is passed in and out.
 */
public final class PortableEntropyModel implements EntropyPredictor {
    /** The weights, relative to the model directory (covered by the model's SHA-256). */
    public static final String WEIGHTS_FILE = "network/entropy.bin";
    /** Properties value of {@code format} for this kind of model. */
    public static final String FORMAT = "portable-binary-rnn-1";
    static final int MAGIC = 0x524E4345; // "RNCE"
    static final int FILE_VERSION = 1;
    public static final int WEIGHT_SHIFT = 20, ACTIVATION_SHIFT = 16;
    private static final double ACT_SCALE = 1 << ACTIVATION_SHIFT, ACT_UNIT = 1.0 / ACT_SCALE;

    private final ModelId id, codec;
    private final EntropyConfig cfg;
    private final Weights wt;
    private final int parallelism;

    /** The network's tensors, each HWIO-flattened like TensorFlow's conv kernels. */
    public record Weights(float[] ctxConv1, float[] ctxBias1, float[] ctxConv2, float[] ctxBias2, float[] rowWx, float[] rowWh,
                          float[] rowBias, float[] headConv1, float[] headBias1, float[] headConv2, float[] headBias2,
                          float[][] crossChannel) {

        /** Tensor names in file order, as the trainer calls them. */
        public static String[] names(EntropyConfig cfg) {
            String[] base = {"ctx/conv1", "ctx/bias1", "ctx/conv2", "ctx/bias2", "row/wx", "row/wh", "row/bias",
                    "head/conv1", "head/bias1", "head/conv2", "head/bias2"};
            String[] all = java.util.Arrays.copyOf(base, base.length + cfg.crossChannelTerms());
            for (int k = 0; k < cfg.crossChannelTerms(); k++) all[base.length + k] = "xchan/w" + k;
            return all;
        }

        /** Number of values of each tensor, in file order. */
        public static int[] sizes(EntropyConfig cfg) {
            int b = cfg.bits(), c = cfg.contextChannels(), l = cfg.lstmChannels(), m = cfg.headChannels();
            int[] base = {9 * cfg.previousChannels() * c, c, 9 * c * c, c, 3 * (b + c) * 4 * l, 3 * l * 4 * l, 4 * l,
                    (l + c) * m, m, m * b, b};
            int[] all = java.util.Arrays.copyOf(base, base.length + cfg.crossChannelTerms());
            for (int k = 0; k < cfg.crossChannelTerms(); k++) all[base.length + k] = b * b;
            return all;
        }

        static Weights of(EntropyConfig cfg, float[][] t) {
            float[][] x = java.util.Arrays.copyOfRange(t, 11, 11 + cfg.crossChannelTerms());
            return new Weights(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9], t[10], x);
        }
    }

    PortableEntropyModel(ModelId id, ModelId codec, EntropyConfig cfg, Weights wt, int threads) {
        this.id = id;
        this.codec = codec;
        this.cfg = cfg;
        this.wt = wt;
        this.parallelism = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    /** True when the model directory's properties name this kind of model. */
    public static boolean isPortable(Properties p) {
        return FORMAT.equals(p.getProperty("format"));
    }

    public static PortableEntropyModel load(Path dir) throws ModelException {
        return load(dir, ModelFiles.threads());
    }

    /** As {@link #load(Path)}, computing on {@code threads} threads (0: one per core). Results never depend on it. */
    public static PortableEntropyModel load(Path dir, int threads) throws ModelException {
        EntropyConfig.Declared d = EntropyConfig.read(dir);
        if (!isPortable(d.properties()))
            throw new ModelException(dir + ": not a portable entropy model (its properties lack format=" + FORMAT + ")");
        try (InputStream in = Files.newInputStream(dir.resolve(WEIGHTS_FILE))) {
            return new PortableEntropyModel(d.id(), d.codec(), d.config(), readWeights(in, d.config()), threads);
        } catch (IOException e) {
            throw new ModelException("entropy model " + d.id().name() + ": " + e.getMessage(), e);
        }
    }

    /** Reads a weights file and checks that it matches the configuration. */
    public static Weights readWeights(InputStream raw, EntropyConfig cfg) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16));
        try {
            if (in.readInt() != MAGIC) throw new IOException("not a portable entropy weights file");
            int version = in.readUnsignedShort();
            if (version != FILE_VERSION) throw new IOException("weights file version " + version + " (this build knows " + FILE_VERSION + ")");
            int b = in.readUnsignedByte(), c = in.readUnsignedShort(), l = in.readUnsignedShort(), m = in.readUnsignedShort();
            int terms = in.readUnsignedByte(), ws = in.readUnsignedByte(), as = in.readUnsignedByte();
            EntropyConfig fileCfg = new EntropyConfig(b, c, l, m, terms);
            if (!fileCfg.equals(cfg)) throw new IOException("weights file is for " + fileCfg + ", properties say " + cfg);
            if (ws != WEIGHT_SHIFT || as != ACTIVATION_SHIFT)
                throw new IOException("weights file uses shifts " + ws + "/" + as + ", this build " + WEIGHT_SHIFT + "/" + ACTIVATION_SHIFT);
            int[] sizes = Weights.sizes(cfg);
            float[][] t = new float[sizes.length][];
            for (int i = 0; i < sizes.length; i++) {
                t[i] = new float[sizes[i]];
                for (int j = 0; j < sizes[i]; j++) {
                    int k = in.readInt();
                    if (k <= -(1 << 24) || k >= 1 << 24) throw new IOException("weight out of range in tensor " + i);
                    t[i][j] = (float) StrictMath.scalb((double) k, -WEIGHT_SHIFT);
                }
            }
            if (in.read() != -1) throw new IOException("weights file is longer than its configuration");
            return Weights.of(cfg, t);
        } catch (EOFException e) {
            throw new IOException("weights file is shorter than its configuration");
        }
    }

    @Override public ModelId id() { return id; }

    @Override public ModelId codec() { return codec; }

    @Override public EntropyConfig config() { return cfg; }

    @Override
    public float[] context(float[] previous, int h, int w) {
        int p = cfg.previousChannels(), c = cfg.contextChannels();
        if (previous.length != h * w * p) throw new IllegalArgumentException("previous input of " + previous.length + " values");
        float[] in = previous.clone();
        for (int i = 0; i < in.length; i++) in[i] = grid(in[i]);
        float[] mid = new float[h * w * c], out = new float[h * w * c];
        forRows(h, w, (y0, y1) -> {
            conv(in, w, p, wt.ctxConv1, 3, 3, c, mid, y0, y1, h);
            biasReluGrid(mid, wt.ctxBias1, c, y0 * w, y1 * w);
        });
        forRows(h, w, (y0, y1) -> {
            conv(mid, w, c, wt.ctxConv2, 3, 3, c, out, y0, y1, h);
            biasReluGrid(out, wt.ctxBias2, c, y0 * w, y1 * w);
        });
        return out;
    }

    @Override
    public void row(float[] above, float[] contextRow, float[] h, float[] c, int w, int[] p15) {
        int b = cfg.bits(), cc = cfg.contextChannels(), l = cfg.lstmChannels(), m = cfg.headChannels();
        int xin = b + cc, hin = l + cc;
        float[] x = new float[w * xin];
        for (int i = 0; i < w; i++) {
            for (int k = 0; k < b; k++) x[i * xin + k] = grid(above[i * b + k]);
            for (int k = 0; k < cc; k++) x[i * xin + b + k] = grid(contextRow[i * cc + k]);
        }
        float[] hq = new float[w * l];
        for (int i = 0; i < hq.length; i++) hq[i] = grid(h[i]);
        float[] gx = new float[w * 4 * l], gh = new float[w * 4 * l];
        forPositions(w, (x0, x1) -> {
            conv(x, w, xin, wt.rowWx, 1, 3, 4 * l, gx, x0, x1);
            conv(hq, w, l, wt.rowWh, 1, 3, 4 * l, gh, x0, x1);
            float[] head = new float[hin], hid = new float[m], logits = new float[b];
            for (int i = x0; i < x1; i++) {
                int g = i * 4 * l, s = i * l;
                for (int k = 0; k < l; k++) {
                    float gi = sigmoid(gate(gx, gh, g, k)), gf = sigmoid(gate(gx, gh, g, l + k));
                    float gg = tanh(gate(gx, gh, g, 2 * l + k)), go = sigmoid(gate(gx, gh, g, 3 * l + k));
                    float cell = grid(gf * grid(c[s + k]) + gi * gg);
                    float hidden = grid(go * tanh(cell));
                    c[s + k] = cell;
                    h[s + k] = hidden;
                    head[k] = hidden;
                }
                System.arraycopy(x, i * xin + b, head, l, cc);
                dense(head, wt.headConv1, hid);
                for (int k = 0; k < m; k++) hid[k] = grid(relu(hid[k] + wt.headBias1[k]));
                dense(hid, wt.headConv2, logits);
                for (int k = 0; k < b; k++) p15[i * b + k] = probability15(logits[k] + wt.headBias2[k]);
            }
        });
    }

    private float gate(float[] gx, float[] gh, int base, int k) {
        return gx[base + k] + gh[base + k] + wt.rowBias[k];
    }

    @Override
    public double[] crossChannel(int t) {
        if (!cfg.hasCrossChannel()) throw new IllegalStateException("entropy model " + id.name() + " has no cross-channel weights");
        int b = cfg.bits();
        double tau = t / 16.0;
        double[] out = new double[b * b];
        for (int from = 0; from < b; from++)
            for (int to = from + 1; to < b; to++) {
                int i = from * b + to;
                double v = 0, power = 1;
                for (float[] term : wt.crossChannel) {
                    v += term[i] * power;
                    power *= tau;
                }
                out[i] = v;
            }
        return out;
    }

    /** P(code = +1) as a 15-bit integer in [1, 32767] from a logit: the coder's and the mixer's rule. */
    public static int probability15(double logit) {
        double p = 1 / (1 + StrictMath.exp(-logit));
        return (int) Math.max(1, Math.min(32767, Math.round(p * 32768)));
    }

    /** Rounds to the activation grid (multiples of 2^-16), ties to even. */
    static float grid(float v) {
        return (float) (Math.rint(v * ACT_SCALE) * ACT_UNIT);
    }

    static float grid(double v) {
        return (float) (Math.rint(v * ACT_SCALE) * ACT_UNIT);
    }

    private static float relu(float v) {
        return v > 0 ? v : 0f;
    }

    private static void biasReluGrid(float[] a, float[] bias, int ch, int from, int to) {
        for (int p = from; p < to; p++)
            for (int k = 0; k < ch; k++) a[p * ch + k] = grid(relu(a[p * ch + k] + bias[k]));
    }

    /** out[o] = sum over i of in[i] * k[i][o], i ascending, starting from +0 (see {@link #accumulate}). */
    static void dense(float[] in, float[] k, float[] out) {
        java.util.Arrays.fill(out, 0f);
        accumulate(out, 0, out.length, k, 0, in, 0, in.length);
    }

    /**
     * A 'SAME' convolution (stride 1, odd kernel, zero padding) over rows y0..y1-1 of an h-row input of width w.
     * Each output sums its terms in the order (ky, kx, input channel), starting from +0; taps outside the image
     * add nothing.
     */
    static void conv(float[] in, int w, int cin, float[] k, int kh, int kw, int cout, float[] out, int y0, int y1, int h) {
        int ph = kh / 2, pw = kw / 2;
        for (int y = y0; y < y1; y++)
            for (int x = 0; x < w; x++) {
                int ob = (y * w + x) * cout;
                java.util.Arrays.fill(out, ob, ob + cout, 0f);
                for (int ky = 0; ky < kh; ky++) {
                    int iy = y + ky - ph;
                    if (iy < 0 || iy >= h) continue;
                    for (int kx = 0; kx < kw; kx++) {
                        int ix = x + kx - pw;
                        if (ix < 0 || ix >= w) continue;
                        accumulate(out, ob, cout, k, (ky * kw + kx) * cin * cout, in, (iy * w + ix) * cin, cin);
                    }
                }
            }
    }

    /** One row (h = 1) of width w, output positions x0..x1-1. */
    private static void conv(float[] in, int w, int cin, float[] k, int kh, int kw, int cout, float[] out, int x0, int x1) {
        int pw = kw / 2;
        for (int x = x0; x < x1; x++) {
            int ob = x * cout;
            java.util.Arrays.fill(out, ob, ob + cout, 0f);
            for (int kx = 0; kx < kw; kx++) {
                int ix = x + kx - pw;
                if (ix < 0 || ix >= w) continue;
                accumulate(out, ob, cout, k, kx * cin * cout, in, ix * cin, cin);
            }
        }
    }

    /**
     * out[ob + o] += in[ib + i] * k[kb + i * n + o] for i = 0 .. cin-1 in that order, each product and each sum
     * rounded to float. Four inputs share one pass over the outputs: {@code a + p0 + p1 + p2 + p3} is Java's
     * {@code (((a + p0) + p1) + p2) + p3}, the same sums as four passes, with fewer loads and stores. A product
     * of zero changes nothing (a sum that starts at +0 never becomes -0, and weights are finite), so four zero
     * inputs are skipped and single ones need not be.
     */
    private static void accumulate(float[] out, int ob, int n, float[] k, int kb, float[] in, int ib, int cin) {
        int i = 0;
        for (; i + 4 <= cin; i += 4) {
            float v0 = in[ib + i], v1 = in[ib + i + 1], v2 = in[ib + i + 2], v3 = in[ib + i + 3];
            if (v0 == 0f && v1 == 0f && v2 == 0f && v3 == 0f) continue; // absent iterations, the first row
            int k0 = kb + i * n, k1 = k0 + n, k2 = k1 + n, k3 = k2 + n;
            for (int o = 0; o < n; o++)
                out[ob + o] = out[ob + o] + k[k0 + o] * v0 + k[k1 + o] * v1 + k[k2 + o] * v2 + k[k3 + o] * v3;
        }
        for (; i < cin; i++) {
            float v = in[ib + i];
            int k0 = kb + i * n;
            for (int o = 0; o < n; o++) out[ob + o] += k[k0 + o] * v;
        }
    }

    // ---- nonlinearities: linear interpolation in tables built with StrictMath ----

    private static final Table SIGMOID = new Table(16, 8, x -> 1 / (1 + StrictMath.exp(-x)));
    private static final Table TANH = new Table(8, 9, StrictMath::tanh);

    static float sigmoid(float x) { return SIGMOID.at(x); }

    static float tanh(float x) { return TANH.at(x); }

    /** f on [-range, range] at steps of 2^-shift; outside, the end values; results on the activation grid. */
    static final class Table {
        private final double range, scale;
        private final double[] v;

        Table(int range, int shift, java.util.function.DoubleUnaryOperator f) {
            this.range = range;
            this.scale = 1 << shift;
            int n = 2 * range * (1 << shift) + 1;
            v = new double[n];
            for (int i = 0; i < n; i++) v[i] = f.applyAsDouble(StrictMath.scalb((double) i, -shift) - range);
        }

        float at(float x) {
            double u = (x + range) * scale; // exact: x is a float, range and scale powers of two
            if (!(u > 0)) return grid(v[0]);
            if (u >= v.length - 1) return grid(v[v.length - 1]);
            int i = (int) u;
            double f = u - i;
            return grid(v[i] + f * (v[i + 1] - v[i]));
        }
    }

    // ---- parallel loops: each output is computed by one thread in its fixed order, so threads change nothing ----

    private interface Range {
        void run(int from, int to);
    }

    /** Runs body over row bands of an h x w grid, in parallel when the grid is large enough to pay for it. */
    private void forRows(int h, int w, Range body) {
        int tasks = (int) Math.min(parallelism, Math.max(1, (long) h * w / 64));
        split(h, tasks, body);
    }

    private void forPositions(int w, Range body) {
        split(w, Math.min(parallelism, Math.max(1, w / 16)), body);
    }

    private static void split(int n, int tasks, Range body) {
        if (tasks <= 1 || n < 2) {
            body.run(0, n);
            return;
        }
        tasks = Math.min(tasks, n);
        RecursiveAction[] parts = new RecursiveAction[tasks];
        for (int t = 0; t < tasks; t++) {
            int from = (int) ((long) n * t / tasks), to = (int) ((long) n * (t + 1) / tasks);
            parts[t] = new RecursiveAction() {
                @Override
                protected void compute() { body.run(from, to); }
            };
        }
        // the calling thread runs one part and the common pool the others (its parallelism is cores - 1)
        RecursiveAction.invokeAll(parts);
    }

    @Override
    public void close() {
        // plain Java arrays: nothing native to release
    }
}

package org.rnc.training;

import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import org.rnc.bench.BenchCodec;
import org.rnc.bench.RncAdaptiveBenchCodec;
import org.rnc.format.ModelId;
import org.rnc.model.ModelFiles;
import org.rnc.model.ModelRegistry;
import org.rnc.model.PostFilterModel;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Trains a learned post-filter ({@link PostFilterModel}) on the pictures a codec model's writer makes, in three steps
 * that {@code rnc train-postfilter} runs:
 * <ol>
 * <li>{@link #makeCrops}: random crops of {@value #CROP} px from the training photos, each written at the adaptive rate
 *     with caps 1 .. {@value #CAPS} and decoded without any filter, stored with the original;</li>
 * <li>{@link #train}: the network on batches of 8 (a random crop, cap and flip), loss MSE plus {@code msSsim} times
 *     (1 - multi-scale SSIM), Adam at {@code lr}, a tenth of it for the last quarter; every 10th crop held out;</li>
 * <li>{@link #export}: the weights as an immutable named model.</li>
 * </ol>
 * Prototyped as docs/quality/PostFilterProbe.java (docs/quality/post-filter.md), with the same seeds and schedule.
 */
public final class PostFilterTrainer {
    private PostFilterTrainer() {}

    public static final int CROP = 128, CAPS = 16, BATCH = 8;
    private static final int MAGIC = 0x524E4344; // "RNCD"

    /**
     * Writes {@code crops} crops to {@code out}: header (magic, the codec model's name and hash, crop size, caps, count),
     * then per crop the original and its pictures at caps 1 .. 16 as 8-bit RGB. A cap whose blocks all stopped earlier
     * repeats the cap below (its file is that one).
     */
    public static void makeCrops(List<Path> photos, Path out, int crops, long seed, String codec, PrintStream log)
            throws IOException {
        List<BufferedImage> pics = new PatchSource(photos, CROP, 0).trainingPictures();
        if (pics.isEmpty()) throw new IOException("no training photos of at least " + CROP + " px in " + photos);
        ModelId id;
        try {
            id = ModelRegistry.get(codec).id();
        } catch (org.rnc.model.ModelException e) {
            throw new IOException(e.getMessage(), e);
        }
        Random r = new Random(seed);
        Path tmp = out.resolveSibling(out.getFileName() + ".part");
        try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            o.writeInt(MAGIC);
            o.writeUTF(id.name());
            o.write(id.sha256());
            o.writeShort(CROP);
            o.writeShort(CAPS);
            o.writeInt(crops);
            for (int c = 0; c < crops; c++) {
                BufferedImage p = pics.get(r.nextInt(pics.size()));
                int x = r.nextInt(p.getWidth() - CROP + 1), y = r.nextInt(p.getHeight() - CROP + 1);
                BufferedImage crop = new BufferedImage(CROP, CROP, BufferedImage.TYPE_INT_RGB);
                crop.getGraphics().drawImage(p.getSubimage(x, y, CROP, CROP), 0, 0, null);
                List<BenchCodec.Result> rs = new RncAdaptiveBenchCodec(CAPS, codec, false, false)
                        .measure(crop, true, k -> { }, log::println);
                BufferedImage[] byCap = new BufferedImage[CAPS + 1];
                for (BenchCodec.Result res : rs) byCap[Integer.parseInt(res.setting().replace("it", ""))] = res.decoded();
                if (byCap[1] == null) { c--; continue; }
                for (int k = 2; k <= CAPS; k++) if (byCap[k] == null) byCap[k] = byCap[k - 1];
                o.write(rgb(crop));
                for (int k = 1; k <= CAPS; k++) o.write(rgb(byCap[k]));
                if ((c + 1) % 50 == 0) log.println("crop " + (c + 1) + " of " + crops);
            }
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
    }

    static byte[] rgb(BufferedImage im) {
        int w = im.getWidth(), h = im.getHeight();
        int[] argb = im.getRGB(0, 0, w, h, null, 0, w);
        byte[] b = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            b[3 * i] = (byte) (argb[i] >> 16);
            b[3 * i + 1] = (byte) (argb[i] >> 8);
            b[3 * i + 2] = (byte) argb[i];
        }
        return b;
    }

    /** Crops read back: originals, pictures by cap (0-based), and the codec model they were made with. */
    record Crops(List<byte[]> originals, List<byte[][]> decoded, ModelId codec) {}

    static Crops readCrops(List<Path> files) throws IOException {
        List<byte[]> orig = new ArrayList<>();
        List<byte[][]> dec = new ArrayList<>();
        ModelId codec = null;
        int n = CROP * CROP * 3;
        for (Path f : files)
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(f), 1 << 20))) {
                ModelId id = readCodec(in, f);
                if (codec != null && !codec.equals(id)) throw new IOException(f + " was made with " + id + ", others with " + codec);
                codec = id;
                if (in.readUnsignedShort() != CROP || in.readUnsignedShort() != CAPS) throw new IOException(f + ": other crop size or caps");
                int count = in.readInt();
                for (int i = 0; i < count; i++) {
                    byte[] o = new byte[n];
                    in.readFully(o);
                    byte[][] d = new byte[CAPS][n];
                    for (byte[] di : d) in.readFully(di);
                    orig.add(o);
                    dec.add(d);
                }
            } catch (EOFException e) {
                throw new IOException(f + " ends early");
            }
        if (orig.size() < 20) throw new IOException("too few crops to train on (" + orig.size() + ")");
        return new Crops(orig, dec, codec);
    }

    /**
     * What {@link #train} is asked to do: {@code init} (or null) a weights file whose tensors start the network's of the
     * same name (a coarse branch grown on a trained filter starts as that filter); one of another size is refused.
     */
    public record Options(List<Path> crops, Path weights, int steps, PostFilterModel.Arch arch, float msSsim, float lr,
                          int logEvery, Path init) {}

    /**
     * Trains and writes the weights ({@link PostFilterModel#writeWeights}'s format) to {@code o.weights()} every
     * {@code 4 * logEvery} steps and at the end; logs the loss and the held-out crops' PSNR gain at caps 2, 4, 8.
     * Returns the codec model the crops were made with.
     */
    public static ModelId train(Options o, PrintStream log) throws IOException {
        Crops data = readCrops(o.crops());
        int crops = data.originals().size();
        log.println(crops + " crops (every 10th held out), codec " + data.codec());
        Map<String, float[]> init = Map.of();
        if (o.init() != null) {
            try (var in = Files.newInputStream(o.init())) {
                init = PostFilterModel.readWeights(in).tensors();
            }
            Map<String, Integer> sizes = PostFilterModel.tensorSizes(o.arch());
            List<String> used = new ArrayList<>(), left = new ArrayList<>();
            for (Map.Entry<String, float[]> e : init.entrySet()) {
                Integer n = sizes.get(e.getKey());
                if (n == null) { left.add(e.getKey()); continue; }
                // a tensor of another size is another layout: refused, not silently started at random
                if (n != e.getValue().length)
                    throw new IOException(o.init() + ": tensor " + e.getKey() + " has " + e.getValue().length
                            + " values, the network's " + n);
                used.add(e.getKey());
            }
            log.println("starting from " + o.init() + ": " + String.join(", ", used)
                    + (left.isEmpty() ? "" : "; not in this network: " + String.join(", ", left)));
        }
        org.rnc.model.NativeLogs.quiet();
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 4)));
            Placeholder<TFloat32> y = tf.withName("y").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 3)));
            Net net = new Net(tf, x, o.arch(), new Random(1), init);
            Operand<TFloat32> d = tf.math.sub(net.out, y);
            Operand<TFloat32> loss = tf.math.mean(tf.math.square(d), tf.constant(new int[]{0, 1, 2, 3}));
            if (o.msSsim() > 0) loss = tf.math.add(loss, msSsimTerm(tf, net.out, y, o.msSsim()));
            Adam adam = new Adam(tf, loss, net.w);
            s.initialize();
            Random r = new Random(2);
            double run = 0;
            int s2 = CROP * CROP;
            for (int step = 1; step <= o.steps(); step++) {
                float[] xb = new float[BATCH * s2 * 4], yb = new float[BATCH * s2 * 3];
                for (int b = 0; b < BATCH; b++) {
                    int i;
                    do i = r.nextInt(crops); while (i % 10 == 9);
                    int k = r.nextInt(CAPS);
                    fill(xb, yb, b, data.originals().get(i), data.decoded().get(i)[k], k + 1, r.nextBoolean(), r.nextBoolean());
                }
                List<Tensor> owned = new ArrayList<>();
                try (TFloat32 xt = TFloat32.tensorOf(Shape.of(BATCH, CROP, CROP, 4), DataBuffers.of(xb, true, false));
                     TFloat32 yt = TFloat32.tensorOf(Shape.of(BATCH, CROP, CROP, 3), DataBuffers.of(yb, true, false))) {
                    Session.Runner runner = s.runner().feed(x, xt).feed(y, yt).addTarget(adam.train).fetch(loss);
                    adam.feed(runner, owned, step <= o.steps() * 3 / 4 ? o.lr() : o.lr() / 10, step);
                    try (Result res = runner.run()) {
                        run += ((TFloat32) res.get(0)).getFloat();
                    }
                } finally {
                    for (Tensor t : owned) t.close();
                }
                if (step % o.logEvery() == 0) {
                    log.printf(Locale.ROOT, "step %d loss %.6f held-out%s%n", step, run / o.logEvery(), heldOut(s, x, net, data));
                    run = 0;
                }
                if (step % (4 * o.logEvery()) == 0 || step == o.steps()) save(s, net, o);
            }
        }
        return data.codec();
    }

    private static void save(Session s, Net net, Options o) throws IOException {
        Map<String, float[]> w = new LinkedHashMap<>();
        for (Map.Entry<String, Variable<TFloat32>> e : net.w.entrySet())
            try (Result res = s.runner().fetch(e.getValue()).run()) {
                TFloat32 t = (TFloat32) res.get(0);
                float[] v = new float[(int) t.shape().size()];
                t.copyTo(DataBuffers.of(v, false, false));
                w.put(e.getKey(), v);
            }
        Path tmp = o.weights().resolveSibling(o.weights().getFileName() + ".part");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            PostFilterModel.writeWeights(out, w, o.arch());
        }
        Files.move(tmp, o.weights(), StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * The network as {@link PostFilterModel} builds it, with trainable weights: He-initialised kernels, zero biases,
     * and zeros where a layer's output joins the picture (the last layer, the coarse branch's {@code u}), so the
     * network starts as no change; tensors in {@code init} (checked for size by {@link #train}) start at their values.
     */
    static final class Net {
        final Map<String, Variable<TFloat32>> w = new LinkedHashMap<>();
        final Operand<TFloat32> out;

        Net(Ops tf, Operand<TFloat32> x, PostFilterModel.Arch a, Random r, Map<String, float[]> init) {
            // drawn in file order, so a filter without a coarse branch starts as it always did
            for (Map.Entry<String, long[]> e : a.shapes().entrySet()) {
                String name = e.getKey();
                long[] shape = e.getValue();
                boolean zero = name.equals("k" + (a.layers() - 1)) || name.equals("u") || shape.length == 1;
                double sd = zero ? 0 : Math.sqrt(2.0 / (shape[0] * shape[1] * shape[2]));
                float[] start = init.get(name);
                var(tf, name, r, sd, start, shape);
            }
            out = PostFilterModel.network(tf, x, a, w::get);
        }

        private Variable<TFloat32> var(Ops tf, String name, Random r, double sd, float[] start, long... shape) {
            int n = 1;
            for (long s : shape) n *= (int) s;
            float[] v = new float[n];
            for (int i = 0; i < n; i++) v[i] = (float) (r.nextGaussian() * sd);
            if (start != null) v = start.clone();
            Variable<TFloat32> var = tf.withName(name).variable(tf.constant(Shape.of(shape), DataBuffers.of(v, true, false)));
            w.put(name, var);
            return var;
        }
    }

    /**
     * lambda * sum over scales 1, 2, 4, 8 of w_s (1 - SSIM), 2x2 average pooling between scales, MS-SSIM's weights
     * with the first two scales' together.
     */
    static Operand<TFloat32> msSsimTerm(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b, float lambda) {
        float[] w = {0.0448f + 0.2856f, 0.3001f, 0.2363f, 0.1333f};
        Operand<TFloat32> sum = tf.constant(0f);
        for (int i = 0; i < w.length; i++) {
            if (i > 0) {
                a = tf.nn.avgPool(a, List.of(1L, 2L, 2L, 1L), List.of(1L, 2L, 2L, 1L), "VALID");
                b = tf.nn.avgPool(b, List.of(1L, 2L, 2L, 1L), List.of(1L, 2L, 2L, 1L), "VALID");
            }
            sum = tf.math.add(sum, tf.math.mul(tf.constant(w[i]), tf.math.sub(tf.constant(1f), TrainingGraph.ssim(tf, a, b))));
        }
        return tf.math.mul(tf.constant(lambda), sum);
    }

    /** Mean PSNR gain (8-bit output) over the held-out crops at caps 2, 4 and 8. */
    private static String heldOut(Session s, Placeholder<TFloat32> x, Net net, Crops data) {
        StringBuilder sb = new StringBuilder();
        int s2 = CROP * CROP;
        for (int k : new int[]{2, 4, 8}) {
            double before = 0, after = 0;
            int n = 0;
            for (int i = 9; i < data.originals().size(); i += 10) {
                float[] xb = new float[s2 * 4], yb = new float[s2 * 3];
                fill(xb, yb, 0, data.originals().get(i), data.decoded().get(i)[k - 1], k, false, false);
                float[] out;
                try (TFloat32 xt = TFloat32.tensorOf(Shape.of(1, CROP, CROP, 4), DataBuffers.of(xb, true, false));
                     Result res = s.runner().feed(x, xt).fetch(net.out).run()) {
                    out = new float[s2 * 3];
                    ((TFloat32) res.get(0)).copyTo(DataBuffers.of(out, false, false));
                }
                double e0 = 0, e1 = 0;
                for (int j = 0; j < yb.length; j++) {
                    double q = Math.max(0, Math.min(255, Math.round((out[j] + 0.5) * 255))) / 255.0 - 0.5;
                    e0 += sq(xb[j / 3 * 4 + j % 3] - yb[j]);
                    e1 += sq(q - yb[j]);
                }
                before += 10 * Math.log10(yb.length / e0);
                after += 10 * Math.log10(yb.length / e1);
                n++;
            }
            sb.append(String.format(Locale.ROOT, " k%d %+.3f dB", k, (after - before) / n));
        }
        return sb.toString();
    }

    private static double sq(double v) { return v * v; }

    private static void fill(float[] xb, float[] yb, int b, byte[] o, byte[] d, int k, boolean fx, boolean fy) {
        for (int yy = 0; yy < CROP; yy++)
            for (int xx = 0; xx < CROP; xx++) {
                int sx = fx ? CROP - 1 - xx : xx, sy = fy ? CROP - 1 - yy : yy, src = 3 * (sy * CROP + sx),
                        dst = (b * CROP + yy) * CROP + xx;
                for (int ch = 0; ch < 3; ch++) {
                    xb[4 * dst + ch] = (d[src + ch] & 255) / 255f - 0.5f;
                    yb[3 * dst + ch] = (o[src + ch] & 255) / 255f - 0.5f;
                }
                xb[4 * dst + 3] = k / (float) CAPS;
            }
    }

    /**
     * Writes the weights file as a post-filter model directory {@code out} named {@code name}, for {@code codec}; its
     * properties record {@code facts} (training settings) too. Returns the model's SHA-256.
     */
    public static String export(Path weights, Path out, String name, ModelId codec, PostFilterModel.Arch arch,
                                Properties facts) throws IOException {
        // read back first: a damaged or mismatched file fails here, not in a reader
        Map<String, float[]> w;
        try (var in = Files.newInputStream(weights)) {
            w = PostFilterModel.readWeights(in, arch);
        }
        if (Files.exists(out)) throw new IOException(out + " exists: a model is never overwritten (give it a new name)");
        Files.createDirectories(out.resolve(ModelFiles.NETWORK));
        try (OutputStream o = Files.newOutputStream(out.resolve(PostFilterModel.WEIGHTS_FILE))) {
            PostFilterModel.writeWeights(o, w, arch);
        }
        Properties p = new Properties();
        p.putAll(facts);
        p.setProperty("format", arch.format());
        p.setProperty("codec.name", codec.name());
        p.setProperty("codec.sha256", codec.hashHex());
        arch.store(p);
        p.setProperty("postfilter.capScale", Integer.toString(CAPS));
        return ModelFiles.writeProperties(out, name, p, "RNC learned post-filter");
    }

    /** The codec model a crops file was made with. */
    public static ModelId codecOf(Path cropsFile) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(cropsFile)))) {
            return readCodec(in, cropsFile);
        }
    }

    /** The start of a crops file's header: the magic, then the codec model's name and hash. */
    private static ModelId readCodec(DataInputStream in, Path f) throws IOException {
        if (in.readInt() != MAGIC) throw new IOException(f + " is not a crops file of train-postfilter");
        String name = in.readUTF();
        byte[] hash = in.readNBytes(32);
        if (name.isEmpty() || hash.length != 32) throw new IOException(f + ": damaged header");
        return new ModelId(name, hash);
    }
}

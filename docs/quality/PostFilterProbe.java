import java.awt.image.BufferedImage;
import java.io.*;
import java.nio.file.Path;
import java.util.*;
import javax.imageio.ImageIO;
import org.rnc.bench.BenchCodec;
import org.rnc.bench.RncAdaptiveBenchCodec;
import org.rnc.codec.Restoration;
import org.rnc.metrics.ImageQuality;
import org.rnc.model.ModelRegistry;
import org.rnc.training.Adam;
import org.rnc.training.PatchSource;
import org.tensorflow.*;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A learned post-filter, decoder side: a small CNN on the writer's decoded picture (adaptive rate, before the per-image
 * linear filter), residual (starts as no change), told the file's iteration cap. Three modes:
 * <pre>
 * data  TRAIN_DIR OUT.bin CROPS SEED         crops of 128 px from the training photos, decoded at caps 1..16
 * train OUT_WEIGHTS STEPS C L LOSS DATA.bin... C channels, L conv layers, LOSS l1, mse or msssim:LAMBDA (mse + LAMBDA
 *                                             (1 - multi-scale SSIM)); batch 8, Adam at -Dlr (1e-3) then a tenth for the last quarter
 * eval  KODAK_DIR WEIGHTS C L OUT.csv N       points: rnc-adaptive-nofilter, -linear (the writer's filter), -pf, -pf-linear
 * </pre>
 * java -cp "target/rnc.jar:target/rnc-cli.jar:target/lib/*" docs/quality/PostFilterProbe.java MODE ...
 */
public class PostFilterProbe {
    static final int S = 128, CAPS = 16, LOG = Integer.getInteger("log", 250);
    static final float LR = Float.parseFloat(System.getProperty("lr", "1e-3"));

    public static void main(String[] a) throws Exception {
        switch (a[0]) {
            case "data" -> data(a[1], a[2], Integer.parseInt(a[3]), Long.parseLong(a[4]));
            case "train" -> train(a[1], Integer.parseInt(a[2]), Integer.parseInt(a[3]), Integer.parseInt(a[4]), a[5],
                    Arrays.copyOfRange(a, 6, a.length));
            case "eval" -> eval(a[1], a[2], Integer.parseInt(a[3]), Integer.parseInt(a[4]), a[5], Integer.parseInt(a[6]));
            default -> throw new IllegalArgumentException(a[0]);
        }
        ModelRegistry.closeAll();
    }

    static void data(String dir, String out, int crops, long seed) throws Exception {
        List<BufferedImage> pics = new PatchSource(List.of(Path.of(dir)), S, 0).trainingPictures();
        Random r = new Random(seed);
        try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(out)))) {
            o.writeInt(crops);
            for (int c = 0; c < crops; c++) {
                BufferedImage p = pics.get(r.nextInt(pics.size()));
                int x = r.nextInt(p.getWidth() - S + 1), y = r.nextInt(p.getHeight() - S + 1);
                BufferedImage crop = new BufferedImage(S, S, BufferedImage.TYPE_INT_RGB);
                crop.getGraphics().drawImage(p.getSubimage(x, y, S, S), 0, 0, null);
                List<BenchCodec.Result> rs = new RncAdaptiveBenchCodec(CAPS, null, false, false).measure(crop, true, k -> { }, System.err::println);
                // a cap whose blocks all stopped earlier is the file of the cap below (the bench leaves it out)
                BufferedImage[] byCap = new BufferedImage[CAPS + 1];
                for (BenchCodec.Result res : rs) byCap[Integer.parseInt(res.setting().replace("it", ""))] = res.decoded();
                if (byCap[1] == null) { c--; continue; }
                for (int k = 2; k <= CAPS; k++) if (byCap[k] == null) byCap[k] = byCap[k - 1];
                o.write(rgb(crop));
                for (int k = 1; k <= CAPS; k++) o.write(rgb(byCap[k]));
                if (c % 50 == 0) System.err.println("crop " + c);
            }
        }
    }

    static byte[] rgb(BufferedImage im) {
        int w = im.getWidth(), h = im.getHeight();
        int[] argb = im.getRGB(0, 0, w, h, null, 0, w);
        byte[] b = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            b[3 * i] = (byte) (argb[i] >> 16); b[3 * i + 1] = (byte) (argb[i] >> 8); b[3 * i + 2] = (byte) argb[i];
        }
        return b;
    }

    /** The network: weights by name, built on {@code x} (N, H, W, 4: RGB - 0.5 and the cap / 16). */
    static final class Net {
        final Map<String, Variable<TFloat32>> w = new LinkedHashMap<>();
        final Operand<TFloat32> out;

        Net(Ops tf, Operand<TFloat32> x, int c, int layers, Map<String, float[]> init, Random r) {
            Operand<TFloat32> h = x;
            for (int l = 0; l < layers; l++) {
                int in = l == 0 ? 4 : c, o = l == layers - 1 ? 3 : c;
                Variable<TFloat32> k = var(tf, "k" + l, init, r, l == layers - 1 ? 0 : Math.sqrt(2.0 / (9 * in)), 3, 3, in, o);
                Variable<TFloat32> b = var(tf, "b" + l, init, r, 0, o);
                h = tf.math.add(tf.nn.conv2d(h, k, List.of(1L, 1L, 1L, 1L), "SAME"), b);
                if (l < layers - 1) h = tf.nn.relu(h);
            }
            Operand<TFloat32> rgb = tf.slice(x, tf.constant(new int[] {0, 0, 0, 0}), tf.constant(new int[] {-1, -1, -1, 3}));
            out = tf.math.add(rgb, h);
        }

        Variable<TFloat32> var(Ops tf, String name, Map<String, float[]> init, Random r, double sd, long... shape) {
            int n = 1;
            for (long s : shape) n *= (int) s;
            float[] v = init != null ? init.get(name) : new float[n];
            if (init == null) for (int i = 0; i < n; i++) v[i] = (float) (r.nextGaussian() * sd);
            Variable<TFloat32> var = tf.withName(name).variable(tf.constant(Shape.of(shape), DataBuffers.of(v, true, false)));
            w.put(name, var);
            return var;
        }
    }

    static void train(String outWeights, int steps, int c, int layers, String loss, String[] dataFiles) throws Exception {
        List<byte[]> orig = new ArrayList<>();
        List<byte[][]> dec = new ArrayList<>();
        for (String f : dataFiles)
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(f)))) {
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    byte[] o = new byte[S * S * 3];
                    in.readFully(o);
                    byte[][] d = new byte[CAPS][S * S * 3];
                    for (byte[] di : d) in.readFully(di);
                    orig.add(o);
                    dec.add(d);
                }
            } catch (EOFException e) { /* a file still being written: what is complete */ }
        // every 10th crop held out
        int crops = orig.size();
        System.err.println(crops + " crops");
        int batch = 8;
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 4)));
            Placeholder<TFloat32> y = tf.withName("y").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 3)));
            Net net = new Net(tf, x, c, layers, null, new Random(1));
            Operand<TFloat32> d = tf.math.sub(net.out, y);
            Operand<TFloat32> l = loss.equals("l1") ? tf.math.mean(tf.math.abs(d), tf.constant(new int[] {0, 1, 2, 3}))
                    : tf.math.mean(tf.math.square(d), tf.constant(new int[] {0, 1, 2, 3}));
            if (loss.startsWith("msssim:")) l = tf.math.add(l, msSsimTerm(tf, net.out, y, Float.parseFloat(loss.substring(7))));
            Adam adam = new Adam(tf, l, net.w);
            s.initialize();
            Random r = new Random(2);
            double run = 0;
            for (int step = 1; step <= steps; step++) {
                float[] xb = new float[batch * S * S * 4], yb = new float[batch * S * S * 3];
                for (int b = 0; b < batch; b++) {
                    int i;
                    do i = r.nextInt(crops); while (i % 10 == 9);
                    int k = r.nextInt(CAPS);
                    fill(xb, yb, b, orig.get(i), dec.get(i)[k], k + 1, r.nextBoolean(), r.nextBoolean());
                }
                List<Tensor> owned = new ArrayList<>();
                try (TFloat32 xt = TFloat32.tensorOf(Shape.of(batch, S, S, 4), DataBuffers.of(xb, true, false));
                     TFloat32 yt = TFloat32.tensorOf(Shape.of(batch, S, S, 3), DataBuffers.of(yb, true, false))) {
                    Session.Runner runner = s.runner().feed(x, xt).feed(y, yt).addTarget(adam.train).fetch(l);
                    adam.feed(runner, owned, step <= steps * 3 / 4 ? LR : LR / 10, step);
                    try (Result res = runner.run()) {
                        run += ((TFloat32) res.get(0)).getFloat();
                    }
                } finally {
                    for (Tensor t : owned) t.close();
                }
                if (step % LOG == 0) {
                    System.err.printf(Locale.ROOT, "step %d loss %.6f held-out %s%n", step, run / LOG, heldOut(s, x, net, orig, dec));
                    run = 0;
                }
            }
            try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(outWeights)))) {
                for (Map.Entry<String, Variable<TFloat32>> e : net.w.entrySet())
                    try (Result res = s.runner().fetch(e.getValue()).run()) {
                        TFloat32 t = (TFloat32) res.get(0);
                        float[] v = new float[(int) t.shape().size()];
                        t.copyTo(DataBuffers.of(v, false, false));
                        o.writeUTF(e.getKey());
                        o.writeInt(v.length);
                        for (float f : v) o.writeFloat(f);
                    }
            }
        }
    }

    /**
     * lambda * sum over scales 1, 2, 4, 8 of w_s (1 - SSIM) (2x2 average pooling between scales; MS-SSIM's weights, the
     * first two scales' together), with the training graph's SSIM.
     */
    @SuppressWarnings("unchecked")
    static Operand<TFloat32> msSsimTerm(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b, float lambda) throws Exception {
        java.lang.reflect.Method ssim = Class.forName("org.rnc.training.TrainingGraph").getDeclaredMethod("ssim", Ops.class,
                Operand.class, Operand.class);
        ssim.setAccessible(true);
        float[] w = {0.0448f + 0.2856f, 0.3001f, 0.2363f, 0.1333f};
        Operand<TFloat32> sum = tf.constant(0f);
        for (int i = 0; i < w.length; i++) {
            if (i > 0) {
                a = tf.nn.avgPool(a, List.of(1L, 2L, 2L, 1L), List.of(1L, 2L, 2L, 1L), "VALID");
                b = tf.nn.avgPool(b, List.of(1L, 2L, 2L, 1L), List.of(1L, 2L, 2L, 1L), "VALID");
            }
            Operand<TFloat32> v = (Operand<TFloat32>) ssim.invoke(null, tf, a, b);
            sum = tf.math.add(sum, tf.math.mul(tf.constant(w[i]), tf.math.sub(tf.constant(1f), v)));
        }
        return tf.math.mul(tf.constant(lambda), sum);
    }

    /** Mean PSNR gain over the held-out crops at caps 2, 4, 8. */
    static String heldOut(Session s, Placeholder<TFloat32> x, Net net, List<byte[]> orig, List<byte[][]> dec) {
        StringBuilder sb = new StringBuilder();
        for (int k : new int[] {2, 4, 8}) {
            double before = 0, after = 0;
            int n = 0;
            for (int i = 9; i < orig.size(); i += 10) {
                float[] xb = new float[S * S * 4], yb = new float[S * S * 3];
                fill(xb, yb, 0, orig.get(i), dec.get(i)[k - 1], k, false, false);
                float[] out = run(s, x, net, xb, S, S);
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

    static double sq(double v) { return v * v; }

    static float[] run(Session s, Placeholder<TFloat32> x, Net net, float[] xb, int w, int h) {
        try (TFloat32 xt = TFloat32.tensorOf(Shape.of(1, h, w, 4), DataBuffers.of(xb, true, false));
             Result res = s.runner().feed(x, xt).fetch(net.out).run()) {
            TFloat32 t = (TFloat32) res.get(0);
            float[] v = new float[w * h * 3];
            t.copyTo(DataBuffers.of(v, false, false));
            return v;
        }
    }

    static void fill(float[] xb, float[] yb, int b, byte[] o, byte[] d, int k, boolean fx, boolean fy) {
        for (int yy = 0; yy < S; yy++)
            for (int xx = 0; xx < S; xx++) {
                int sx = fx ? S - 1 - xx : xx, sy = fy ? S - 1 - yy : yy, src = 3 * (sy * S + sx), dst = (b * S + yy) * S + xx;
                for (int ch = 0; ch < 3; ch++) {
                    xb[4 * dst + ch] = (d[src + ch] & 255) / 255f - 0.5f;
                    yb[3 * dst + ch] = (o[src + ch] & 255) / 255f - 0.5f;
                }
                xb[4 * dst + 3] = k / 16f;
            }
    }

    static void eval(String dir, String weights, int c, int layers, String outCsv, int n) throws Exception {
        Map<String, float[]> init = new HashMap<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(weights)))) {
            while (in.available() > 0) {
                String name = in.readUTF();
                float[] v = new float[in.readInt()];
                for (int i = 0; i < v.length; i++) v[i] = in.readFloat();
                init.put(name, v);
            }
        }
        File[] files = new File(dir).listFiles((d, name) -> name.endsWith(".png"));
        Arrays.sort(files);
        try (Graph g = new Graph(); Session s = new Session(g); PrintWriter out = new PrintWriter(outCsv)) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 4)));
            Net net = new Net(tf, x, c, layers, init, null);
            s.initialize();
            out.println("codec,setting,image,bytes,bpp,psnr,msssim,encode_ms,decode_ms");
            for (File f : files) {
                BufferedImage orig = ImageIO.read(f);
                int w = orig.getWidth(), h = orig.getHeight();
                String name = f.getName().replace(".png", "");
                for (BenchCodec.Result r : new RncAdaptiveBenchCodec(n, null, false, false).measure(orig, true, k -> { }, System.err::println)) {
                    int k = Integer.parseInt(r.setting().replace("it", ""));
                    BufferedImage d = r.decoded();
                    float[] xb = new float[w * h * 4];
                    int[] argb = d.getRGB(0, 0, w, h, null, 0, w);
                    for (int i = 0; i < w * h; i++) {
                        for (int ch = 0; ch < 3; ch++) xb[4 * i + ch] = (argb[i] >> (16 - 8 * ch) & 255) / 255f - 0.5f;
                        xb[4 * i + 3] = Math.min(k, CAPS) / 16f;
                    }
                    long t0 = System.nanoTime();
                    float[] y = run(s, x, net, xb, w, h);
                    double ms = (System.nanoTime() - t0) / 1e6;
                    BufferedImage pf = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                    for (int i = 0; i < w * h; i++) {
                        int v = 0;
                        for (int ch = 0; ch < 3; ch++) v = v << 8 | (int) Math.max(0, Math.min(255, Math.round((y[3 * i + ch] + 0.5) * 255)));
                        pf.setRGB(i % w, i / w, v);
                    }
                    row(out, "nofilter", r, name, orig, d, 0, w, h, r.decodeMs());
                    linear(out, "linear", r, name, orig, d, r.bytes(), w, h, r.decodeMs());
                    row(out, "pf", r, name, orig, pf, 0, w, h, r.decodeMs() + ms);
                    linear(out, "pf-linear", r, name, orig, pf, r.bytes(), w, h, r.decodeMs() + ms);
                }
                out.flush();
                System.err.println(name);
            }
        }
    }

    static void linear(PrintWriter out, String codec, BenchCodec.Result r, String name, BufferedImage orig, BufferedImage d,
                       long bytes, int w, int h, double ms) {
        int[][] dp = planes(d), op = planes(orig);
        Restoration.Fit fit = new Restoration.Fit(3);
        fit.add(dp, op, w, h, w, h);
        Restoration.Fitted fitted = fit.result();
        if (!fitted.pays(bytes)) { row(out, codec, r, name, orig, d, 0, w, h, ms); return; }
        int[][] fp = fitted.filter().apply(dp, w, h);
        BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < w * h; i++) im.setRGB(i % w, i / w, fp[0][i] << 16 | fp[1][i] << 8 | fp[2][i]);
        row(out, codec, r, name, orig, im, Restoration.MAX_FILE_BYTES, w, h, ms);
    }

    static int[][] planes(BufferedImage im) {
        int w = im.getWidth(), h = im.getHeight();
        int[] argb = im.getRGB(0, 0, w, h, null, 0, w);
        int[][] p = new int[3][w * h];
        for (int i = 0; i < argb.length; i++) { p[0][i] = argb[i] >> 16 & 255; p[1][i] = argb[i] >> 8 & 255; p[2][i] = argb[i] & 255; }
        return p;
    }

    static void row(PrintWriter out, String codec, BenchCodec.Result r, String name, BufferedImage orig, BufferedImage im,
                    long extra, int w, int h, double ms) {
        long bytes = r.bytes() + extra;
        out.printf(Locale.ROOT, "rnc-adaptive-%s,%s,%s,%d,%.6f,%.4f,%.6f,%.3f,%.3f%n", codec, r.setting(), name, bytes,
                bytes * 8.0 / (w * h), ImageQuality.psnr(orig, im), ImageQuality.msSsim(orig, im), r.encodeMs(), ms);
    }
}

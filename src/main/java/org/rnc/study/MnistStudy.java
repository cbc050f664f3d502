package org.rnc.study;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.Deflater;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.rnc.format.RncFileReader;
import org.rnc.imageio.RncIO;
import org.rnc.training.Adam;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The autoencoder-versus-VAE study on MNIST, extended with ZIP and RNC: trains both networks with Adam for
 * the same epochs and latent size, evaluates reconstruction on the test digits, and compares the size of
 * each model's quantised latent code with ZIP (lossless) and RNC on the same digits.
 */
public final class MnistStudy {

    public static final class Options {
        public Path data, out;
        public int epochs = 10, latent = 32, batch = 128;
        public float learningRate = 1e-3f;
        public long seed = 7;
        /** Use only this many training digits (0: all); for quick runs and tests. */
        public int trainLimit, testLimit;
        public PrintStream log = System.err;
        /** Called after every epoch: model, epoch, loss (the Studio's live plot). */
        public EpochListener onEpoch;
        public java.util.function.BooleanSupplier stopRequested = () -> false;
    }

    public interface EpochListener {
        void epoch(String model, int epoch, double loss);
    }

    /** One row of results.csv. */
    public record Row(String model, int latent, int epochs, double mse, double psnr, double bitsPerImage,
                      double compressionRatio, double trainSeconds) {}

    /** Published figures (autoencoder / VAE) the study is compared with. */
    public static final double PUBLISHED_AE_MSE = 0.0027, PUBLISHED_AE_PSNR = 25.71,
            PUBLISHED_VAE_MSE = 0.0138, PUBLISHED_VAE_PSNR = 18.59;

    private final Options o;
    private final List<String[]> losses = new ArrayList<>();

    public MnistStudy(Options o) {
        this.o = o;
    }

    static Path find(Path dir, String prefix) throws IOException {
        for (String suffix : new String[]{"-images-idx3-ubyte.gz", "-images-idx3-ubyte", "-images.idx3-ubyte"}) {
            Path p = dir.resolve(prefix + suffix);
            if (Files.exists(p)) return p;
        }
        throw new IOException("no " + prefix + "-images-idx3-ubyte[.gz] in " + dir);
    }

    public List<Row> run() throws IOException {
        Files.createDirectories(o.out);
        MnistIdx train = MnistIdx.read(find(o.data, "train")), test = MnistIdx.read(find(o.data, "t10k"));
        if (o.trainLimit > 0) train = train.first(o.trainLimit);
        if (o.testLimit > 0) test = test.first(o.testLimit);
        if (train.rows() != 28 || train.cols() != 28) throw new IOException("the study's networks take 28x28 digits");
        o.log.printf(Locale.ROOT, "MNIST: %d training and %d test digits; latent %d, %d epochs%n", train.count(),
                test.count(), o.latent, o.epochs);
        List<Row> rows = new ArrayList<>();
        for (MnistNetwork.Kind kind : MnistNetwork.Kind.values()) {
            if (o.stopRequested.getAsBoolean()) break;
            rows.add(trainAndEvaluate(kind, train, test));
        }
        rows.add(zip(test));
        // stopped (the Studio's Stop button): the results so far, without the slow RNC pass over the digits
        if (!o.stopRequested.getAsBoolean()) rows.add(rnc(test, o.latent * 8 + 64));
        writeResults(rows);
        return rows;
    }

    private Row trainAndEvaluate(MnistNetwork.Kind kind, MnistIdx train, MnistIdx test) throws IOException {
        String name = kind == MnistNetwork.Kind.AUTOENCODER ? "autoencoder" : "vae";
        org.rnc.model.NativeLogs.quiet();
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            MnistNetwork net = new MnistNetwork(tf, kind, o.latent, o.seed);
            Adam adam = new Adam(tf, net.loss, net.weights);
            try (Session s = new Session(g)) {
                s.initialize();
                Random r = new Random(o.seed);
                int[] order = new int[train.count()];
                for (int i = 0; i < order.length; i++) order[i] = i;
                long t0 = System.nanoTime(), step = 0;
                int batches = (train.count() + o.batch - 1) / o.batch;
                for (int epoch = 1; epoch <= o.epochs && !o.stopRequested.getAsBoolean(); epoch++) {
                    for (int i = order.length - 1; i > 0; i--) {
                        int j = r.nextInt(i + 1), t = order[i];
                        order[i] = order[j];
                        order[j] = t;
                    }
                    double sum = 0;
                    for (int b = 0; b < batches; b++) {
                        int from = b * o.batch, n = Math.min(o.batch, order.length - from);
                        float[] x = new float[n * 784];
                        for (int k = 0; k < n; k++) System.arraycopy(train.image(order[from + k]), 0, x, k * 784, 784);
                        List<Tensor> owned = new ArrayList<>();
                        try {
                            Session.Runner run = s.runner();
                            TFloat32 xt = TFloat32.tensorOf(Shape.of(n, 28, 28, 1), DataBuffers.of(x, true, false));
                            owned.add(xt);
                            run.feed(net.images, xt);
                            if (net.epsilon != null) {
                                float[] eps = new float[n * o.latent];
                                for (int k = 0; k < eps.length; k++) eps[k] = (float) r.nextGaussian();
                                TFloat32 et = TFloat32.tensorOf(Shape.of(n, o.latent), DataBuffers.of(eps, true, false));
                                owned.add(et);
                                run.feed(net.epsilon, et);
                            }
                            adam.feed(run, owned, o.learningRate, ++step);
                            try (Result res = run.addTarget(adam.train).fetch(net.loss).run()) {
                                sum += ((TFloat32) res.get(0)).getFloat();
                            }
                        } finally {
                            owned.forEach(Tensor::close);
                        }
                    }
                    double mean = sum / batches;
                    // the published VAE curve is per batch of 128 images: report the same scale beside ours
                    double reported = kind == MnistNetwork.Kind.VAE ? mean * o.batch : mean;
                    losses.add(new String[]{name, Integer.toString(epoch), String.format(Locale.ROOT, "%.6f", reported)});
                    o.log.printf(Locale.ROOT, "%-11s epoch %2d/%d  loss %.5f%s  (%.0f s)%n", name, epoch, o.epochs, reported,
                            kind == MnistNetwork.Kind.VAE ? " per batch of " + o.batch : "", (System.nanoTime() - t0) / 1e9);
                    if (o.onEpoch != null) o.onEpoch.epoch(name, epoch, reported);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                double[] mse = evaluate(s, net, test);
                export(s, net, o.out.resolve("savedmodel-" + name));
                // the compressed form: 8 bits per latent dimension plus the code's range (two float32 values)
                double bits = o.latent * 8.0 + 64;
                o.log.printf(Locale.ROOT, "%-11s test MSE %.5f with the float code, %.5f with the 8-bit code%n", name, mse[0], mse[1]);
                return new Row(name, o.latent, o.epochs, mse[1], psnr(mse[1]), bits, 784 * 8 / bits, seconds);
            }
        }
    }

    /** {MSE of the float code, MSE with the code quantised to 8 bits per dimension}. VAE: the mean is decoded. */
    private double[] evaluate(Session s, MnistNetwork net, MnistIdx test) {
        double se = 0, seq = 0;
        for (int from = 0; from < test.count(); from += o.batch) {
            int n = Math.min(o.batch, test.count() - from);
            float[] x = new float[n * 784];
            for (int k = 0; k < n; k++) System.arraycopy(test.image(from + k), 0, x, k * 784, 784);
            float[] code = new float[n * o.latent];
            float[] rec = new float[n * 784];
            try (TFloat32 xt = TFloat32.tensorOf(Shape.of(n, 28, 28, 1), DataBuffers.of(x, true, false));
                 TFloat32 zero = TFloat32.tensorOf(Shape.of(n, o.latent), DataBuffers.of(new float[n * o.latent], true, false))) {
                Session.Runner run = s.runner().feed(net.images, xt);
                if (net.epsilon != null) run.feed(net.epsilon, zero);
                try (Result res = run.fetch(net.reconstruction).fetch(net.code).run()) {
                    ((TFloat32) res.get(0)).copyTo(DataBuffers.of(rec, false, false));
                    ((TFloat32) res.get(1)).copyTo(DataBuffers.of(code, false, false));
                }
            }
            // 8-bit uniform quantisation of each image's code over its own range (min and max travel as 2 floats)
            float[] q = quantise(code, n, o.latent);
            float[] recq = new float[n * 784];
            try (TFloat32 zt = TFloat32.tensorOf(Shape.of(n, o.latent), DataBuffers.of(q, true, false));
                 Result res = s.runner().feed(net.latentIn, zt).fetch(net.decoded).run()) {
                ((TFloat32) res.get(0)).copyTo(DataBuffers.of(recq, false, false));
            }
            for (int i = 0; i < x.length; i++) {
                se += (x[i] - rec[i]) * (x[i] - rec[i]);
                seq += (x[i] - recq[i]) * (x[i] - recq[i]);
            }
        }
        long pixels = (long) test.count() * 784;
        return new double[]{se / pixels, seq / pixels};
    }

    static float[] quantise(float[] code, int n, int latent) {
        float[] q = new float[code.length];
        for (int k = 0; k < n; k++) {
            float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
            for (int j = 0; j < latent; j++) {
                lo = Math.min(lo, code[k * latent + j]);
                hi = Math.max(hi, code[k * latent + j]);
            }
            float step = (hi - lo) / 255f;
            for (int j = 0; j < latent; j++)
                q[k * latent + j] = step == 0 ? lo : lo + Math.round((code[k * latent + j] - lo) / step) * step;
        }
        return q;
    }

    private void export(Session s, MnistNetwork net, Path dir) throws IOException {
        if (Files.exists(dir)) org.apache.commons.io.file.PathUtils.deleteDirectory(dir);
        Signature enc = Signature.builder().key("encode").input("images", net.images).output("code", net.code).build();
        Signature dec = Signature.builder().key("decode").input("code", net.latentIn).output("images", net.decoded).build();
        SavedModelBundle.exporter(dir.toString()).withSession(s)
                .withFunctions(SessionFunction.create(enc, s), SessionFunction.create(dec, s)).export();
    }

    private Row zip(MnistIdx test) {
        long bytes = 0;
        byte[] buf = new byte[2048];
        for (int i = 0; i < test.count(); i++) {
            Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
            d.setInput(test.pixels(), i * 784, 784);
            d.finish();
            bytes += d.deflate(buf);
            d.end();
        }
        double bits = bytes * 8.0 / test.count();
        return new Row("zip", 0, 0, 0, Double.POSITIVE_INFINITY, bits, 784 * 8 / bits, 0);
    }

    /** RNC on the same digits, at the iteration count whose code size is nearest the autoencoder's. */
    private Row rnc(MnistIdx test, int targetBits) throws IOException {
        int n = Math.min(test.count(), 1000);
        int iterations = Math.max(1, Math.round(targetBits / 128f)); // 4 blocks of 32 codes per 28x28 digit
        double se = 0, bits = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            img.getRaster().setDataElements(0, 0, 28, 28, java.util.Arrays.copyOfRange(test.pixels(), i * 784, (i + 1) * 784));
            byte[] file = RncIO.encode(img, iterations);
            for (RncFileReader.Iteration it : RncFileReader.iterationsOf(file)) bits += it.data().length * 8.0;
            BufferedImage back = RncIO.decode(file, null, null);
            byte[] px = (byte[]) back.getRaster().getDataElements(0, 0, 28, 28, null);
            for (int k = 0; k < 784; k++) {
                double d = ((px[k] & 255) - (test.pixels()[i * 784 + k] & 255)) / 255.0;
                se += d * d;
            }
        }
        double mse = se / (n * 784.0), b = bits / n;
        o.log.printf(Locale.ROOT, "rnc         %d iterations on %d digits: MSE %.5f, %.0f code bits per digit (whole files add a header)%n",
                iterations, n, mse, b);
        return new Row("rnc", iterations, 0, mse, psnr(mse), b, 784 * 8 / b, (System.nanoTime() - t0) / 1e9);
    }

    static double psnr(double mse) {
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(1 / mse);
    }

    private void writeResults(List<Row> rows) throws IOException {
        StringBuilder csv = new StringBuilder("model,latent,epochs,mse,psnr,bits_per_image,compression_ratio,train_seconds\n");
        for (Row r : rows)
            csv.append(String.format(Locale.ROOT, "%s,%d,%d,%.6f,%s,%.1f,%.2f,%.1f%n", r.model(), r.latent(), r.epochs(), r.mse(),
                    Double.isInfinite(r.psnr()) ? "inf" : String.format(Locale.ROOT, "%.2f", r.psnr()), r.bitsPerImage(),
                    r.compressionRatio(), r.trainSeconds()));
        Files.writeString(o.out.resolve("results.csv"), csv.toString());
        StringBuilder l = new StringBuilder("model,epoch,loss\n");
        for (String[] row : losses) l.append(String.join(",", row)).append('\n');
        Files.writeString(o.out.resolve("losses.csv"), l.toString());
        List<XYChart> charts = new ArrayList<>();
        for (String model : List.of("autoencoder", "vae")) {
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (String[] row : losses)
                if (row[0].equals(model)) {
                    xs.add(Double.parseDouble(row[1]));
                    ys.add(Double.parseDouble(row[2]));
                }
            if (xs.isEmpty()) continue;
            XYChart c = new XYChartBuilder().width(520).height(360).title(model + " training loss")
                    .xAxisTitle("epoch").yAxisTitle(model.equals("vae") ? "BCE + KL per batch of " + o.batch : "MSE").build();
            c.getStyler().setLegendVisible(false);
            c.addSeries(model, xs, ys);
            charts.add(c);
        }
        if (!charts.isEmpty())
            BitmapEncoder.saveBitmap(charts, 1, charts.size(), o.out.resolve("losses").toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** The results beside the published figures, as a Markdown table. */
    public static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| model | MSE | PSNR (dB) | published MSE | published PSNR | bits/image | ratio vs 784 bytes | train s |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            String pm = r.model().equals("autoencoder") ? String.valueOf(PUBLISHED_AE_MSE) : r.model().equals("vae") ? String.valueOf(PUBLISHED_VAE_MSE) : "—";
            String pp = r.model().equals("autoencoder") ? String.valueOf(PUBLISHED_AE_PSNR) : r.model().equals("vae") ? String.valueOf(PUBLISHED_VAE_PSNR) : "—";
            sb.append(String.format(Locale.ROOT, "| %s | %.4f | %s | %s | %s | %.0f | %.1f | %.0f |%n", r.model(), r.mse(),
                    Double.isInfinite(r.psnr()) ? "lossless" : String.format(Locale.ROOT, "%.2f", r.psnr()), pm, pp, r.bitsPerImage(),
                    r.compressionRatio(), r.trainSeconds()));
        }
        return sb.toString();
    }
}

package org.rnc.training;

import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;

import org.rnc.codec.AdaptiveIterations;
import org.rnc.codec.IterativeCodec;
import org.rnc.codec.SourceImage;
import org.rnc.codec.Tiling;
import org.rnc.entropy.BinaryRnnCoder;
import org.rnc.format.RawBits;
import org.rnc.imageio.RncImageWriteParam;
import org.rnc.model.CodecConfig;
import org.rnc.model.CodecModel;
import org.rnc.model.EntropyConfig;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Trains the BinaryRNN entropy model on the codes a codec model produces on a folder of photos, and exports
 * it. The codes are computed once per codec model and kept in the run directory ({@code codes.bin}).
 */
public final class EntropyTrainer {

    public static final class Options {
        public List<Path> data = new ArrayList<>();
        public Path runDir;
        public CodecModel codec;
        public int iterations = 16;
        public int maxImages = 300;
        public int crop = 256;
        public int batch = 32, rows = 8, cols = 8;
        public float learningRate = 1e-3f;
        public double maxMinutes = 30;
        /** Stops after this many steps in this run (tests), whatever the time. */
        public long maxSteps = Long.MAX_VALUE;
        /** Terms of the cross-channel weights (0: none); a resumed run keeps its own. */
        public int crossChannelTerms = EntropyConfig.standard(32).crossChannelTerms();
        public long seed = 3;
        /**
         * Share of the training pictures coded as the writer's adaptive rate makes them (a random iteration cap, blocks
         * stopping at its PSNR target): their stopped blocks are 0 in the model's inputs and not in the loss, as in
         * format 3 files. 0 keeps every block at every iteration.
         */
        public double adaptiveShare;
        /** False codes JPEG sources at their own size instead of halved (more, larger pictures; see PatchSource). */
        public boolean halveJpegs = true;
        public boolean resume;
        public PrintStream out = System.err;
    }

    /**
     * Codes of one picture: per iteration, RAW-packed codes of an h x w grid, and which blocks are still going (one
     * byte per block; null: all of them). A stopped block's codes are 0, as a format 3 reader has them.
     */
    record Codes(int h, int w, byte[][] packed, byte[][] going) {
        float[] iteration(int t, int bits) throws IOException {
            float[] c = RawBits.unpack(packed[t], h * w * bits);
            if (going != null)
                for (int b = 0; b < h * w; b++)
                    if (going[t][b] == 0) java.util.Arrays.fill(c, b * bits, (b + 1) * bits, 0f);
            return c;
        }

        int iterations() { return packed.length; }
    }

    private final Options o;

    public EntropyTrainer(Options o) {
        this.o = o;
    }

    public void run() throws IOException {
        Files.createDirectories(o.runDir);
        int bits = o.codec.config().bits();
        EntropyConfig std = EntropyConfig.standard(bits);
        if (o.crossChannelTerms < 0 || o.crossChannelTerms > 8)
            throw new IllegalArgumentException("cross-channel terms must be 0..8, not " + o.crossChannelTerms);
        EntropyConfig cfg = new EntropyConfig(bits, std.contextChannels(), std.lstmChannels(), std.headChannels(), o.crossChannelTerms);
        Path statePath = o.runDir.resolve("state.properties");
        Properties state = new Properties();
        long step = 0;
        if (o.resume && Files.exists(statePath)) {
            try (Reader r = Files.newBufferedReader(statePath)) {
                state.load(r);
            }
            step = Long.parseLong(state.getProperty("step"));
            cfg = EntropyConfig.load(state); // a run keeps the shape it started with
            if (cfg.crossChannelTerms() != o.crossChannelTerms)
                o.out.printf(Locale.ROOT, "resuming a run with %d cross-channel terms; the requested %d apply to new runs only%n",
                        cfg.crossChannelTerms(), o.crossChannelTerms);
        }
        PatchSource source = new PatchSource(o.data, 64, 25, o.halveJpegs);
        // a window larger than every picture would leave nothing to draw (halved BSDS photos are 15x10 positions):
        // refused before the pictures are coded, which takes minutes
        List<BufferedImage> trainPictures = source.trainingPictures(), valPictures = source.validationPictures();
        boolean trainFits = holdingAWindow(trainPictures) > 0;
        if (!trainFits || holdingAWindow(valPictures) == 0)
            throw new IllegalArgumentException(String.format(Locale.ROOT, "no %s picture holds a %dx%d window of code positions "
                    + "(16 pixels each); use a smaller window, or larger pictures (--crop, --full-size-jpegs)",
                    trainFits ? "validation" : "training", o.rows, o.cols));
        List<Codes> train = codes("train", trainPictures);
        List<Codes> val = codes("validation", valPictures);
        long fitTrain = train.stream().filter(c -> c.h() >= o.rows && c.w() >= o.cols).count();
        long fitVal = val.stream().filter(c -> c.h() >= o.rows && c.w() >= o.cols).count();
        if (fitTrain == 0 || fitVal == 0) // --max-images may have drawn only small ones
            throw new IllegalArgumentException(String.format(Locale.ROOT, "no coded %s picture holds a %dx%d window",
                    fitTrain == 0 ? "training" : "validation", o.rows, o.cols));

        Path log = o.runDir.resolve("log.csv");
        if (!Files.exists(log)) {
            StringBuilder hd = new StringBuilder("step,train_bits_per_code,lr,cpu_hours");
            for (int t = 1; t <= o.iterations; t++) hd.append(",val_bits_").append(t);
            Files.writeString(log, hd.append(",val_bits_mean\n").toString());
        }
        org.rnc.model.NativeLogs.quiet();
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            EntropyNetwork net = new EntropyNetwork(tf, cfg, CodecNetwork.randomInit(o.seed));
            Placeholder<TFloat32> prev = tf.withName("previous").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(o.batch, o.rows, o.cols, cfg.previousChannels())));
            Placeholder<TFloat32> target = tf.withName("target").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(o.batch, o.rows, o.cols, bits)));
            // 1 where a block is coded, 0 where it has stopped (adaptive codes): stopped codes are inputs of 0, not targets
            Placeholder<TFloat32> coded = tf.withName("coded").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(o.batch, o.rows, o.cols, 1)));
            Operand<TFloat32> ctx = net.context(prev);
            // t/16 of each example: the last channel of the previous-iterations input
            Operand<TFloat32> tau = tf.slice(prev, tf.constant(new int[]{0, 0, 0, 3 * bits}), tf.constant(new int[]{o.batch, 1, 1, 1}));
            Operand<TFloat32> pm1 = tf.math.mul(tf.math.sub(tf.math.mul(target, tf.constant(2f)), tf.constant(1f)), coded);
            List<Operand<TFloat32>> tRows = new ArrayList<>(tf.split(tf.constant(1), target, (long) o.rows).output());
            List<Operand<TFloat32>> pRows = new ArrayList<>(tf.split(tf.constant(1), pm1, (long) o.rows).output());
            List<Operand<TFloat32>> cRows = new ArrayList<>(tf.split(tf.constant(1), ctx, (long) o.rows).output());
            List<Operand<TFloat32>> mRows = new ArrayList<>(tf.split(tf.constant(1), coded, (long) o.rows).output());
            Operand<TFloat32> h = tf.zeros(tf.constant(new int[]{o.batch, 1, o.cols, cfg.lstmChannels()}), TFloat32.class);
            Operand<TFloat32> c = h;
            Operand<TFloat32> above = tf.zeros(tf.constant(new int[]{o.batch, 1, o.cols, bits}), TFloat32.class);
            Operand<TFloat32> total = tf.constant(0f);
            Operand<org.tensorflow.types.TInt32> axes = tf.constant(new int[]{0, 1, 2, 3});
            for (int y = 0; y < o.rows; y++) {
                List<Operand<TFloat32>> r = net.row(above, cRows.get(y), h, c);
                Operand<TFloat32> l = r.get(0);
                if (cfg.hasCrossChannel()) l = tf.math.add(l, net.crossChannelLogits(pRows.get(y), tau));
                h = r.get(1);
                c = r.get(2);
                // binary cross-entropy with logits, stable form: max(l,0) - l*z + log(1 + exp(-|l|))
                Operand<TFloat32> bce = tf.math.add(tf.math.sub(tf.nn.relu(l), tf.math.mul(l, tRows.get(y))),
                        tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(l)))));
                total = tf.math.add(total, tf.sum(tf.math.mul(bce, mRows.get(y)), axes));
                above = pRows.get(y);
            }
            // mean bits per coded code (every code when nothing has stopped, as before)
            Operand<TFloat32> count = tf.math.maximum(tf.math.mul(tf.sum(coded, axes), tf.constant((float) bits)), tf.constant(1f));
            Operand<TFloat32> loss = tf.math.div(total, tf.math.mul(count, tf.constant((float) Math.log(2))));
            Adam adam = new Adam(tf, loss, net.weights());
            try (Session s = new Session(g)) {
                String ckpt = state.getProperty("checkpoint");
                if (ckpt != null) s.restore(o.runDir.resolve(ckpt).toString());
                else s.initialize();
                o.out.printf(Locale.ROOT, "entropy model: %,d parameters; %d training pictures, %d validation%s%n",
                        net.parameterCount(), train.size(), val.size(), fitTrain == train.size() && fitVal == val.size() ? ""
                                : String.format(Locale.ROOT, " (of which %d and %d hold a %dx%d window)", fitTrain, fitVal, o.rows, o.cols));
                Random rnd = new Random(o.seed + step);
                List<float[][]> valBatches = new ArrayList<>();
                Random vr = new Random(99);
                for (int t = 0; t < o.iterations; t++) valBatches.add(batch(val.isEmpty() ? train : val, vr, t, bits, cfg));
                long startCpu = Trainer.processCpuNanos(), startWall = System.nanoTime();
                double cpu0 = Double.parseDouble(state.getProperty("cpuSeconds", "0"));
                Trainer.Progress bar = new Trainer.Progress(o.out, 0);
                double lossSum = 0;
                int lossN = 0;
                long lastReport = System.nanoTime(), reportStep = step;
                long firstStep = step;
                while ((System.nanoTime() - startWall) / 60e9 < o.maxMinutes && step - firstStep < o.maxSteps) {
                    float[][] b = batch(train, rnd, -1, bits, cfg);
                    float lr = step < 20_000 ? o.learningRate : o.learningRate / 4;
                    List<Tensor> owned = new ArrayList<>();
                    try {
                        Session.Runner r = s.runner();
                        feed(r, owned, prev, target, coded, b);
                        adam.feed(r, owned, lr, step + 1);
                        try (Result res = r.addTarget(adam.train).fetch(loss).run()) {
                            lossSum += ((TFloat32) res.get(0)).getFloat();
                            lossN++;
                        }
                    } finally {
                        owned.forEach(Tensor::close);
                    }
                    step++;
                    if (System.nanoTime() - lastReport > 5e9) {
                        bar.update(step, lossSum / lossN, (step - reportStep) / ((System.nanoTime() - lastReport) / 1e9));
                        lastReport = System.nanoTime();
                        reportStep = step;
                    }
                    if (step % 1000 == 0) {
                        double[] v = new double[o.iterations];
                        double mean = 0;
                        for (int t = 0; t < o.iterations; t++) {
                            List<Tensor> own2 = new ArrayList<>();
                            try {
                                Session.Runner r = s.runner();
                                feed(r, own2, prev, target, coded, valBatches.get(t));
                                try (Result res = r.fetch(loss).run()) {
                                    v[t] = ((TFloat32) res.get(0)).getFloat();
                                }
                            } finally {
                                own2.forEach(Tensor::close);
                            }
                            mean += v[t] / o.iterations;
                        }
                        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%d,%.5f,%.3g,%.4f", step,
                                lossSum / lossN, lr, (cpu0 + (Trainer.processCpuNanos() - startCpu) / 1e9) / 3600));
                        for (double x : v) row.append(String.format(Locale.ROOT, ",%.4f", x));
                        Files.writeString(log, row.append(String.format(Locale.ROOT, ",%.4f%n", mean)).toString(),
                                StandardOpenOption.APPEND);
                        bar.message(String.format(Locale.ROOT, "step %d: train %.4f bits/code, validation %.4f bits/code (1st iteration %.4f, last %.4f)",
                                step, lossSum / lossN, mean, v[0], v[o.iterations - 1]));
                        // the codes of a few hundred crops are easy to overfit: keep the best validation point
                        double best = Double.parseDouble(state.getProperty("bestValBits", "Infinity"));
                        if (mean < best) {
                            s.save(o.runDir.resolve(BEST).toString());
                            state.setProperty("bestValBits", String.format(Locale.ROOT, "%.5f", mean));
                            state.setProperty("bestStep", Long.toString(step));
                        }
                        lossSum = 0;
                        lossN = 0;
                    }
                }
                String name = "ckpt-" + step;
                s.save(o.runDir.resolve(name).toString());
                String old = state.getProperty("checkpoint");
                state.setProperty("checkpoint", name);
                state.setProperty("step", Long.toString(step));
                state.setProperty("cpuSeconds", String.format(Locale.ROOT, "%.1f", cpu0 + (Trainer.processCpuNanos() - startCpu) / 1e9));
                state.setProperty("codec.name", o.codec.id().name());
                state.setProperty("codec.sha256", o.codec.id().hashHex());
                cfg.store(state);
                try (Writer w = Files.newBufferedWriter(statePath, StandardCharsets.UTF_8)) {
                    state.store(w, "RNC entropy model training state");
                }
                if (old != null && !old.equals(name)) {
                    try (var files = Files.list(o.runDir)) {
                        for (Path p : files.toList()) if (p.getFileName().toString().startsWith(old + ".")) Files.delete(p);
                    }
                }
                bar.message("stopped at step " + step + "; checkpoint " + name);
            }
        }
    }

    private static void feed(Session.Runner r, List<Tensor> owned, Placeholder<TFloat32> prev, Placeholder<TFloat32> target,
                             Placeholder<TFloat32> coded, float[][] b) {
        TFloat32 p = TFloat32.tensorOf(prev.shape(), DataBuffers.of(b[0], true, false));
        TFloat32 t = TFloat32.tensorOf(target.shape(), DataBuffers.of(b[1], true, false));
        TFloat32 m = TFloat32.tensorOf(coded.shape(), DataBuffers.of(b[2], true, false));
        owned.add(p);
        owned.add(t);
        owned.add(m);
        r.feed(prev, p).feed(target, t).feed(coded, m);
    }

    /**
     * A batch of windows: {previous input, 0/1 targets, 1 where coded}. {@code fixedT} < 0 picks iterations at random
     * (of the pictures that have one: adaptive codes may end early).
     */
    private float[][] batch(List<Codes> set, Random r, int fixedT, int bits, EntropyConfig cfg) throws IOException {
        int R = o.rows, C = o.cols, pc = cfg.previousChannels();
        float[] prev = new float[o.batch * R * C * pc], tgt = new float[o.batch * R * C * bits], coded = new float[o.batch * R * C];
        for (int b = 0; b < o.batch; b++) {
            Codes cs;
            int t;
            do {
                cs = set.get(r.nextInt(set.size()));
                t = fixedT >= 0 ? fixedT : r.nextInt(o.iterations);
            } while (cs.h() < R || cs.w() < C || t >= cs.iterations());
            int y0 = r.nextInt(cs.h() - R + 1), x0 = r.nextInt(cs.w() - C + 1);
            List<float[]> previous = new ArrayList<>();
            for (int s = 0; s < t; s++) previous.add(window(cs.iteration(s, bits), cs.w(), y0, x0, R, C, bits));
            float[] in = BinaryRnnCoder.previousInput(previous, R, C, bits);
            System.arraycopy(in, 0, prev, b * R * C * pc, in.length);
            float[] cur = window(cs.iteration(t, bits), cs.w(), y0, x0, R, C, bits);
            for (int i = 0; i < cur.length; i++) tgt[b * R * C * bits + i] = cur[i] > 0 ? 1f : 0f;
            for (int i = 0; i < R * C; i++) coded[b * R * C + i] = cur[i * bits] != 0 ? 1f : 0f;
        }
        return new float[][]{prev, tgt, coded};
    }

    private static float[] window(float[] codes, int w, int y0, int x0, int R, int C, int bits) {
        float[] out = new float[R * C * bits];
        for (int y = 0; y < R; y++)
            System.arraycopy(codes, ((y0 + y) * w + x0) * bits, out, y * C * bits, C * bits);
        return out;
    }

    /** How many of the pictures (as {@link #codes} crops them) hold a training window. */
    private long holdingAWindow(List<BufferedImage> pictures) {
        return pictures.stream().filter(p -> Math.min(o.crop, p.getHeight() / 16 * 16) / 16 >= o.rows
                && Math.min(o.crop, p.getWidth() / 16 * 16) / 16 >= o.cols).count();
    }

    /** Codes of the pictures under the codec model, cached in the run directory per codec hash. */
    private List<Codes> codes(String which, List<BufferedImage> pictures) throws IOException {
        boolean adaptive = o.adaptiveShare > 0;
        // the pictures' recipe is in the name (the defaults' names as before), so a run never reads other codes
        Path cache = o.runDir.resolve("codes-" + which + "-" + o.codec.id().hashHex().substring(0, 16)
                + (o.halveJpegs ? "" : "-fulljpeg") + (o.crop == 256 ? "" : "-crop" + o.crop)
                + (adaptive ? String.format(Locale.ROOT, "-adaptive%.2f", o.adaptiveShare) : "") + ".bin");
        if (Files.exists(cache)) {
            try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(cache)))) {
                int n = in.readInt();
                List<Codes> out = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    int h = in.readInt(), w = in.readInt(), its = in.readInt();
                    byte[][] packed = new byte[its][], going = adaptive ? new byte[its][] : null;
                    for (int t = 0; t < its; t++) {
                        packed[t] = new byte[in.readInt()];
                        in.readFully(packed[t]);
                        if (adaptive) {
                            going[t] = new byte[h * w];
                            in.readFully(going[t]);
                        }
                    }
                    out.add(new Codes(h, w, packed, adaptive && in.readBoolean() ? going : null));
                }
                return out;
            }
        }
        List<Codes> out = new ArrayList<>();
        Random r = new Random(17);
        List<BufferedImage> pics = new ArrayList<>(pictures);
        java.util.Collections.shuffle(pics, r);
        int n = Math.min(pics.size(), which.equals("train") ? o.maxImages : Math.max(8, o.maxImages / 10));
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            BufferedImage img = pics.get(i);
            int cw = Math.min(o.crop, img.getWidth() / 16 * 16), ch = Math.min(o.crop, img.getHeight() / 16 * 16);
            int x0 = r.nextInt(img.getWidth() - cw + 1), y0 = r.nextInt(img.getHeight() - ch + 1);
            SourceImage src = SourceImage.of(img.getSubimage(x0, y0, cw, ch), CodecConfig.BLOCK);
            // validation alternates, so every iteration has pictures; training draws
            boolean stops = adaptive && (which.equals("train") ? r.nextDouble() < o.adaptiveShare : i % 2 == 1);
            float[][] codes;
            if (stops) {
                // as the writer's setAdaptiveRate makes them, at a cap drawn from 2 .. N
                int cap = 2 + r.nextInt(o.iterations - 1);
                AdaptiveIterations.Result res = AdaptiveIterations.encode(o.codec, src, cap, new Tiling(cw, ch, 1024),
                        AdaptiveIterations.atLeast(RncImageWriteParam.DEFAULT_MIN_BLOCK_ITERATIONS,
                                AdaptiveIterations.targetPsnr(RncImageWriteParam.blockTargetFor(cap, o.iterations))), null);
                codes = java.util.Arrays.copyOf(res.codes(), java.util.Arrays.stream(res.counts()).max().orElse(1));
            } else {
                codes = IterativeCodec.encode(o.codec, src, o.iterations, new Tiling(cw, ch, 1024), null);
            }
            byte[][] packed = new byte[codes.length][], going = stops ? new byte[codes.length][] : null;
            for (int t = 0; t < codes.length; t++) {
                packed[t] = RawBits.pack(codes[t]);
                if (stops) {
                    boolean[] a = RawBits.activeBlocks(codes[t], o.codec.config().bits());
                    going[t] = new byte[a.length];
                    for (int b = 0; b < a.length; b++) going[t][b] = (byte) (a[b] ? 1 : 0);
                }
            }
            out.add(new Codes(ch / 16, cw / 16, packed, going));
            if ((i + 1) % 25 == 0 || i + 1 == n)
                o.out.printf(Locale.ROOT, "coding %s pictures with %s: %d/%d (%.0f s)%n", which, o.codec.id().shortForm(), i + 1, n,
                        (System.nanoTime() - t0) / 1e9);
        }
        try (DataOutputStream d = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(cache)))) {
            d.writeInt(out.size());
            for (Codes c : out) {
                d.writeInt(c.h());
                d.writeInt(c.w());
                d.writeInt(c.packed().length);
                for (int t = 0; t < c.packed().length; t++) {
                    d.writeInt(c.packed()[t].length);
                    d.write(c.packed()[t]);
                    if (adaptive) d.write(c.going() != null ? c.going()[t] : allGoing(c.h() * c.w()));
                }
                if (adaptive) d.writeBoolean(c.going() != null);
            }
        }
        return out;
    }

    private static byte[] allGoing(int blocks) {
        byte[] a = new byte[blocks];
        java.util.Arrays.fill(a, (byte) 1);
        return a;
    }

    /** Checkpoint of the best validation loss so far; export prefers it. */
    static final String BEST = "best";

    /**
     * Exports the run's best-validation checkpoint (else its last) as {@code outDir}: a portable entropy model
     * ({@link org.rnc.model.PortableEntropyModel}) named {@code name}. Returns its SHA-256.
     */
    public static String export(Path runDir, Path outDir, String name) throws IOException {
        Properties state = new Properties();
        try (Reader r = Files.newBufferedReader(runDir.resolve("state.properties"))) {
            state.load(r);
        }
        EntropyConfig cfg = EntropyConfig.load(state);
        boolean best = state.getProperty("bestStep") != null && Files.exists(runDir.resolve(BEST + ".index"));
        Files.createDirectories(outDir);
        float[][] tensors;
        org.rnc.model.NativeLogs.quiet();
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            new EntropyNetwork(tf, cfg, CodecNetwork.RESTORED_LATER);
            try (Session s = new Session(g)) {
                s.restore(runDir.resolve(best ? BEST : state.getProperty("checkpoint")).toString());
                tensors = PortableEntropyExport.fetch(s, cfg);
            }
        }
        Properties p = new Properties();
        p.setProperty("codec.name", state.getProperty("codec.name"));
        p.setProperty("codec.sha256", state.getProperty("codec.sha256"));
        p.setProperty("training.step", state.getProperty(best ? "bestStep" : "step"));
        if (best) p.setProperty("training.validationBitsPerCode", state.getProperty("bestValBits"));
        p.setProperty("training.cpuSeconds", state.getProperty("cpuSeconds"));
        return PortableEntropyExport.write(tensors, cfg, outDir, name, p);
    }
}

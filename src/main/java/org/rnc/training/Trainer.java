package org.rnc.training;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.rnc.model.CodecConfig;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Trains the recurrent codec on CPU. A run lives in one directory:
 * <pre>
 *   run/state.properties   step, CPU and wall time so far, configuration, current checkpoint
 *   run/ckpt-STEP.*        TensorFlow checkpoint (weights and Adam moments)
 *   run/log.csv            step, loss, learning rate, CPU hours, per-iteration validation PSNR
 * </pre>
 * {@code resume} continues from the checkpoint named in state.properties with the same optimizer state.
 */
public final class Trainer {
    /** {@link Options#train}: every weight trains, only the decoder's, or only the encoder's and binariser's. */
    public static final String TRAIN_ALL = "all", TRAIN_DECODER = "decoder", TRAIN_ENCODER = "encoder";

    /** Most candidates a hard crop is chosen from: beyond this the crops are nearly all texture. */
    public static final int MAX_HARD_CROPS = 16;

    /** What a run is asked to do. */
    public static final class Options {
        public List<Path> data = new ArrayList<>();
        public Path runDir;
        public String preset = "small";
        /** Design options of a new run (a resumed run keeps its own): cell, reconstruction, residual gain. */
        public String cell = CodecConfig.LSTM, reconstruction = CodecConfig.ADDITIVE;
        public float residualGain = 1f;
        /**
         * Weight of (1 - SSIM) in the loss, the rest on L1; null on a resumed run keeps the run's own (0: plain L1, the
         * reference).
         */
        public Float ssimWeight;
        /**
         * Weight of the RMSE in each iteration's distortion, {@code (1 - m) D + m RMSE} (a loss that pays for PSNR);
         * null on a resumed run keeps the run's own (0: the reference).
         */
        public Float mseWeight;
        /**
         * s in each pixel's distortion weight {@code (1 - s) + s (1 - SSIM)}, normalised per crop (Johnston et al. 2018's
         * SSIM-weighted loss; {@link TrainingGraph}); null on a resumed run keeps the run's own, and a resumed run may take
         * a new value (a fork). 0: every pixel counts the same (the reference).
         */
        public Float ssimWeighting;
        /**
         * Extra decoder steps on the first iteration's bits (priming, Johnston et al. 2018); null on a resumed run
         * keeps the run's own; a resumed run may take a new value (a fork: the weights fit either way).
         */
        public Integer priming;
        /**
         * Spatially adaptive rate (issue 17): the probability that a block of a training crop stops after a random
         * iteration (1 to T-1, uniformly), sending 0 codes and keeping its pixels from then on; null on a resumed run
         * keeps the run's own, and a resumed run may take a new value (a fine-tune fork). 0: every block codes every
         * iteration (the reference).
         */
        public Float stopMasks;
        /**
         * How each iteration's distortion counts in the loss: "uniform" (the plain sum, the reference), "relative"
         * (weighted relative to its own size, so late iterations pull as hard as early ones; TrainingGraph) or
         * "tail:K:W" (iterations after the K-th count W times, {@link #tailWeights}); null on a resumed run keeps the
         * run's own, and a resumed run may change it. Checked by {@link #checkDistortionWeights}.
         */
        public String distortionWeights;
        /**
         * What trains: "all" (the reference), "decoder" (encoder and binariser frozen, so the codes keep the statistics
         * their entropy model learned; see TrainingGraph) or "encoder" (the decoder frozen, so the codes still decode
         * with the decoder as it was); null on a resumed run keeps the run's own.
         */
        public String train;
        /**
         * Widths for a resumed run's encoder, each at least the run's own ({@link EncoderWidening}: the codes unchanged
         * until the first step); null keeps them.
         */
        public int[] encoderWidths;
        /**
         * Hidden-state kernels for a resumed run's decoder cells, each at least the run's own ({@link HiddenKernelGrowth}:
         * the outputs unchanged until the first step); null keeps them.
         */
        public int[] decoderHiddenKernels;
        /**
         * Widths for a resumed run's decoder cells ({@link DecoderReshaping}: growing cells change nothing until the
         * first step, shrinking ones keep their most weighted output channels); null keeps them.
         */
        public int[] reshapeDecoder;
        /** A new run's widths instead of its preset's (as many as the preset has); null: the preset's. */
        public int[] newEncoderWidths, newDecoderWidths;
        /**
         * Each training crop the hardest of this many random ones (PatchSource#sample: Toderici et al. 2017's "high
         * entropy" patches); null on a resumed run keeps the run's own (1: random crops, the reference).
         */
        public Integer hardCrops;
        /**
         * Lambda of the rate term ({@code loss = distortion + lambda * estimated bits per code}); null on a
         * resumed run keeps the run's own (0: distortion alone, the reference).
         */
        public Float rateWeight;
        /**
         * How the rate term weighs the iterations: "uniform" (the same for all), "gain" (by the L1 each iteration
         * removes) or "gain^G" (see {@link #rateScheduleExponent}); null on a resumed run keeps the run's own, else
         * uniform.
         */
        public String rateSchedule;
        /**
         * Binarise with plain sign, as the plugin does, instead of the stochastic binariser (gradient straight
         * through either way): for fine-tuning a trained model to the codes it will really see. Null on a resumed
         * run keeps the run's own (false: stochastic, the reference).
         */
        public Boolean deterministicBits;
        /**
         * Channels of the decoder's full-resolution output stage ({@link CodecConfig#outputStage()}); null keeps a
         * resumed run's own (a new run: 0, none). A resumed run without one may grow one (a capacity fork): its
         * trained weights are kept and the stage starts as no change.
         */
        public Integer outputStage;
        public int iterations = 8;
        /** Crops per step and crop size (a multiple of 16); null: 32, or a resumed run's own. */
        public Integer batch, patch;
        /**
         * The learning rate at step 0, halved every {@link #halveEvery} steps down to 1/16 of it; null: 5e-4 and 40,000,
         * or a resumed run's own (a fork that forgot them would otherwise train at another rate than its run).
         */
        public Float learningRate;
        public Long halveEvery;
        public long maxSteps = Long.MAX_VALUE;
        public double maxMinutes = Double.POSITIVE_INFINITY;
        /** Stop when the run's CPU time (all invocations, every thread of the process) reaches this: equal-compute runs. */
        public double maxCpuHours = Double.POSITIVE_INFINITY;
        public double checkpointMinutes = 5;
        public int validateEvery = 500;
        public long seed = 1;
        /** TensorFlow intra-op and inter-op thread pools; 0 leaves TensorFlow's default. */
        public int intraThreads, interThreads;
        public boolean resume;
        public PrintStream out = System.err;
        /** Called after every logged step: step, loss. Used by the Studio's live plot. */
        public java.util.function.BiConsumer<Long, Float> onStep;
    }

    private final Options o;
    private final AtomicBoolean stop = new AtomicBoolean();

    public Trainer(Options o) {
        this.o = o;
    }

    /** Asks a running {@link #run()} to checkpoint and return. */
    public void requestStop() { stop.set(true); }

    /**
     * The exponent g of a rate schedule: iteration t's rate is weighted by (L1 it removes)^g (L1 before minus
     * after, no gradient), relative to the mean of these weights over the iterations. "uniform" is g = 0 (every
     * iteration the same), "gain" g = 1 (each iteration's bits priced by what they buy, so a weight that makes
     * the early iterations' bits cheaper does not empty the late ones, which buy little but are all there is at
     * high rates), "gain^G" anything between.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static double rateScheduleExponent(String schedule) {
        if (TrainingGraph.RATE_UNIFORM.equals(schedule)) return 0;
        if ("gain".equals(schedule)) return 1;
        if (schedule != null && schedule.startsWith("gain^")) {
            try {
                double g = Double.parseDouble(schedule.substring(5));
                if (g > 0 && g <= 4) return g;
            } catch (NumberFormatException ignored) {
                // falls through to the error below
            }
        }
        throw new IllegalArgumentException("rate schedule: uniform, gain or gain^G (0 < G <= 4), not " + schedule);
    }

    /** The distortion weightings of {@code --distortion-weights} and a run's state: "tail:" is a prefix of "tail:K:W". */
    public static final String UNIFORM = "uniform", RELATIVE = "relative", TAIL = "tail:";

    /**
     * Checks a distortion weighting: uniform, relative or tail:K:W.
     *
     * @throws IllegalArgumentException with what is wrong
     */
    public static void checkDistortionWeights(String spec) {
        if (spec.startsWith(TAIL)) parseTail(spec.substring(TAIL.length()));
        else if (!spec.equals(UNIFORM) && !spec.equals(RELATIVE))
            throw new IllegalArgumentException("distortion weights: uniform, relative or tail:K:W, not " + spec);
    }

    /**
     * Per-iteration distortion weights from "K:W": 1 for iterations 1..K, W for the rest (0 <= W <= 1, K >= 1);
     * null for "" or when K covers every unrolled iteration (nothing to weigh).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static double[] tailWeights(String spec, int iterations) {
        if (spec == null || spec.isEmpty()) return null;
        double[] kw = parseTail(spec);
        int k = (int) kw[0];
        if (k >= iterations) return null;
        double[] weights = new double[iterations];
        for (int t = 0; t < iterations; t++) weights[t] = t < k ? 1 : kw[1];
        return weights;
    }

    /**
     * {K, W} from "K:W" (K >= 1, 0 <= W <= 1).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static double[] parseTail(String spec) {
        String[] kw = spec.split(":");
        int k;
        double w;
        try {
            if (kw.length != 2) throw new NumberFormatException();
            k = Integer.parseInt(kw[0]);
            w = Double.parseDouble(kw[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("distortion tail: K:W (iterations after the K-th weighted W), not " + spec);
        }
        if (k < 1 || !(w >= 0 && w <= 1))
            throw new IllegalArgumentException("distortion tail: K >= 1 and 0 <= W <= 1, not " + spec);
        return new double[]{k, w};
    }

    public static float learningRate(Options o, long step) {
        double halvings = Math.min(4, Math.floor((double) step / o.halveEvery));
        return (float) (o.learningRate / Math.pow(2, halvings));
    }

    public void run() throws IOException {
        Files.createDirectories(o.runDir);
        Path statePath = o.runDir.resolve("state.properties");
        Properties state = new Properties();
        CodecConfig cfg;
        long step = 0;
        double cpuSeconds = 0, wallSeconds = 0;
        String checkpoint = null;
        boolean grown = false;
        CodecConfig widenedFrom = null, kernelsGrownFrom = null, reshapedFrom = null;
        if (o.resume && Files.exists(statePath)) {
            try (Reader r = Files.newBufferedReader(statePath)) {
                state.load(r);
            }
            cfg = CodecConfig.load(state);
            step = Long.parseLong(state.getProperty("step"));
            cpuSeconds = Double.parseDouble(state.getProperty("cpuSeconds"));
            wallSeconds = Double.parseDouble(state.getProperty("wallSeconds"));
            checkpoint = state.getProperty("checkpoint");
            if (o.rateWeight == null) o.rateWeight = Float.parseFloat(state.getProperty("rateWeight", "0"));
            if (o.ssimWeight == null) o.ssimWeight = Float.parseFloat(state.getProperty("ssimWeight", "0"));
            if (o.mseWeight == null) o.mseWeight = Float.parseFloat(state.getProperty("mseWeight", "0"));
            if (o.ssimWeighting == null) o.ssimWeighting = Float.parseFloat(state.getProperty("ssimWeighting", "0"));
            if (o.priming == null) o.priming = Integer.parseInt(state.getProperty("priming", "0").trim());
            if (o.stopMasks == null) o.stopMasks = Float.parseFloat(state.getProperty("stopMasks", "0"));
            if (o.distortionWeights == null) o.distortionWeights = state.getProperty("distortionWeights", UNIFORM);
            if (o.train == null) o.train = state.getProperty("train", TRAIN_ALL);
            if (o.learningRate == null && state.getProperty("learningRate") != null)
                o.learningRate = Float.parseFloat(state.getProperty("learningRate"));
            if (o.halveEvery == null && state.getProperty("halveEvery") != null)
                o.halveEvery = Long.parseLong(state.getProperty("halveEvery").trim());
            if (o.deterministicBits == null) o.deterministicBits = "deterministic".equals(state.getProperty("binarizer"));
            if (o.rateSchedule == null) o.rateSchedule = state.getProperty("rateSchedule", TrainingGraph.RATE_UNIFORM);
            if (o.batch == null) o.batch = Integer.parseInt(state.getProperty("batch", "32"));
            if (o.patch == null) o.patch = Integer.parseInt(state.getProperty("patch", "32"));
            if (o.hardCrops == null) o.hardCrops = Integer.parseInt(state.getProperty("hardCrops", "1").trim());
            if (o.newEncoderWidths != null || o.newDecoderWidths != null)
                throw new IllegalArgumentException("a resumed run keeps its widths (--widen-encoder widens its encoder, --reshape-decoder reshapes its decoder)");
            if (o.outputStage != null && o.outputStage != cfg.outputStage()) {
                if (cfg.outputStage() != 0)
                    throw new IllegalArgumentException("the run has an output stage of " + cfg.outputStage()
                            + " channels; a resumed run can only add one, not change it");
                cfg = cfg.withOutputStage(o.outputStage);
                grown = true;
                o.out.printf(Locale.ROOT, "growing a full-resolution output stage of %d channels (it starts as no change)%n",
                        o.outputStage);
            }
            if (o.encoderWidths != null && !java.util.Arrays.equals(o.encoderWidths, cfg.encoderWidths())) {
                if (grown) throw new IllegalArgumentException("grow an output stage and widen the encoder in separate forks");
                CodecConfig wide = cfg.withEncoderWidths(o.encoderWidths);
                EncoderWidening.check(cfg, wide);
                widenedFrom = cfg;
                cfg = wide;
                o.out.printf(Locale.ROOT, "widening the encoder from %s to %s (the codes unchanged until the first step)%n",
                        java.util.Arrays.toString(widenedFrom.encoderWidths()), java.util.Arrays.toString(wide.encoderWidths()));
            }
            if (o.decoderHiddenKernels != null && !java.util.Arrays.equals(o.decoderHiddenKernels, cfg.decoderHiddenKernels())) {
                if (grown || widenedFrom != null)
                    throw new IllegalArgumentException("grow the decoder's hidden kernels in a fork of its own");
                CodecConfig larger = cfg.withDecoderHiddenKernels(o.decoderHiddenKernels);
                HiddenKernelGrowth.check(cfg, larger);
                kernelsGrownFrom = cfg;
                cfg = larger;
                o.out.printf(Locale.ROOT, "growing the decoder's hidden kernels from %s to %s (the outputs unchanged until the first step)%n",
                        java.util.Arrays.toString(kernelsGrownFrom.decoderHiddenKernels()), java.util.Arrays.toString(larger.decoderHiddenKernels()));
            }
            if (o.reshapeDecoder != null && !java.util.Arrays.equals(o.reshapeDecoder, cfg.decoderWidths())) {
                if (grown || widenedFrom != null || kernelsGrownFrom != null)
                    throw new IllegalArgumentException("reshape the decoder in a fork of its own");
                CodecConfig to = cfg.withWidths(cfg.encoderWidths(), o.reshapeDecoder);
                DecoderReshaping.check(cfg, to);
                reshapedFrom = cfg;
                cfg = to;
                o.out.printf(Locale.ROOT, "reshaping the decoder from %s to %s%n",
                        java.util.Arrays.toString(reshapedFrom.decoderWidths()), java.util.Arrays.toString(to.decoderWidths()));
            }
            o.out.printf(Locale.ROOT, "resuming %s at step %d (%.2f CPU hours so far)%n", o.runDir, step, cpuSeconds / 3600);
        } else {
            if (o.encoderWidths != null) throw new IllegalArgumentException("encoder widths widen a resumed run; a new run takes a preset");
            if (o.decoderHiddenKernels != null)
                throw new IllegalArgumentException("hidden kernels grow in a resumed run; a new run takes a preset");
            if (o.reshapeDecoder != null)
                throw new IllegalArgumentException("--reshape-decoder reshapes a resumed run; a new run takes --decoder-widths");
            if (o.resume) o.out.println("nothing to resume in " + o.runDir + "; starting a new run");
            cfg = CodecConfig.preset(o.preset).withOptions(o.cell, o.reconstruction, o.residualGain)
                    .withOutputStage(o.outputStage == null ? 0 : o.outputStage);
            if (o.newEncoderWidths != null || o.newDecoderWidths != null)
                cfg = cfg.withWidths(o.newEncoderWidths != null ? o.newEncoderWidths : cfg.encoderWidths(),
                        o.newDecoderWidths != null ? o.newDecoderWidths : cfg.decoderWidths());
            state.setProperty("preset", o.preset);
        }
        if (o.rateWeight == null) o.rateWeight = 0f;
        if (o.ssimWeight == null) o.ssimWeight = 0f;
        if (o.mseWeight == null) o.mseWeight = 0f;
        if (o.ssimWeighting == null) o.ssimWeighting = 0f; // its range is checked by TrainingGraph, as the MSE weight's
        if (o.priming == null) o.priming = 0;
        if (o.stopMasks == null) o.stopMasks = 0f;
        if (o.distortionWeights == null) o.distortionWeights = UNIFORM;
        checkDistortionWeights(o.distortionWeights);
        boolean relativeDistortion = o.distortionWeights.equals(RELATIVE);
        double[] iterationWeights = o.distortionWeights.startsWith(TAIL)
                ? tailWeights(o.distortionWeights.substring(TAIL.length()), o.iterations) : null;
        if (o.train == null) o.train = TRAIN_ALL;
        if (!o.train.equals(TRAIN_ALL) && !o.train.equals(TRAIN_DECODER) && !o.train.equals(TRAIN_ENCODER))
            throw new IllegalArgumentException("train " + o.train + " (all, decoder or encoder)");
        if (o.learningRate == null) o.learningRate = 5e-4f;
        if (o.hardCrops == null) o.hardCrops = 1;
        if (o.hardCrops < 1 || o.hardCrops > MAX_HARD_CROPS)
            throw new IllegalArgumentException("hard crops " + o.hardCrops + " (1 to " + MAX_HARD_CROPS + ")");
        if (o.halveEvery == null) o.halveEvery = 40_000L;
        if (!(o.stopMasks >= 0 && o.stopMasks <= 1)) throw new IllegalArgumentException("stop masks " + o.stopMasks + " (0 to 1)");
        if (o.deterministicBits == null) o.deterministicBits = false;
        if (o.rateSchedule == null) o.rateSchedule = TrainingGraph.RATE_UNIFORM;
        if (o.batch == null) o.batch = 32;
        if (o.patch == null) o.patch = 32;
        if (o.batch <= 0 || o.patch <= 0 || o.patch % CodecConfig.BLOCK != 0) {
            throw new IllegalArgumentException("batch must be positive and patch a positive multiple of " + CodecConfig.BLOCK
                    + ", not " + o.batch + " and " + o.patch);
        }
        PatchSource data = new PatchSource(o.data, o.patch, 25);
        o.out.printf(Locale.ROOT, "data: %d training images, %d held out for validation%n", data.trainingImages(),
                data.validationImages());
        float[] valSet = data.validationSet(256, 12345);

        Path log = o.runDir.resolve("log.csv");
        StringBuilder header = new StringBuilder("step,loss,lr,cpu_hours,wall_hours,steps_per_s");
        for (int t = 1; t <= o.iterations; t++) header.append(",val_psnr_").append(t);
        if (!Files.exists(log)) {
            Files.writeString(log, header.append('\n').toString());
        } else {
            // a run resumed with more unrolled iterations logs more columns: widen the header, keep the rows
            List<String> lines = new ArrayList<>(Files.readAllLines(log));
            if (!lines.isEmpty() && lines.get(0).split(",").length < header.toString().split(",").length) {
                lines.set(0, header.toString());
                Files.write(log, lines);
            }
        }

        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                finished.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "rnc-train-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        org.rnc.model.NativeLogs.quiet();
        try (Graph g = new Graph()) {
            TrainingGraph tg = new TrainingGraph(g, cfg, CodecNetwork.randomInit(o.seed), o.iterations, o.batch, o.patch, o.ssimWeight,
                    o.rateWeight, o.deterministicBits, o.rateSchedule, o.mseWeight, o.priming, o.stopMasks > 0,
                    relativeDistortion, trainedWeights(o.train), iterationWeights, o.ssimWeighting);
            o.out.printf(Locale.ROOT, "model: %s, %,d parameters; %d iterations unrolled, batch %d of %dx%d%s%s%n", cfg,
                    tg.net.parameterCount(), o.iterations, o.batch, o.patch, o.patch,
                    o.hardCrops > 1 ? " (each the hardest of " + o.hardCrops + ")" : "",
                    (o.rateWeight > 0 ? String.format(Locale.ROOT, "; loss = L1 + %g x rate (%s)", o.rateWeight, o.rateSchedule) : "")
                            + (o.deterministicBits ? "; deterministic bits" : "")
                            + (o.priming > 0 ? "; priming " + o.priming : "")
                            + (o.stopMasks > 0 ? String.format(Locale.ROOT, "; %.0f %% of blocks stop early", 100 * o.stopMasks) : "")
                            + (o.ssimWeight > 0 ? String.format(Locale.ROOT, "; L1 term %.2f L1 + %.2f (1 - SSIM)", 1 - o.ssimWeight, o.ssimWeight) : "")
                            + (o.mseWeight > 0 ? String.format(Locale.ROOT, "; distortion %.2f L1 + %.2f RMSE", 1 - o.mseWeight, o.mseWeight) : "")
                            + (o.ssimWeighting > 0 ? String.format(Locale.ROOT, "; pixels weighted %.2f + %.2f (1 - SSIM) / mean", 1 - o.ssimWeighting, o.ssimWeighting) : "")
                            + (relativeDistortion ? "; iterations' distortions weighted relative to their size" : "")
                            + (iterationWeights != null ? "; distortion weights " + o.distortionWeights : "")
                            + (o.train.equals(TRAIN_DECODER) ? "; decoder only (encoder and binariser frozen)" : "")
                            + (o.train.equals(TRAIN_ENCODER) ? "; encoder and binariser only (decoder frozen)" : ""));
            // a grown run's new weights (and their moments) are not in its checkpoint: restore the others
            org.tensorflow.op.Op warm = grown && checkpoint != null ? WarmStart.restoreExcept(g,
                    o.runDir.resolve(checkpoint).toString(), CodecNetwork::isOutputStageVariable) : null;
            // a widened encoder or grown kernels: the rest restored as it is, the reshaped variables from their checkpoint
            // values, reshaped so that the network computes what it did
            CheckpointValues.Assign reshape = null;
            java.util.Map<String, float[]> reshaped = null;
            if (widenedFrom != null) {
                String prefix = o.runDir.resolve(checkpoint).toString();
                warm = WarmStart.restoreExcept(g, prefix, EncoderWidening::isEncoderVariable);
                reshaped = EncoderWidening.widen(prefix, widenedFrom, cfg, o.seed);
                reshape = new CheckpointValues.Assign(g, CheckpointValues.variables(g, EncoderWidening::isEncoderVariable));
            }
            if (kernelsGrownFrom != null) {
                String prefix = o.runDir.resolve(checkpoint).toString();
                java.util.List<String> names = HiddenKernelGrowth.grownVariables(kernelsGrownFrom, cfg);
                warm = WarmStart.restoreExcept(g, prefix, names::contains);
                reshaped = HiddenKernelGrowth.grow(prefix, kernelsGrownFrom, cfg);
                reshape = new CheckpointValues.Assign(g, names);
            }
            if (reshapedFrom != null) {
                String prefix = o.runDir.resolve(checkpoint).toString();
                warm = WarmStart.restoreExcept(g, prefix, DecoderReshaping::isDecoderVariable);
                reshaped = DecoderReshaping.reshape(prefix, reshapedFrom, cfg, o.seed);
                reshape = new CheckpointValues.Assign(g, CheckpointValues.variables(g, DecoderReshaping::isDecoderVariable));
            }
            var config = org.tensorflow.proto.ConfigProto.newBuilder();
            if (o.intraThreads > 0) config.setIntraOpParallelismThreads(o.intraThreads);
            if (o.interThreads > 0) config.setInterOpParallelismThreads(o.interThreads);
            try (Session s = new Session(g, config.build())) {
                if (warm != null) {
                    s.initialize();
                    try (Result ignored = s.runner().addTarget(warm).run()) {
                        // assigns only: nothing fetched
                    }
                    if (reshape != null) reshape.run(s, reshaped);
                } else if (checkpoint != null) {
                    s.restore(o.runDir.resolve(checkpoint).toString());
                } else {
                    s.initialize();
                }
                BlockingQueue<float[]> batches = data.prefetch(o.seed * 7919 + step, o.batch, 4, o.hardCrops);
                Random noise = new Random(o.seed * 104729 + step);
                long startCpu = processCpuNanos(), startWall = System.nanoTime();
                long lastCkpt = System.nanoTime(), lastReport = System.nanoTime();
                long firstStep = step, reportStep = step;
                double lossSum = 0, rateSum = 0;
                int lossCount = 0;
                int cells = o.patch / CodecConfig.BLOCK;
                float[] u = new float[o.batch * cells * cells * cfg.bits()];
                Progress bar = new Progress(o.out, o.maxSteps == Long.MAX_VALUE ? 0 : o.maxSteps);
                while (!stop.get() && step < o.maxSteps
                        && (System.nanoTime() - startWall) / 60e9 < o.maxMinutes
                        && cpuSeconds + (processCpuNanos() - startCpu) / 1e9 < o.maxCpuHours * 3600) {
                    float[] batch;
                    try {
                        batch = batches.take();
                    } catch (InterruptedException e) {
                        break;
                    }
                    long t = step + 1; // Adam's bias correction counts from 1
                    float lr = learningRate(o, step);
                    List<Tensor> owned = new ArrayList<>();
                    try {
                        Session.Runner r = s.runner();
                        r.feed(tg.images, own(owned, TFloat32.tensorOf(Shape.of(o.batch, o.patch, o.patch, 3),
                                DataBuffers.of(batch, true, false))));
                        for (var ph : tg.uniforms) {
                            // u = 0.5 makes the stochastic binariser a plain sign
                            for (int i = 0; i < u.length; i++) u[i] = o.deterministicBits ? 0.5f : noise.nextFloat();
                            r.feed(ph, own(owned, TFloat32.tensorOf(Shape.of(o.batch, cells, cells, cfg.bits()),
                                    DataBuffers.of(u.clone(), true, false))));
                        }
                        if (!tg.active.isEmpty()) feedStopMasks(r, owned, tg, noise, o.stopMasks, cells);
                        tg.adam.feed(r, owned, lr, t);
                        r.addTarget(tg.adam.train).fetch(tg.loss).fetch(tg.rate);
                        try (Result res = r.run()) {
                            float loss = ((TFloat32) res.get(0)).getFloat();
                            rateSum += ((TFloat32) res.get(1)).getFloat();
                            if (!Float.isFinite(loss)) throw new IOException("loss became " + loss + " at step " + t);
                            lossSum += loss;
                            lossCount++;
                            if (o.onStep != null) o.onStep.accept(t, loss);
                        }
                    } finally {
                        owned.forEach(Tensor::close);
                    }
                    step = t;
                    long now = System.nanoTime();
                    if (now - lastReport > 2e9) {
                        double sps = (step - reportStep) / ((now - lastReport) / 1e9);
                        bar.update(step, lossSum / Math.max(1, lossCount), sps);
                        lastReport = now;
                        reportStep = step;
                    }
                    boolean validate = step % o.validateEvery == 0;
                    boolean ckpt = (now - lastCkpt) / 60e9 >= o.checkpointMinutes;
                    if (validate) {
                        double cpuH = (cpuSeconds + (processCpuNanos() - startCpu) / 1e9) / 3600;
                        double wallH = (wallSeconds + (now - startWall) / 1e9) / 3600;
                        double sps = (step - firstStep) / ((now - startWall) / 1e9);
                        double[] psnr = validate(s, tg, valSet, cells, cfg.bits());
                        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%d,%.6f,%.3g,%.4f,%.4f,%.3f",
                                step, lossSum / Math.max(1, lossCount), lr, cpuH, wallH, sps));
                        for (double p : psnr) row.append(String.format(Locale.ROOT, ",%.3f", p));
                        Files.writeString(log, row.append('\n').toString(), StandardOpenOption.APPEND);
                        bar.message(String.format(Locale.ROOT, "step %d loss %.5f rate %.4f bits/code val PSNR %s", step,
                                lossSum / Math.max(1, lossCount), rateSum / Math.max(1, lossCount), formatPsnr(psnr)));
                        lossSum = 0;
                        rateSum = 0;
                        lossCount = 0;
                    }
                    if (ckpt) {
                        checkpoint = saveCheckpoint(s, state, cfg, step,
                                cpuSeconds + (processCpuNanos() - startCpu) / 1e9,
                                wallSeconds + (System.nanoTime() - startWall) / 1e9, checkpoint);
                        lastCkpt = System.nanoTime();
                    }
                }
                saveCheckpoint(s, state, cfg, step, cpuSeconds + (processCpuNanos() - startCpu) / 1e9,
                        wallSeconds + (System.nanoTime() - startWall) / 1e9, checkpoint);
                bar.message(String.format(Locale.ROOT, "stopped at step %d; checkpoint in %s", step, o.runDir));
            }
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is what stopped us
            }
        }
    }

    /** The weights that train under {@link Options#train}, by {@link CodecNetwork}'s names. */
    static java.util.function.Predicate<String> trainedWeights(String train) {
        return switch (train) {
            case TRAIN_ALL -> name -> true;
            case TRAIN_DECODER -> TrainingGraph::isDecoderWeight;
            case TRAIN_ENCODER -> name -> !TrainingGraph.isDecoderWeight(name);
            default -> throw new IllegalArgumentException("train " + train + " (all, decoder or encoder)");
        };
    }

    /**
     * Feeds one step's stop masks: each block of each crop stops with probability {@code p} after a count drawn
     * uniformly from 1 to T-1 (else codes every iteration); {@code rng} null: every block codes every iteration.
     */
    static void feedStopMasks(Session.Runner r, List<Tensor> owned, TrainingGraph tg, Random rng, float p, int cells) {
        int blocks = tg.batch * cells * cells, t = tg.iterations;
        int[] count = new int[blocks];
        for (int b = 0; b < blocks; b++)
            count[b] = rng != null && t > 1 && rng.nextFloat() < p ? 1 + rng.nextInt(t - 1) : t;
        for (int i = 0; i < tg.active.size(); i++) {
            int iteration = i + 1; // 0-based: the mask of iteration 0 is implicit (every block)
            float[] a = new float[blocks];
            for (int b = 0; b < blocks; b++) a[b] = iteration < count[b] ? 1f : 0f;
            r.feed(tg.active.get(i), own(owned, TFloat32.tensorOf(Shape.of(tg.batch, cells, cells, 1), DataBuffers.of(a, true, false))));
        }
    }

    private static <T extends Tensor> T own(List<Tensor> owned, T t) {
        owned.add(t);
        return t;
    }

    private static String formatPsnr(double[] p) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < p.length; i++) sb.append(i > 0 ? " " : "").append(String.format(Locale.ROOT, "%.2f", p[i]));
        return sb.toString();
    }

    /** Deterministic (u = 0.5 means plain sign) per-iteration PSNR over the fixed validation crops. */
    static double[] validate(Session s, TrainingGraph tg, float[] valSet, int cells, int bits) {
        int per = tg.batch * tg.patch * tg.patch * 3;
        int batches = valSet.length / per;
        double[] mse = new double[tg.iterations];
        float[] half = new float[tg.batch * cells * cells * bits];
        Arrays.fill(half, 0.5f);
        for (int b = 0; b < batches; b++) {
            List<Tensor> owned = new ArrayList<>();
            try {
                Session.Runner r = s.runner();
                r.feed(tg.images, own(owned, TFloat32.tensorOf(Shape.of(tg.batch, tg.patch, tg.patch, 3),
                        DataBuffers.of(Arrays.copyOfRange(valSet, b * per, (b + 1) * per), true, false))));
                for (var ph : tg.uniforms)
                    r.feed(ph, own(owned, TFloat32.tensorOf(Shape.of(tg.batch, cells, cells, bits), DataBuffers.of(half, true, false))));
                if (!tg.active.isEmpty()) feedStopMasks(r, owned, tg, null, 0, cells); // validated as every block coded
                tg.mse.forEach(r::fetch);
                try (Result res = r.run()) {
                    for (int t = 0; t < tg.iterations; t++) mse[t] += ((TFloat32) res.get(t)).getFloat() / batches;
                }
            } finally {
                owned.forEach(Tensor::close);
            }
        }
        double[] psnr = new double[mse.length];
        for (int t = 0; t < mse.length; t++) psnr[t] = 10 * Math.log10(1.0 / mse[t]);
        return psnr;
    }

    private String saveCheckpoint(Session s, Properties state, CodecConfig cfg, long step, double cpu, double wall,
                                  String previous) throws IOException {
        String name = "ckpt-" + step;
        s.save(o.runDir.resolve(name).toString());
        cfg.store(state);
        state.setProperty("step", Long.toString(step));
        state.setProperty("cpuSeconds", String.format(Locale.ROOT, "%.1f", cpu));
        state.setProperty("wallSeconds", String.format(Locale.ROOT, "%.1f", wall));
        state.setProperty("checkpoint", name);
        state.setProperty("trainedIterations", Integer.toString(o.iterations));
        state.setProperty("batch", Integer.toString(o.batch));
        state.setProperty("patch", Integer.toString(o.patch));
        state.setProperty("hardCrops", Integer.toString(o.hardCrops));
        state.setProperty("learningRate", Float.toString(o.learningRate));
        state.setProperty("halveEvery", Long.toString(o.halveEvery));
        state.setProperty("ssimWeight", Float.toString(o.ssimWeight));
        state.setProperty("rateWeight", Float.toString(o.rateWeight));
        state.setProperty("mseWeight", Float.toString(o.mseWeight));
        state.setProperty("ssimWeighting", Float.toString(o.ssimWeighting));
        state.setProperty("priming", Integer.toString(o.priming));
        state.setProperty("stopMasks", Float.toString(o.stopMasks));
        state.setProperty("distortionWeights", o.distortionWeights);
        state.setProperty("train", o.train);
        state.setProperty("rateSchedule", o.rateSchedule);
        state.setProperty("binarizer", o.deterministicBits ? "deterministic" : "stochastic");
        Path tmp = o.runDir.resolve("state.properties.tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            state.store(w, "RNC training run state");
        }
        Files.move(tmp, o.runDir.resolve("state.properties"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        if (previous != null && !previous.equals(name)) {
            try (var files = Files.list(o.runDir)) {
                for (Path p : files.toList())
                    if (p.getFileName().toString().startsWith(previous + ".")) Files.deleteIfExists(p);
            }
        }
        return name;
    }

    static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getProcessCpuTime();
        return System.nanoTime();
    }

    /** One-line progress: a bar when the total is known, else step, loss, speed. */
    static final class Progress {
        private final PrintStream out;
        private final long total;
        private final boolean tty = System.console() != null;

        Progress(PrintStream out, long total) {
            this.out = out;
            this.total = total;
        }

        void update(long step, double loss, double stepsPerSecond) {
            StringBuilder sb = new StringBuilder();
            if (total > 0) {
                int width = 30, filled = (int) Math.min(width, width * step / total);
                sb.append('[').append("#".repeat(filled)).append(" ".repeat(width - filled)).append("] ");
                double eta = (total - step) / Math.max(1e-9, stepsPerSecond);
                sb.append(String.format(Locale.ROOT, "%d/%d ETA %s ", step, total, hms(eta)));
            } else {
                sb.append("step ").append(step).append(' ');
            }
            sb.append(String.format(Locale.ROOT, "loss %.5f %.2f steps/s", loss, stepsPerSecond));
            if (tty) out.print("\r" + sb + "   ");
            else if (step % 100 < Math.max(1, stepsPerSecond * 2)) out.println(sb);
            out.flush();
        }

        void message(String m) {
            out.println((tty ? "\r" : "") + m);
        }

        static String hms(double s) {
            long t = (long) s;
            return String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60);
        }
    }
}

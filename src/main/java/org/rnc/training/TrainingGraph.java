package org.rnc.training;

import java.util.ArrayList;
import java.util.List;

import org.rnc.model.CodecConfig;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The codec unrolled over T iterations for training: L1 loss on every iteration's residual (equal weights,
 * as the reference; optionally blended with SSIM, plus an optional rate term), additive or one-shot reconstruction with
 * optional residual scaling (see {@link CodecConfig}), Adam with the step-dependent terms fed from Java so that a
 * resumed run continues exactly from the checkpointed moments.
 */
final class TrainingGraph {
    final CodecNetwork net;
    final Placeholder<TFloat32> images;
    final List<Placeholder<TFloat32>> uniforms = new ArrayList<>();
    /**
     * With stop masks, 1 where a block is still coded in iteration t (index t-1: iteration 0 codes every block), 0
     * where it has stopped, [batch, cells, cells, 1]: its codes reach the decoder as 0 and its pixels keep their
     * value, as in {@link org.rnc.codec.AdaptiveIterations}. Empty without.
     */
    final List<Placeholder<TFloat32>> active = new ArrayList<>();
    final Operand<TFloat32> loss;
    /** Mean squared residual after each iteration (units: [0,1] intensity squared). */
    final List<Operand<TFloat32>> mse = new ArrayList<>();
    /** Each iteration's distortion as the loss counts it (L1, or its mix with SSIM and RMSE). */
    final List<Operand<TFloat32>> distortions = new ArrayList<>();
    /**
     * Estimated entropy-coded rate in bits per code (mean over iterations): see {@link #rateProxy}. Always
     * computed, so the log shows it; it enters the loss only with a rate weight.
     */
    final Operand<TFloat32> rate;
    /** Each iteration's rate estimate, the L1 it removed (no gradient), and the rate as the loss prices it. */
    final List<Operand<TFloat32>> rates = new ArrayList<>(), gains = new ArrayList<>();
    final Operand<TFloat32> pricedRate;
    final Adam adam;
    final int iterations, batch, patch;

    TrainingGraph(Graph g, CodecConfig cfg, CodecNetwork.WeightSource init, int iterations, int batch, int patch) {
        this(g, cfg, init, iterations, batch, patch, 0f);
    }

    /**
     * @param ssimWeight w in each iteration's loss {@code (1 - w) L1 + w (1 - SSIM)}: 0 is the reference's plain
     *                   L1; SSIM is single-scale (11x11 Gaussian window, sigma 1.5, per channel) on the crop
     */
    TrainingGraph(Graph g, CodecConfig cfg, CodecNetwork.WeightSource init, int iterations, int batch, int patch,
                  float ssimWeight) {
        this(g, cfg, init, iterations, batch, patch, ssimWeight, 0f);
    }

    /**
     * @param rateWeight lambda in {@code loss = distortion + lambda * rate}, rate in bits per code from
     *                   {@link #rateProxy}: 0 trains for distortion alone (the reference)
     */
    TrainingGraph(Graph g, CodecConfig cfg, CodecNetwork.WeightSource init, int iterations, int batch, int patch,
                  float ssimWeight, float rateWeight) {
        this(g, cfg, init, iterations, batch, patch, ssimWeight, rateWeight, false, RATE_UNIFORM);
    }

    /** Every iteration's rate counts the same in the loss. */
    static final String RATE_UNIFORM = "uniform";

    /**
     * @param hardBits      the binariser is a plain sign (uniforms fed 0.5): the rate is measured on the bits
     *                      themselves, its gradient passed straight through to the codes; otherwise on the
     *                      stochastic binariser's probabilities
     * @param rateSchedule  how the iterations' rates are weighed: see {@link Trainer#rateScheduleExponent}
     */
    TrainingGraph(Graph g, CodecConfig cfg, CodecNetwork.WeightSource init, int iterations, int batch, int patch,
                  float ssimWeight, float rateWeight, boolean hardBits, String rateSchedule) {
        this(g, cfg, init, iterations, batch, patch, ssimWeight, rateWeight, hardBits, rateSchedule, 0f);
    }

    /**
     * @param mseWeight m in each iteration's distortion {@code (1 - m) D + m RMSE}, D the L1 (or L1/SSIM mix): RMSE is
     *                  in L1's units and, unlike L1, pays most for the largest errors, as PSNR does (0: the reference)
     */
    TrainingGraph(Graph g, CodecConfig cfg, CodecNetwork.WeightSource init, int iterations, int batch, int patch,
                  float ssimWeight, float rateWeight, boolean hardBits, String rateSchedule, float mseWeight) {
        this(g, cfg, init, iterations, batch, patch, ssimWeight, rateWeight, hardBits, rateSchedule, mseWeight, 0);
    }

    /**
     * @param priming extra decoder steps on the first iteration's bits before its delta counts (Johnston et al. 2018):
     *                the hidden state spreads context before later iterations; costs decode time, no bits (0: none)
     */
    TrainingGraph(Graph g, CodecConfig cfg, CodecNetwork.WeightSource init, int iterations, int batch, int patch,
                  float ssimWeight, float rateWeight, boolean hardBits, String rateSchedule, float mseWeight, int priming) {
        this(g, cfg, init, iterations, batch, patch, ssimWeight, rateWeight, hardBits, rateSchedule, mseWeight, priming, false);
    }

    /**
     * @param stopMasks the graph takes {@link #active} masks: blocks that stop early send 0 codes and keep their pixels,
     *                  so the networks learn the inputs a spatially adaptive rate gives them
     */
    TrainingGraph(Graph g, CodecConfig cfg, CodecNetwork.WeightSource init, int iterations, int batch, int patch,
                  float ssimWeight, float rateWeight, boolean hardBits, String rateSchedule, float mseWeight, int priming,
                  boolean stopMasks) {
        this(g, cfg, init, iterations, batch, patch, ssimWeight, rateWeight, hardBits, rateSchedule, mseWeight, priming,
                stopMasks, false);
    }

    /**
     * @param relativeDistortion each iteration's distortion counts relative to its own size: its gradient is scaled by
     *                           (mean over iterations) / (its value), both held constant, so the loss has its usual value
     *                           and scale (the rate term keeps its balance) while every iteration gets the same relative
     *                           pull, as in a loss of log distortion. The metrics that rate-distortion curves are compared in
     *                           (PSNR, MS-SSIM in dB) are logarithms, and a plain sum lets the first iterations' large
     *                           errors (1 - SSIM falls 20-fold over 16 iterations) take most of the gradient
     */
    TrainingGraph(Graph g, CodecConfig cfg, CodecNetwork.WeightSource init, int iterations, int batch, int patch,
                  float ssimWeight, float rateWeight, boolean hardBits, String rateSchedule, float mseWeight, int priming,
                  boolean stopMasks, boolean relativeDistortion) {
        this(g, cfg, init, iterations, batch, patch, ssimWeight, rateWeight, hardBits, rateSchedule, mseWeight, priming,
                stopMasks, relativeDistortion, false);
    }

    /**
     * @param decoderOnly only the decoder's weights train ({@link #isDecoderWeight}); the encoder and binariser stay as
     *                    they are, so the codes keep the statistics an entropy model was trained on while the decoder
     *                    learns a new loss (a loss that changes the encoder also changes what its codes cost)
     */
    TrainingGraph(Graph g, CodecConfig cfg, CodecNetwork.WeightSource init, int iterations, int batch, int patch,
                  float ssimWeight, float rateWeight, boolean hardBits, String rateSchedule, float mseWeight, int priming,
                  boolean stopMasks, boolean relativeDistortion, boolean decoderOnly) {
        this(g, cfg, init, iterations, batch, patch, ssimWeight, rateWeight, hardBits, rateSchedule, mseWeight, priming,
                stopMasks, relativeDistortion, decoderOnly, null);
    }

    /**
     * @param iterationWeights each iteration's distortion times this weight in the loss (null: all 1), for example
     *                         {@link Trainer#tailWeights}: the iterations past the range a model is judged in pull less,
     *                         without being dropped from the unroll (a model trained on fewer iterations loses the
     *                         later ones within a few thousand steps). The rate term is untouched, so the early
     *                         iterations' bits keep their price
     */
    TrainingGraph(Graph g, CodecConfig cfg, CodecNetwork.WeightSource init, int iterations, int batch, int patch,
                  float ssimWeight, float rateWeight, boolean hardBits, String rateSchedule, float mseWeight, int priming,
                  boolean stopMasks, boolean relativeDistortion, boolean decoderOnly, double[] iterationWeights) {
        this(g, cfg, init, iterations, batch, patch, ssimWeight, rateWeight, hardBits, rateSchedule, mseWeight, priming,
                stopMasks, relativeDistortion, decoderOnly, iterationWeights, 0f);
    }

    /**
     * @param ssimWeighting s in each pixel's weight {@code (1 - s) + s v}, v = 1 - SSIM of the iteration's reconstruction
     *                      around that pixel (per channel, 11x11 window, edges mirrored), held constant and scaled to mean 1
     *                      per crop: the L1 and RMSE of the distortion pull hardest where the structure is still wrong
     *                      (Johnston et al. 2018's SSIM-weighted pixel loss). Its mean stays 1, so unlike a (1 - SSIM) term
     *                      it keeps the loss's scale and the rate term its balance. 0: the reference
     */
    TrainingGraph(Graph g, CodecConfig cfg, CodecNetwork.WeightSource init, int iterations, int batch, int patch,
                  float ssimWeight, float rateWeight, boolean hardBits, String rateSchedule, float mseWeight, int priming,
                  boolean stopMasks, boolean relativeDistortion, boolean decoderOnly, double[] iterationWeights,
                  float ssimWeighting) {
        this(g, cfg, init, iterations, batch, patch, ssimWeight, rateWeight, hardBits, rateSchedule, mseWeight, priming,
                stopMasks, relativeDistortion, decoderOnly ? TrainingGraph::isDecoderWeight : name -> true, iterationWeights,
                ssimWeighting);
    }

    /**
     * @param trained which weights train, by {@link CodecNetwork}'s names (the others stay as they are): all, the
     *                decoder's ({@link #isDecoderWeight}) or the encoder's and binariser's (the decoder frozen, so a
     *                new encoder writes codes the old decoder reads)
     */
    TrainingGraph(Graph g, CodecConfig cfg, CodecNetwork.WeightSource init, int iterations, int batch, int patch,
                  float ssimWeight, float rateWeight, boolean hardBits, String rateSchedule, float mseWeight, int priming,
                  boolean stopMasks, boolean relativeDistortion, java.util.function.Predicate<String> trained,
                  double[] iterationWeights, float ssimWeighting) {
        if (!(ssimWeighting >= 0 && ssimWeighting <= 1))
            throw new IllegalArgumentException("SSIM weighting " + ssimWeighting + " (0 to 1)");
        if (iterationWeights != null && (iterationWeights.length != iterations || relativeDistortion))
            throw new IllegalArgumentException("iteration weights: one per unrolled iteration, not with relative distortion");
        if (stopMasks && cfg.oneShot()) throw new IllegalArgumentException("stop masks need an additive model");
        if (priming < 0 || priming > 8) throw new IllegalArgumentException("priming " + priming + " (0 to 8)");
        if (!(mseWeight >= 0 && mseWeight <= 1)) throw new IllegalArgumentException("MSE weight " + mseWeight + " (0 to 1)");
        double exponent = Trainer.rateScheduleExponent(rateSchedule);
        this.iterations = iterations;
        this.batch = batch;
        this.patch = patch;
        Ops tf = Ops.create(g);
        net = new CodecNetwork(tf, cfg, init);
        images = tf.withName("images").placeholder(TFloat32.class, Placeholder.shape(Shape.of(batch, patch, patch, 3)));
        int[] e = cfg.encoderWidths(), d = cfg.decoderWidths();
        List<CodecNetwork.State> enc = new ArrayList<>(), dec = new ArrayList<>();
        for (int i = 0; i < cfg.encoderCells(); i++) enc.add(zeroState(tf, batch, patch / cfg.encoderStateScale(i), cfg.encoderStateChannels(i)));
        for (int i = 0; i < cfg.decoderCells(); i++) dec.add(zeroState(tf, batch, patch / cfg.decoderStateScale(i), cfg.decoderStateChannels(i)));
        Operand<TFloat32> residual = images;
        Operand<TFloat32> total = tf.constant(0f), totalRate = tf.constant(0f);
        Operand<TFloat32> previousBits = null;
        Operand<org.tensorflow.types.TInt32> axes = tf.constant(new int[]{0, 1, 2, 3});
        Operand<TFloat32> previousL1 = tf.stopGradient(tf.math.mean(tf.math.abs(images), axes));
        int cells = patch / CodecConfig.BLOCK;
        for (int t = 0; t < iterations; t++) {
            Placeholder<TFloat32> u = tf.withName("uniform" + t).placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(batch, cells, cells, cfg.bits())));
            uniforms.add(u);
            float gain = cfg.gain(t);
            CodecNetwork.EncoderStep es = net.encode(gain == 1f ? residual : tf.math.mul(residual, tf.constant(gain)), enc);
            enc = es.states();
            Operand<TFloat32> bits = net.binarizeStochastic(es.code(), u);
            Operand<TFloat32> half = tf.constant(0.5f);
            // P(bit = +1): the stochastic binariser's probability, or the sign bit itself (gradient straight through)
            Operand<TFloat32> p = tf.math.add(tf.math.mul(hardBits ? bits : es.code(), half), half);
            Operand<TFloat32> r = rateProxy(tf, p, bits, previousBits);
            rates.add(r);
            totalRate = tf.math.add(totalRate, r);
            previousBits = bits;
            Operand<TFloat32> pixels = null; // 1 on the pixels of blocks still coded, with stop masks
            if (stopMasks && t > 0) {
                Placeholder<TFloat32> a = tf.withName("active" + t).placeholder(TFloat32.class,
                        Placeholder.shape(Shape.of(batch, cells, cells, 1)));
                active.add(a);
                bits = tf.math.mul(bits, a);
                int area = CodecConfig.BLOCK * CodecConfig.BLOCK;
                pixels = tf.nn.depthToSpace(tf.tile(a, tf.constant(new int[]{1, 1, 1, area})), (long) CodecConfig.BLOCK);
            }
            CodecNetwork.DecoderStep ds = net.decode(bits, dec);
            for (int k = 0; t == 0 && k < priming; k++) ds = net.decode(bits, ds.states());
            dec = ds.states();
            if (cfg.oneShot()) {
                residual = tf.math.sub(images, ds.delta());
            } else {
                Operand<TFloat32> delta = gain == 1f ? ds.delta() : tf.math.div(ds.delta(), tf.constant(gain));
                if (pixels != null) delta = tf.math.mul(delta, pixels);
                residual = tf.math.sub(residual, delta);
            }
            Operand<TFloat32> plainL1 = tf.math.mean(tf.math.abs(residual), axes);
            Operand<TFloat32> l1Now = tf.stopGradient(plainL1);
            Operand<TFloat32> pixelWeights = ssimWeighting > 0
                    ? ssimPixelWeights(tf, images, tf.math.sub(images, residual), ssimWeighting) : null;
            Operand<TFloat32> l1 = pixelWeights == null ? plainL1
                    : tf.math.mean(tf.math.mul(pixelWeights, tf.math.abs(residual)), axes);
            gains.add(tf.math.sub(previousL1, l1Now));
            previousL1 = l1Now;
            if (ssimWeight > 0) {
                Operand<TFloat32> ssim = ssim(tf, images, tf.math.sub(images, residual));
                l1 = tf.math.add(tf.math.mul(l1, tf.constant(1 - ssimWeight)),
                        tf.math.mul(tf.math.sub(tf.constant(1f), ssim), tf.constant(ssimWeight)));
            }
            Operand<TFloat32> meanSquare = tf.math.mean(tf.math.square(residual), axes);
            if (mseWeight > 0) {
                Operand<TFloat32> squares = pixelWeights == null ? meanSquare
                        : tf.math.mean(tf.math.mul(pixelWeights, tf.math.square(residual)), axes);
                Operand<TFloat32> rmse = tf.math.sqrt(tf.math.add(squares, tf.constant(1e-10f)));
                l1 = tf.math.add(tf.math.mul(l1, tf.constant(1 - mseWeight)), tf.math.mul(rmse, tf.constant(mseWeight)));
            }
            double w = iterationWeights == null ? 1 : iterationWeights[t];
            total = tf.math.add(total, w == 1 ? l1 : tf.math.mul(l1, tf.constant((float) w)));
            distortions.add(l1);
            mse.add(meanSquare);
        }
        if (relativeDistortion) {
            Operand<TFloat32> mean = tf.stopGradient(tf.math.div(total, tf.constant((float) iterations)));
            List<Operand<TFloat32>> weighted = new ArrayList<>();
            for (Operand<TFloat32> dt : distortions)
                weighted.add(tf.math.mul(dt, tf.stopGradient(tf.math.div(mean, tf.math.maximum(dt, tf.constant(1e-6f))))));
            total = tf.math.addN(weighted);
        }
        rate = tf.withName("rate").math.div(totalRate, tf.constant((float) iterations));
        Operand<TFloat32> priced = tf.identity(rate);
        if (exponent > 0) {
            List<Operand<TFloat32>> w = new ArrayList<>();
            for (int t = 0; t < iterations; t++) {
                // a (rare) iteration that made things worse buys nothing: its bits get the smallest price
                Operand<TFloat32> gain = tf.math.maximum(gains.get(t), tf.constant(1e-7f));
                w.add(exponent == 1 ? gain : tf.math.pow(gain, tf.constant((float) exponent)));
            }
            Operand<TFloat32> meanW = tf.math.div(tf.math.addN(w), tf.constant((float) iterations));
            List<Operand<TFloat32>> weighted = new ArrayList<>();
            for (int t = 0; t < iterations; t++) weighted.add(tf.math.mul(rates.get(t), tf.math.div(w.get(t), meanW)));
            priced = tf.math.div(tf.math.addN(weighted), tf.constant((float) iterations));
        }
        Operand<TFloat32> distortion = tf.math.div(total, tf.constant((float) iterations));
        // without a rate weight the rate stays out of the loss, so no gradient is computed through it
        pricedRate = priced;
        loss = rateWeight > 0 ? tf.withName("loss").math.add(distortion, tf.math.mul(priced, tf.constant(rateWeight)))
                : tf.withName("loss").identity(distortion);

        adam = new Adam(tf, loss, net.weights(), trained);
    }

    /** The decoder's weights, by {@link CodecNetwork}'s names: everything after the binariser. */
    static boolean isDecoderWeight(String name) {
        return name.startsWith("dec/");
    }

    /**
     * A differentiable stand-in for what the entropy stage will pay for one iteration's codes, in bits per code.
     * Each bit is coded in a context made of the bits the mixer sees first: the same channel's bit to the left and
     * above in this iteration and at the same position in the previous iteration (8 contexts per channel). With q
     * the batch's mean of p = P(bit = +1) in a context, a bit costs H(q) on average. Lowering it asks the encoder
     * for bits that its neighbours predict where it has little to say (flat regions, late iterations). The context
     * bits only select the context (no gradient through them); outside the crop they count as -1.
     *
     * @param p            P(bit = +1) for each code, [N, H, W, C]: the gradient flows through it
     * @param bits         this iteration's bits (+-1), same shape: the left and upper contexts
     * @param previousBits the previous iteration's bits, or null for the first iteration
     */
    static Operand<TFloat32> rateProxy(Ops tf, Operand<TFloat32> p, Operand<TFloat32> bits, Operand<TFloat32> previousBits) {
        Operand<TFloat32> half = tf.constant(0.5f), one = tf.constant(1f);
        Operand<TFloat32> on = tf.stopGradient(tf.math.add(tf.math.mul(bits, half), half)); // 1 where the bit is +1
        Shape s = on.shape();
        int[] size = {(int) s.get(0), (int) s.get(1), (int) s.get(2), (int) s.get(3)};
        Operand<org.tensorflow.types.TInt32> origin = tf.constant(new int[]{0, 0, 0, 0}), whole = tf.constant(size);
        Operand<TFloat32> left = tf.slice(tf.pad(on, tf.constant(new int[][]{{0, 0}, {0, 0}, {1, 0}, {0, 0}}), tf.constant(0f)),
                origin, whole);
        Operand<TFloat32> up = tf.slice(tf.pad(on, tf.constant(new int[][]{{0, 0}, {1, 0}, {0, 0}, {0, 0}}), tf.constant(0f)),
                origin, whole);
        Operand<TFloat32> prev = previousBits == null ? tf.zerosLike(on)
                : tf.stopGradient(tf.math.add(tf.math.mul(previousBits, half), half));
        Operand<org.tensorflow.types.TInt32> positions = tf.constant(new int[]{0, 1, 2});
        Operand<TFloat32> eps = tf.constant(1e-6f);
        Operand<TFloat32> count = tf.constant((float) size[0] * size[1] * size[2]);
        List<Operand<TFloat32>> perContext = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            Operand<TFloat32> ind = one;
            for (int b = 0; b < 3; b++) {
                Operand<TFloat32> ctx = b == 0 ? left : b == 1 ? up : prev;
                ind = tf.math.mul(ind, ((k >> b) & 1) == 1 ? ctx : tf.math.sub(one, ctx));
            }
            Operand<TFloat32> n = tf.sum(ind, positions); // per channel
            Operand<TFloat32> q = tf.math.div(tf.sum(tf.math.mul(p, ind), positions), tf.math.add(n, eps));
            perContext.add(tf.math.mul(n, binaryEntropy(tf, q)));
        }
        return tf.math.mean(tf.math.div(tf.math.addN(perContext), count), tf.constant(0));
    }

    /** H(q) in bits, q clamped away from 0 and 1. */
    static Operand<TFloat32> binaryEntropy(Ops tf, Operand<TFloat32> q) {
        Operand<TFloat32> c = tf.clipByValue(q, tf.constant(1e-6f), tf.constant(1 - 1e-6f));
        Operand<TFloat32> one = tf.constant(1f), invLn2 = tf.constant((float) (1 / Math.log(2)));
        Operand<TFloat32> nats = tf.math.neg(tf.math.add(tf.math.mul(c, tf.math.log(c)),
                tf.math.mul(tf.math.sub(one, c), tf.math.log(tf.math.sub(one, c)))));
        return tf.math.mul(nats, invLn2);
    }

    /** Mean SSIM of two [N,H,W,3] batches in [-0.5, 0.5] (shifted to [0, 1]), Wang et al.'s constants. */
    static Operand<TFloat32> ssim(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b) {
        return tf.math.mean(ssimMap(tf, a, b), tf.constant(new int[]{0, 1, 2, 3}));
    }

    /**
     * Per-pixel weights {@code (1 - s) + s v / mean(v)}, v = 1 - SSIM around each pixel and channel of [N,H,W,3] crops
     * (the windows mirrored at the crop's edges, so every pixel has one), the mean taken per crop; no gradient flows
     * through them.
     */
    static Operand<TFloat32> ssimPixelWeights(Ops tf, Operand<TFloat32> original, Operand<TFloat32> reconstruction, float s) {
        Operand<org.tensorflow.types.TInt32> pad = tf.constant(new int[][]{{0, 0}, {5, 5}, {5, 5}, {0, 0}});
        Operand<TFloat32> map = ssimMap(tf, tf.mirrorPad(tf.stopGradient(original), pad, "REFLECT"),
                tf.mirrorPad(tf.stopGradient(reconstruction), pad, "REFLECT"));
        Operand<TFloat32> v = tf.math.maximum(tf.math.sub(tf.constant(1f), map), tf.constant(0f));
        Operand<TFloat32> mean = tf.math.mean(v, tf.constant(new int[]{1, 2, 3}), org.tensorflow.op.math.Mean.keepDims(true));
        Operand<TFloat32> normalised = tf.math.div(v, tf.math.add(mean, tf.constant(1e-6f)));
        return tf.stopGradient(tf.math.add(tf.constant(1 - s), tf.math.mul(normalised, tf.constant(s))));
    }

    /** SSIM per "valid" 11x11 window position and channel, [N,H-10,W-10,3], of batches in [-0.5, 0.5]. */
    static Operand<TFloat32> ssimMap(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b) {
        int k = 11;
        float[] g1 = new float[k];
        float sum = 0;
        for (int i = 0; i < k; i++) sum += g1[i] = (float) Math.exp(-Math.pow(i - k / 2, 2) / (2 * 1.5 * 1.5));
        float[] kernel = new float[k * k * 3 * 3]; // [k, k, in 3, out 3], each channel on its own
        for (int y = 0; y < k; y++)
            for (int x = 0; x < k; x++)
                for (int c = 0; c < 3; c++) kernel[((y * k + x) * 3 + c) * 3 + c] = g1[y] * g1[x] / (sum * sum);
        Operand<TFloat32> w = tf.constant(Shape.of(k, k, 3, 3), org.tensorflow.ndarray.buffer.DataBuffers.of(kernel, true, false));
        Operand<TFloat32> half = tf.constant(0.5f);
        Operand<TFloat32> x = tf.math.add(a, half), y = tf.math.add(b, half);
        java.util.function.Function<Operand<TFloat32>, Operand<TFloat32>> blur =
                v -> tf.nn.conv2d(v, w, List.of(1L, 1L, 1L, 1L), "VALID");
        Operand<TFloat32> mx = blur.apply(x), my = blur.apply(y);
        Operand<TFloat32> mxx = tf.math.mul(mx, mx), myy = tf.math.mul(my, my), mxy = tf.math.mul(mx, my);
        Operand<TFloat32> sxx = tf.math.sub(blur.apply(tf.math.mul(x, x)), mxx);
        Operand<TFloat32> syy = tf.math.sub(blur.apply(tf.math.mul(y, y)), myy);
        Operand<TFloat32> sxy = tf.math.sub(blur.apply(tf.math.mul(x, y)), mxy);
        Operand<TFloat32> c1 = tf.constant(1e-4f), c2 = tf.constant(9e-4f), two = tf.constant(2f);
        Operand<TFloat32> num = tf.math.mul(tf.math.add(tf.math.mul(two, mxy), c1), tf.math.add(tf.math.mul(two, sxy), c2));
        Operand<TFloat32> den = tf.math.mul(tf.math.add(tf.math.add(mxx, myy), c1), tf.math.add(tf.math.add(sxx, syy), c2));
        return tf.math.div(num, den);
    }

    private static CodecNetwork.State zeroState(Ops tf, int batch, int side, int channels) {
        Operand<TFloat32> z = tf.zeros(tf.constant(new int[]{batch, side, side, channels}), TFloat32.class);
        return new CodecNetwork.State(z, z);
    }
}

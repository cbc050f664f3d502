package org.rnc.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;

/**
 * Shape of a recurrent codec network (Toderici et al. 2017): channel widths, code size and the iteration
 * budget. Everything the Java side needs to drive a loaded model (state tensor shapes) follows from it.
 *
 * <pre>
 * encoder: conv3x3/2 (e0) -> convLSTM/2 (e1) -> convLSTM/2 (e2) -> convLSTM/2 (e3) [-> convLSTM (e4) ...] : H/16
 * binarizer: conv1x1 -> bits channels, tanh, sign
 * decoder: conv1x1 (d1) -> [convLSTM (d1) ...] at H/16 -> [convLSTM (d_i), depth-to-space x2] x 4 -> conv1x1 -> RGB, tanh/2
 * </pre>
 * The reference design has one recurrent cell on each side of the code (the bottleneck, at H/16): e3 and d1. More
 * widths put more cells there ("inner layers", stride 1): the encoder's widths after e2 are its cells at H/16 in
 * order towards the code, the decoder's widths before the last three are its cells at H/16 in order from the code.
 * Only the last of those feeds a depth-to-space, so only it (and the three after it) must divide by 4.
 *
 * @param encoderWidths  e0, e1, e2, then one or more cells at H/16
 * @param decoderWidths  one or more cells at H/16, then the cells at H/8, H/4 and H/2
 * @param decoderHiddenKernels hidden-state kernel of each decoder cell (reference: 1, 1, 3, 3)
 * @param bits           code channels per 16x16 block per iteration (reference: 32)
 * @param maxIterations  iterations the model is meant to run (16 for the default model)
 * @param cell           recurrent cell of every layer: {@code lstm} (reference) or {@code gru}
 * @param reconstruction {@code additive} (the decoder's outputs are summed; reference) or {@code oneshot} (each
 *                       decoder output is the whole image)
 * @param residualGain   residual scaling: iteration t (0-based) encodes the residual times {@code gain^t} and
 *                       its decoder output is divided by it (1 = off; additive reconstruction only)
 * @param outputStage    channels of a full-resolution stage after the last depth-to-space (a 3x3 convolution, ReLU,
 *                       a 3x3 convolution to RGB, added to the reference's 1x1 output convolution); 0 = none, the
 *                       reference
 */
public record CodecConfig(int[] encoderWidths, int[] decoderWidths, int[] decoderHiddenKernels, int bits,
                          int maxIterations, String cell, String reconstruction, float residualGain, int outputStage) {

    public static final String LSTM = "lstm", GRU = "gru", ADDITIVE = "additive", ONE_SHOT = "oneshot";

    /** The reference design: LSTM cells, additive reconstruction, no residual scaling. */
    public CodecConfig(int[] encoderWidths, int[] decoderWidths, int[] decoderHiddenKernels, int bits, int maxIterations) {
        this(encoderWidths, decoderWidths, decoderHiddenKernels, bits, maxIterations, LSTM, ADDITIVE, 1f);
    }

    /** Without a full-resolution output stage. */
    public CodecConfig(int[] encoderWidths, int[] decoderWidths, int[] decoderHiddenKernels, int bits, int maxIterations,
                       String cell, String reconstruction, float residualGain) {
        this(encoderWidths, decoderWidths, decoderHiddenKernels, bits, maxIterations, cell, reconstruction, residualGain, 0);
    }

    /** Most channels of the full-resolution output stage: it runs on every pixel, so it is kept narrow. */
    public static final int MAX_OUTPUT_STAGE = 64;

    /** Spatial multiple: four stride-2 stages. */
    public static final int BLOCK = 16;

    /** At most this many widths a side (up to 5 cells at H/16): bounds what a model file can ask the runtime for. */
    public static final int MAX_WIDTHS = 8;

    public CodecConfig {
        if (encoderWidths.length < 4 || decoderWidths.length < 4 || encoderWidths.length > MAX_WIDTHS
                || decoderWidths.length > MAX_WIDTHS)
            throw new IllegalArgumentException("4 to " + MAX_WIDTHS + " encoder and decoder widths, not "
                    + encoderWidths.length + " and " + decoderWidths.length);
        if (decoderHiddenKernels.length != decoderWidths.length)
            throw new IllegalArgumentException("a hidden kernel for each of the " + decoderWidths.length + " decoder cells");
        for (int k : decoderHiddenKernels) if (k < 1 || k > 7) throw new IllegalArgumentException("hidden kernel " + k + " (1 to 7)");
        for (int i = 0; i < decoderWidths.length; i++) {
            int d = decoderWidths[i];
            if (d <= 0) throw new IllegalArgumentException("decoder width " + d);
            if (depthToSpace(i, decoderWidths.length) && d % 4 != 0)
                throw new IllegalArgumentException("decoder width " + d + " not a multiple of 4");
        }
        for (int e : encoderWidths) if (e <= 0) throw new IllegalArgumentException("encoder width " + e);
        if (bits <= 0 || bits > 255) throw new IllegalArgumentException("bits " + bits);
        if (maxIterations <= 0 || maxIterations > 255) throw new IllegalArgumentException("iterations " + maxIterations);
        if (!cell.equals(LSTM) && !cell.equals(GRU)) throw new IllegalArgumentException("cell '" + cell + "' (lstm or gru)");
        if (!reconstruction.equals(ADDITIVE) && !reconstruction.equals(ONE_SHOT))
            throw new IllegalArgumentException("reconstruction '" + reconstruction + "' (additive or oneshot)");
        if (!(residualGain >= 1f && residualGain <= 16f)) throw new IllegalArgumentException("residual gain " + residualGain + " (1 to 16)");
        if (residualGain != 1f && reconstruction.equals(ONE_SHOT))
            throw new IllegalArgumentException("residual scaling needs additive reconstruction");
        if (outputStage < 0 || outputStage > MAX_OUTPUT_STAGE)
            throw new IllegalArgumentException("output stage " + outputStage + " (0 to " + MAX_OUTPUT_STAGE + " channels)");
        encoderWidths = encoderWidths.clone();
        decoderWidths = decoderWidths.clone();
        decoderHiddenKernels = decoderHiddenKernels.clone();
    }

    /** Named width presets; see the training README for their speed on 2 cores. */
    public static CodecConfig preset(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "tiny" -> new CodecConfig(new int[]{8, 16, 32, 32}, new int[]{32, 32, 16, 16}, new int[]{1, 1, 3, 3}, 32, 16);
            case "small" -> new CodecConfig(new int[]{16, 64, 128, 128}, new int[]{128, 128, 64, 32}, new int[]{1, 1, 3, 3}, 32, 16);
            case "medium" -> new CodecConfig(new int[]{32, 96, 192, 192}, new int[]{192, 192, 96, 48}, new int[]{1, 1, 3, 3}, 32, 16);
            case "large" -> new CodecConfig(new int[]{32, 128, 256, 256}, new int[]{256, 256, 128, 64}, new int[]{1, 1, 3, 3}, 32, 16);
            case "reference" -> new CodecConfig(new int[]{64, 256, 512, 512}, new int[]{512, 512, 256, 128}, new int[]{1, 1, 3, 3}, 32, 16);
            // the study's Models 1-4: one cell of 64 ("narrow"), one of 128 ("250 units"), two of 104 ("200 + 200"),
            // 152 then 52 ("300 then 100"); see docs/models-1-4.md
            case "model1" -> study(new int[]{64});
            case "model2" -> study(new int[]{128});
            case "model3" -> study(new int[]{104, 104});
            case "model4" -> study(new int[]{152, 52});
            default -> throw new IllegalArgumentException("unknown preset '" + name + "' (tiny, small, medium, large, reference, model1 .. model4)");
        };
    }

    /** The same widths with other design options. */
    public CodecConfig withOptions(String cell, String reconstruction, float residualGain) {
        return new CodecConfig(encoderWidths, decoderWidths, decoderHiddenKernels, bits, maxIterations, cell, reconstruction,
                residualGain, outputStage);
    }

    /** The same layout with a full-resolution output stage of {@code channels} (0: none). */
    public CodecConfig withOutputStage(int channels) {
        return new CodecConfig(encoderWidths, decoderWidths, decoderHiddenKernels, bits, maxIterations, cell, reconstruction,
                residualGain, channels);
    }

    /** The same layout with other encoder widths (as many as before): a wider encoder for the same decoder. */
    public CodecConfig withEncoderWidths(int[] widths) {
        return new CodecConfig(widths, decoderWidths, decoderHiddenKernels, bits, maxIterations, cell, reconstruction,
                residualGain, outputStage);
    }

    /**
     * Other widths for the same layout (as many a side as before, so the hidden kernels still fit): a new run's
     * widths instead of its preset's, for instance GRU cells widened to the LSTM's multiply-adds.
     */
    public CodecConfig withWidths(int[] encoder, int[] decoder) {
        if (encoder.length != encoderWidths.length || decoder.length != decoderWidths.length)
            throw new IllegalArgumentException(encoderWidths.length + " encoder and " + decoderWidths.length
                    + " decoder widths, not " + encoder.length + " and " + decoder.length);
        return new CodecConfig(encoder, decoder, decoderHiddenKernels, bits, maxIterations, cell, reconstruction,
                residualGain, outputStage);
    }

    /** The same layout with other decoder hidden-state kernels (one per cell). */
    public CodecConfig withDecoderHiddenKernels(int[] kernels) {
        return new CodecConfig(encoderWidths, decoderWidths, kernels, bits, maxIterations, cell, reconstruction,
                residualGain, outputStage);
    }

    /** Channels at full resolution after the last depth-to-space, the output stage's input. */
    public int fullResolutionChannels() { return decoderWidths[decoderWidths.length - 1] / 4; }

    public boolean oneShot() { return reconstruction.equals(ONE_SHOT); }

    /** The residual gain of iteration t (0-based). */
    public float gain(int t) { return (float) Math.pow(residualGain, t); }

    /** The study's four layouts ("Models 1-4", docs/models-1-4.md): the small preset with other cells at H/16. */
    private static CodecConfig study(int[] inner) {
        int[] e = new int[3 + inner.length], d = new int[3 + inner.length], hk = new int[3 + inner.length];
        e[0] = 16;
        e[1] = 64;
        e[2] = 128;
        for (int i = 0; i < inner.length; i++) {
            e[3 + i] = inner[i];
            d[i] = inner[inner.length - 1 - i]; // the decoder mirrors the encoder
            hk[i] = 1;
        }
        int n = inner.length;
        d[n] = 128;
        d[n + 1] = 64;
        d[n + 2] = 32;
        hk[n] = 1;
        hk[n + 1] = 3;
        hk[n + 2] = 3;
        return new CodecConfig(e, d, hk, 32, 16);
    }

    /** Recurrent cells of the encoder (3 in the reference design). */
    public int encoderCells() { return encoderWidths.length - 1; }

    /** Recurrent cells of the decoder (4 in the reference design). */
    public int decoderCells() { return decoderWidths.length; }

    /** Encoder LSTM state: channels and downscale factor of cell i (0 .. encoderCells - 1). */
    public int encoderStateChannels(int i) { return encoderWidths[i + 1]; }

    public int encoderStateScale(int i) { return Math.min(4 << i, BLOCK); }

    /** Decoder LSTM state: channels and downscale factor of cell i (0 .. decoderCells - 1). */
    public int decoderStateChannels(int i) { return decoderWidths[i]; }

    public int decoderStateScale(int i) {
        int atBlock = decoderWidths.length - 3; // cells at H/16
        return i < atBlock ? BLOCK : BLOCK >> (i - atBlock + 1);
    }

    /** Whether decoder cell i's state goes through a depth-to-space: the last cell at H/16 and every one after it. */
    public boolean decoderDepthToSpace(int i) {
        return depthToSpace(i, decoderWidths.length);
    }

    // static, so the compact constructor can check widths with it before the fields are set
    private static boolean depthToSpace(int i, int decoderCells) {
        return i >= decoderCells - 4;
    }

    /** Input channels of decoder cell i: the 1x1 convolution's output, the cell before, or a depth-to-space. */
    public int decoderInputChannels(int i) {
        if (i == 0) return decoderWidths[0];
        return decoderStateScale(i) == decoderStateScale(i - 1) ? decoderWidths[i - 1] : decoderWidths[i - 1] / 4;
    }

    /** Trainable weights of the layout (as the training graph creates them). */
    public long parameterCount() {
        int g = cell.equals(GRU) ? 3 : 4;
        long n = 27L * encoderWidths[0];
        for (int i = 0; i < encoderCells(); i++) {
            long in = encoderWidths[i], out = encoderWidths[i + 1];
            n += 9 * in * g * out + out * g * out + g * out;
        }
        n += (long) encoderWidths[encoderWidths.length - 1] * bits + (long) bits * decoderWidths[0];
        for (int i = 0; i < decoderCells(); i++) {
            long in = decoderInputChannels(i), out = decoderWidths[i], k = decoderHiddenKernels[i];
            n += 9 * in * g * out + k * k * out * g * out + g * out;
        }
        n += 3L * fullResolutionChannels();
        if (outputStage > 0) n += 9L * fullResolutionChannels() * outputStage + outputStage + 9L * outputStage * 3;
        return n;
    }

    /** Multiply-adds per image pixel of one encoder iteration (convolutions only; gates and tanh are a few more). */
    public double encoderMacsPerPixel() {
        double m = 9.0 * 3 * encoderWidths[0] / 4; // conv3x3 stride 2: its outputs are at H/2
        int gates = cell.equals(GRU) ? 3 : 4;
        for (int i = 0; i < encoderCells(); i++) {
            int in = encoderWidths[i], out = encoderWidths[i + 1], s = encoderStateScale(i);
            m += (9.0 * in * gates * out + 1.0 * out * gates * out) / ((double) s * s);
        }
        int e = encoderWidths[encoderWidths.length - 1];
        return m + (double) e * bits / (BLOCK * BLOCK);
    }

    /** Multiply-adds per image pixel of one decoder iteration (convolutions only). */
    public double decoderMacsPerPixel() {
        int gates = cell.equals(GRU) ? 3 : 4;
        double m = (double) bits * decoderWidths[0] / (BLOCK * BLOCK);
        for (int i = 0; i < decoderCells(); i++) {
            int in = decoderInputChannels(i), out = decoderWidths[i], s = decoderStateScale(i), k = decoderHiddenKernels[i];
            m += (9.0 * in * gates * out + (double) k * k * out * gates * out) / ((double) s * s);
        }
        m += 3.0 * fullResolutionChannels();
        return m + 9.0 * fullResolutionChannels() * outputStage + 9.0 * outputStage * 3;
    }

    public void store(Properties p) {
        p.setProperty("encoder.widths", join(encoderWidths));
        p.setProperty("decoder.widths", join(decoderWidths));
        p.setProperty("decoder.hiddenKernels", join(decoderHiddenKernels));
        p.setProperty("bits", Integer.toString(bits));
        p.setProperty("maxIterations", Integer.toString(maxIterations));
        // the reference options are left out, so models made before the options existed read back the same
        if (!cell.equals(LSTM)) p.setProperty("cell", cell);
        if (!reconstruction.equals(ADDITIVE)) p.setProperty("reconstruction", reconstruction);
        if (residualGain != 1f) p.setProperty("residualGain", Float.toString(residualGain));
        if (outputStage != 0) p.setProperty("decoder.outputStage", Integer.toString(outputStage));
    }

    public static CodecConfig load(Properties p) {
        return new CodecConfig(ints(p, "encoder.widths"), ints(p, "decoder.widths"), ints(p, "decoder.hiddenKernels"),
                Integer.parseInt(req(p, "bits")), Integer.parseInt(req(p, "maxIterations")),
                p.getProperty("cell", LSTM).trim(), p.getProperty("reconstruction", ADDITIVE).trim(),
                Float.parseFloat(p.getProperty("residualGain", "1").trim()),
                Integer.parseInt(p.getProperty("decoder.outputStage", "0").trim()));
    }

    private static String req(Properties p, String k) {
        String v = p.getProperty(k);
        if (v == null) throw new IllegalArgumentException("model properties lack '" + k + "'");
        return v.trim();
    }

    private static int[] ints(Properties p, String k) {
        return Arrays.stream(req(p, k).split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }

    private static String join(int[] a) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.length; i++) sb.append(i > 0 ? "," : "").append(a[i]);
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CodecConfig c && Arrays.equals(c.encoderWidths, encoderWidths)
                && Arrays.equals(c.decoderWidths, decoderWidths) && Arrays.equals(c.decoderHiddenKernels, decoderHiddenKernels)
                && c.bits == bits && c.maxIterations == maxIterations && c.cell.equals(cell)
                && c.reconstruction.equals(reconstruction) && c.residualGain == residualGain && c.outputStage == outputStage;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoderWidths) * 31 + Arrays.hashCode(decoderWidths) + bits;
    }

    @Override
    public String toString() {
        return "encoder " + join(encoderWidths) + " / decoder " + join(decoderWidths) + " (hidden kernels "
                + join(decoderHiddenKernels) + "), " + bits + " bits/block, " + maxIterations + " iterations"
                + (cell.equals(LSTM) ? "" : ", " + cell + " cells") + (reconstruction.equals(ADDITIVE) ? "" : ", one-shot")
                + (residualGain == 1f ? "" : ", residual gain " + residualGain)
                + (outputStage == 0 ? "" : ", full-resolution output stage of " + outputStage);
    }
}

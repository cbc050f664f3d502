package org.rnc.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;

/**
 * Shape of a recurrent codec network (Toderici et al. 2017): channel widths, code size and the iteration
 * budget. Everything the Java side needs to drive a loaded model (state tensor shapes) follows from it.
 *
 * <pre>
 * encoder: conv3x3/2 (e0) -> convLSTM/2 (e1) -> convLSTM/2 (e2) -> convLSTM/2 (e3)     : H/16
 * binarizer: conv1x1 -> bits channels, tanh, sign
 * decoder: conv1x1 (d1) -> [convLSTM (d_i), depth-to-space x2] x 4 -> conv1x1 -> RGB, tanh/2
 * </pre>
 *
 * @param encoderWidths  e0, e1, e2, e3
 * @param decoderWidths  d1..d4, each divisible by 4 (depth-to-space)
 * @param decoderHiddenKernels hidden-state kernel of each decoder cell (reference: 1, 1, 3, 3)
 * @param bits           code channels per 16x16 block per iteration (reference: 32)
 * @param maxIterations  iterations the model is meant to run (16 for the default model)
 * @param cell           recurrent cell of every layer: {@code lstm} (reference) or {@code gru}
 * @param reconstruction {@code additive} (the decoder's outputs are summed; reference) or {@code oneshot} (each
 *                       decoder output is the whole image)
 * @param residualGain   residual scaling: iteration t (0-based) encodes the residual times {@code gain^t} and
 *                       its decoder output is divided by it (1 = off; additive reconstruction only)
 */
public record CodecConfig(int[] encoderWidths, int[] decoderWidths, int[] decoderHiddenKernels, int bits,
                          int maxIterations, String cell, String reconstruction, float residualGain) {

    public static final String LSTM = "lstm", GRU = "gru", ADDITIVE = "additive", ONE_SHOT = "oneshot";

    /** The reference design: LSTM cells, additive reconstruction, no residual scaling. */
    public CodecConfig(int[] encoderWidths, int[] decoderWidths, int[] decoderHiddenKernels, int bits, int maxIterations) {
        this(encoderWidths, decoderWidths, decoderHiddenKernels, bits, maxIterations, LSTM, ADDITIVE, 1f);
    }

    /** Spatial multiple: four stride-2 stages. */
    public static final int BLOCK = 16;

    public CodecConfig {
        if (encoderWidths.length != 4 || decoderWidths.length != 4 || decoderHiddenKernels.length != 4)
            throw new IllegalArgumentException("four encoder and four decoder widths");
        for (int d : decoderWidths)
            if (d % 4 != 0 || d <= 0) throw new IllegalArgumentException("decoder width " + d + " not a multiple of 4");
        for (int e : encoderWidths) if (e <= 0) throw new IllegalArgumentException("encoder width " + e);
        if (bits <= 0 || bits > 255) throw new IllegalArgumentException("bits " + bits);
        if (maxIterations <= 0 || maxIterations > 255) throw new IllegalArgumentException("iterations " + maxIterations);
        if (!cell.equals(LSTM) && !cell.equals(GRU)) throw new IllegalArgumentException("cell '" + cell + "' (lstm or gru)");
        if (!reconstruction.equals(ADDITIVE) && !reconstruction.equals(ONE_SHOT))
            throw new IllegalArgumentException("reconstruction '" + reconstruction + "' (additive or oneshot)");
        if (!(residualGain >= 1f && residualGain <= 16f)) throw new IllegalArgumentException("residual gain " + residualGain + " (1 to 16)");
        if (residualGain != 1f && reconstruction.equals(ONE_SHOT))
            throw new IllegalArgumentException("residual scaling needs additive reconstruction");
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
            default -> throw new IllegalArgumentException("unknown preset '" + name + "' (tiny, small, medium, large, reference)");
        };
    }

    /** The same widths with other design options. */
    public CodecConfig withOptions(String cell, String reconstruction, float residualGain) {
        return new CodecConfig(encoderWidths, decoderWidths, decoderHiddenKernels, bits, maxIterations, cell, reconstruction,
                residualGain);
    }

    public boolean oneShot() { return reconstruction.equals(ONE_SHOT); }

    /** The residual gain of iteration t (0-based). */
    public float gain(int t) { return (float) Math.pow(residualGain, t); }

    /** Encoder LSTM state: channels and downscale factor of cell i (0..2). */
    public int encoderStateChannels(int i) { return encoderWidths[i + 1]; }

    public int encoderStateScale(int i) { return 4 << i; }

    /** Decoder LSTM state: channels and downscale factor of cell i (0..3). */
    public int decoderStateChannels(int i) { return decoderWidths[i]; }

    public int decoderStateScale(int i) { return 16 >> i; }

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
    }

    public static CodecConfig load(Properties p) {
        return new CodecConfig(ints(p, "encoder.widths"), ints(p, "decoder.widths"), ints(p, "decoder.hiddenKernels"),
                Integer.parseInt(req(p, "bits")), Integer.parseInt(req(p, "maxIterations")),
                p.getProperty("cell", LSTM).trim(), p.getProperty("reconstruction", ADDITIVE).trim(),
                Float.parseFloat(p.getProperty("residualGain", "1").trim()));
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
                && c.reconstruction.equals(reconstruction) && c.residualGain == residualGain;
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
                + (residualGain == 1f ? "" : ", residual gain " + residualGain);
    }
}

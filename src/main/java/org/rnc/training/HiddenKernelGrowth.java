package org.rnc.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.rnc.model.CodecConfig;

/**
 * Grows the hidden-state kernels of a trained run's decoder cells without changing what it computes: the trained
 * kernel stays at the centre of the larger one, the new taps (and their Adam moments) start at zero, so with 'SAME'
 * padding every output is as before until the first step. A larger kernel lets a cell's state see its neighbours'
 * state from one iteration to the next (the "diffusion" of Johnston et al. 2018, at every iteration), at the cost of
 * the cell's hidden convolution: cheap for the cells at H/16 and H/8, whose kernels are 1x1 in the reference design.
 */
final class HiddenKernelGrowth {
    private HiddenKernelGrowth() {}

    /** Checks that {@code grown} only enlarges {@code old}'s decoder hidden kernels, each by an even amount (centred). */
    static void check(CodecConfig old, CodecConfig grown) {
        int[] a = old.decoderHiddenKernels(), b = grown.decoderHiddenKernels();
        if (a.length != b.length)
            throw new IllegalArgumentException("the run's decoder has " + a.length + " cells; give as many hidden kernels, not " + b.length);
        for (int i = 0; i < a.length; i++) {
            if (b[i] < a[i])
                throw new IllegalArgumentException("decoder cell " + (i + 1) + " has a " + a[i] + "x" + a[i] + " hidden kernel: it can grow, not shrink to " + b[i]);
            if ((b[i] - a[i]) % 2 != 0)
                throw new IllegalArgumentException("decoder cell " + (i + 1) + ": a " + a[i] + "x" + a[i] + " kernel grows to one of odd size, not " + b[i]
                        + " (the old kernel stays at its centre)");
        }
        if (!old.withDecoderHiddenKernels(b).equals(grown)) throw new IllegalArgumentException("only the decoder's hidden kernels may change");
    }

    /** Graph op names of the weights (and their Adam moments) whose kernels grow from {@code old} to {@code grown}. */
    static List<String> grownVariables(CodecConfig old, CodecConfig grown) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < old.decoderCells(); i++) {
            if (old.decoderHiddenKernels()[i] == grown.decoderHiddenKernels()[i]) continue;
            String op = "dec_rnn" + (i + 1) + "_wh";
            names.addAll(List.of(op, op + "_adam_m", op + "_adam_v"));
        }
        return names;
    }

    /** The grown values of {@link #grownVariables}, read from the checkpoint at {@code prefix}, in {@code grown}'s shapes. */
    static Map<String, float[]> grow(String prefix, CodecConfig old, CodecConfig grown) {
        check(old, grown);
        List<String> names = grownVariables(old, grown);
        Map<String, float[]> values = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        CheckpointValues.read(prefix, names, values, shapes);
        Map<String, float[]> out = new LinkedHashMap<>();
        for (int i = 0; i < old.decoderCells(); i++) {
            int k = old.decoderHiddenKernels()[i], kNew = grown.decoderHiddenKernels()[i];
            if (k == kNew) continue;
            String op = "dec_rnn" + (i + 1) + "_wh";
            for (String n : new String[]{op, op + "_adam_m", op + "_adam_v"}) {
                long[] s = shapes.get(n);
                if (s.length != 4 || s[0] != k || s[1] != k)
                    throw new IllegalArgumentException(n + " has shape " + java.util.Arrays.toString(s) + " in the checkpoint, not the run's layout");
                out.put(n, centre(values.get(n), k, kNew, (int) (s[2] * s[3])));
            }
        }
        return out;
    }

    /** A k x k x (in*out) kernel at the centre of a kNew x kNew one whose other taps are 0. */
    static float[] centre(float[] kernel, int k, int kNew, int perTap) {
        float[] out = new float[kNew * kNew * perTap];
        int off = (kNew - k) / 2;
        for (int y = 0; y < k; y++)
            for (int x = 0; x < k; x++)
                System.arraycopy(kernel, (y * k + x) * perTap, out, ((y + off) * kNew + x + off) * perTap, perTap);
        return out;
    }
}

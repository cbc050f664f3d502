package org.rnc.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.rnc.model.CodecConfig;

/**
 * Widens a trained run's encoder without changing what it computes: a capacity fork on the side that costs no decode
 * time. Each encoder layer gets more channels; an old channel keeps its trained weights (and its Adam moments), a new
 * one starts random, and every weight from a new channel into an old one (the next layer's input, the cell's own
 * recurrence, the binariser) starts at zero. So the old channels, and the codes, are exactly as before until the first
 * step, whose gradient reaches those zero weights first (they see the new channels' activity).
 */
final class EncoderWidening {
    private EncoderWidening() {}

    /** Whether a graph variable (a weight's op name or one of its Adam moments) belongs to the encoder or binariser. */
    static boolean isEncoderVariable(String opName) {
        return opName.startsWith("enc_") || opName.startsWith("bin_");
    }

    /** Checks that {@code wide} only widens {@code old}'s encoder: same layer count, no layer narrower, nothing else changed. */
    static void check(CodecConfig old, CodecConfig wide) {
        int[] a = old.encoderWidths(), b = wide.encoderWidths();
        if (a.length != b.length)
            throw new IllegalArgumentException("the run's encoder has " + a.length + " widths; a widened one needs as many, not " + b.length);
        for (int i = 0; i < a.length; i++) {
            if (b[i] < a[i]) throw new IllegalArgumentException("encoder width " + (i + 1) + " is " + a[i] + ": it can grow, not shrink to " + b[i]);
        }
        if (!old.withEncoderWidths(b).equals(wide)) throw new IllegalArgumentException("only the encoder's widths may change");
    }

    /** One encoder weight: its input channels and units before and after, and how many gates each unit has. */
    private record Weight(String name, int inOld, int inNew, int unitsOld, int unitsNew, int gates) {}

    /**
     * The widened values of every encoder and binariser variable of the checkpoint at {@code prefix} (a run of layout
     * {@code old}), by graph op name, in {@code wide}'s shapes: weights and their Adam moments.
     */
    static Map<String, float[]> widen(String prefix, CodecConfig old, CodecConfig wide, long seed) {
        check(old, wide);
        int gates = old.cell().equals(CodecConfig.GRU) ? 3 : 4;
        int[] e0 = old.encoderWidths(), e1 = wide.encoderWidths();
        List<Weight> layers = new ArrayList<>();
        layers.add(new Weight("enc/conv", 3, 3, e0[0], e1[0], 1));
        for (int i = 0; i < old.encoderCells(); i++) {
            String n = "enc/rnn" + (i + 1);
            layers.add(new Weight(n + "/wx", e0[i], e1[i], e0[i + 1], e1[i + 1], gates));
            layers.add(new Weight(n + "/wh", e0[i + 1], e1[i + 1], e0[i + 1], e1[i + 1], gates));
            layers.add(new Weight(n + (gates == 3 ? "/gbias" : "/bias"), 0, 0, e0[i + 1], e1[i + 1], gates));
        }
        layers.add(new Weight("bin/conv", e0[e0.length - 1], e1[e1.length - 1], old.bits(), old.bits(), 1));

        List<String> names = new ArrayList<>();
        for (Weight l : layers) {
            String op = l.name().replace('/', '_');
            names.add(op);
            names.add(op + "_adam_m");
            names.add(op + "_adam_v");
        }
        Map<String, float[]> values = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        CheckpointValues.read(prefix, names, values, shapes);

        CodecNetwork.WeightSource init = CodecNetwork.randomInit(seed);
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Weight l : layers) {
            String name = l.name(), op = name.replace('/', '_');
            int inOld = l.inOld(), inNew = l.inNew(), uOld = l.unitsOld(), uNew = l.unitsNew(), g = l.gates();
            long[] oldShape = shapes.get(op);
            boolean bias = oldShape.length == 1;
            long[] newShape = bias ? new long[]{(long) g * uNew}
                    : new long[]{oldShape[0], oldShape[1], inNew, (long) g * uNew};
            int taps = bias ? 1 : (int) (oldShape[0] * oldShape[1]);
            int ins = bias ? 1 : inOld, insNew = bias ? 1 : inNew;
            if (oldShape[oldShape.length - 1] != (long) g * uOld || (!bias && oldShape[2] != inOld))
                throw new IllegalArgumentException(name + " has shape " + java.util.Arrays.toString(oldShape) + " in the checkpoint, not the run's layout");
            float[] weight = init.initial(name, newShape);
            out.put(op, embed(values.get(op), weight, taps, ins, insNew, g, uOld, uNew));
            for (String moment : new String[]{op + "_adam_m", op + "_adam_v"})
                out.put(moment, embed(values.get(moment), new float[weight.length], taps, ins, insNew, g, uOld, uNew));
        }
        return out;
    }

    /**
     * Copies {@code old} (taps x ins x (g x uOld)) into {@code wide} (taps x insNew x (g x uNew)): old inputs into old
     * units as they were, new inputs into old units 0, anything into a new unit as {@code wide} already holds it.
     */
    static float[] embed(float[] old, float[] wide, int taps, int ins, int insNew, int g, int uOld, int uNew) {
        int oOld = g * uOld, oNew = g * uNew;
        for (int k = 0; k < taps; k++) {
            for (int i = 0; i < insNew; i++) {
                for (int gate = 0; gate < g; gate++) {
                    for (int u = 0; u < uOld; u++) {
                        wide[(k * insNew + i) * oNew + gate * uNew + u] = i < ins ? old[(k * ins + i) * oOld + gate * uOld + u] : 0f;
                    }
                }
            }
        }
        return wide;
    }
}

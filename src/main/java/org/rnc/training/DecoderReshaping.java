package org.rnc.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.rnc.model.CodecConfig;

/**
 * Gives a trained run's decoder other widths, cell by cell, keeping what it learned: a warm start for a split of width
 * between scales that would otherwise be trained from scratch (session 38 screened 192,192,56,28 against the small
 * preset's 128,128,64,32 that way). A cell that grows keeps its units and their weights (and Adam moments); a new unit
 * starts random, and every weight from a new channel into a kept unit (the cell's recurrence, the next layer's input)
 * starts at zero, so a decoder that only grows computes what it did until the first step. A cell that shrinks keeps
 * the output channels whose weights into the next layer are largest, in their order: not what it computed, so the
 * first steps have to recover.
 * <p>
 * A cell followed by a depth-to-space (every cell below H/16) owns its units by output channel: unit p * C + c becomes
 * channel c of sub-pixel p (C = width / 4). So a cell keeps or drops whole output channels, and a kept unit moves to
 * p * C' + c' in the new width, where the depth-to-space puts it where it was.
 */
final class DecoderReshaping {
    private DecoderReshaping() {}

    /** Whether a graph variable (a weight's op name or one of its Adam moments) belongs to the decoder. */
    static boolean isDecoderVariable(String opName) {
        return opName.startsWith("dec_");
    }

    /** Checks that {@code to} only changes {@code old}'s decoder widths, each at least 4. */
    static void check(CodecConfig old, CodecConfig to) {
        int[] a = old.decoderWidths(), b = to.decoderWidths();
        if (a.length != b.length)
            throw new IllegalArgumentException("the run's decoder has " + a.length + " widths; a reshaped one needs as many, not " + b.length);
        if (old.outputStage() != 0) throw new IllegalArgumentException("a decoder with an output stage cannot be reshaped");
        // a multiple of 4 before each depth-to-space is CodecConfig's own check, made when `to` was built
        for (int i = 0; i < b.length; i++)
            if (b[i] < 4) throw new IllegalArgumentException("decoder width " + (i + 1) + " is " + b[i] + ": at least 4");
        if (!old.withWidths(old.encoderWidths(), b).equals(to)) throw new IllegalArgumentException("only the decoder's widths may change");
    }

    /** One decoder weight: old and new inputs and units, how the old ones map into the new, gates per unit. */
    private record Weight(String name, int[] inMap, int inNew, int[] unitMap, int unitsNew, int gates) {}

    /**
     * The reshaped values of every decoder variable of the checkpoint at {@code prefix} (a run of layout {@code old}),
     * by graph op name, in {@code to}'s shapes: weights and their Adam moments.
     */
    static Map<String, float[]> reshape(String prefix, CodecConfig old, CodecConfig to, long seed) {
        check(old, to);
        int gates = old.cell().equals(CodecConfig.GRU) ? 3 : 4;
        String biasName = gates == 3 ? "/gbias" : "/bias";
        int cells = old.decoderCells();
        int[] d0 = old.decoderWidths(), d1 = to.decoderWidths();

        List<String> names = new ArrayList<>();
        List<String> weights = new ArrayList<>(List.of("dec/conv1"));
        for (int i = 0; i < cells; i++) weights.addAll(List.of("dec/rnn" + (i + 1) + "/wx", "dec/rnn" + (i + 1) + "/wh", "dec/rnn" + (i + 1) + biasName));
        weights.add("dec/conv2");
        for (String w : weights) {
            String op = w.replace('/', '_');
            names.addAll(List.of(op, op + "_adam_m", op + "_adam_v"));
        }
        Map<String, float[]> values = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        CheckpointValues.read(prefix, names, values, shapes);

        // the 1x1 convolution from the bits feeds cell 1 directly: its channels follow cell 1's input
        int[] conv1Map = keep(d0[0], d1[0], inputImportance(values, shapes, "dec_rnn1_wx", d0[0]));
        List<Weight> layers = new ArrayList<>();
        layers.add(new Weight("dec/conv1", identity(old.bits()), old.bits(), conv1Map, d1[0], 1));
        int[] inMap = conv1Map;
        int inNew = d1[0];
        for (int i = 0; i < cells; i++) {
            String next = i + 1 < cells ? "dec_rnn" + (i + 2) + "_wx" : "dec_conv2";
            int[] units, outMap;
            int outNew;
            if (old.decoderDepthToSpace(i)) {
                int c0 = d0[i] / 4, c1 = d1[i] / 4;
                outMap = keep(c0, c1, inputImportance(values, shapes, next, c0));
                outNew = c1;
                units = new int[d0[i]];
                for (int p = 0; p < 4; p++)
                    for (int c = 0; c < c0; c++) units[p * c0 + c] = outMap[c] < 0 ? -1 : p * c1 + outMap[c];
            } else {
                units = outMap = keep(d0[i], d1[i], inputImportance(values, shapes, next, d0[i]));
                outNew = d1[i];
            }
            String n = "dec/rnn" + (i + 1);
            layers.add(new Weight(n + "/wx", inMap, inNew, units, d1[i], gates));
            layers.add(new Weight(n + "/wh", units, d1[i], units, d1[i], gates));
            layers.add(new Weight(n + biasName, identity(1), 1, units, d1[i], gates));
            inMap = outMap;
            inNew = outNew;
        }
        layers.add(new Weight("dec/conv2", inMap, inNew, identity(3), 3, 1));

        CodecNetwork.WeightSource init = CodecNetwork.randomInit(seed);
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Weight l : layers) {
            String op = l.name().replace('/', '_');
            long[] s = shapes.get(op);
            boolean bias = s.length == 1;
            int inOld = l.inMap().length, g = l.gates(), uOld = l.unitMap().length;
            if (s[s.length - 1] != (long) g * uOld || (!bias && s[2] != inOld))
                throw new IllegalArgumentException(l.name() + " has shape " + Arrays.toString(s) + " in the checkpoint, not the run's layout");
            int taps = bias ? 1 : (int) (s[0] * s[1]);
            long[] shape = bias ? new long[]{(long) g * l.unitsNew()} : new long[]{s[0], s[1], l.inNew(), (long) g * l.unitsNew()};
            float[] fresh = init.initial(l.name(), shape);
            out.put(op, embed(values.get(op), fresh, taps, l.inMap(), l.inNew(), l.unitMap(), l.unitsNew(), g));
            for (String m : new String[]{op + "_adam_m", op + "_adam_v"})
                out.put(m, embed(values.get(m), new float[fresh.length], taps, l.inMap(), l.inNew(), l.unitMap(), l.unitsNew(), g));
        }
        return out;
    }

    /**
     * Copies {@code old} (taps x ins x (g x uOld)) into {@code wide} (taps x insNew x (g x uNew)) through the maps (old
     * index to new, -1 dropped): a kept unit gets its old weights from kept inputs and 0 from new ones; a new unit keeps
     * what {@code wide} holds.
     */
    static float[] embed(float[] old, float[] wide, int taps, int[] inMap, int insNew, int[] unitMap, int uNew, int g) {
        int ins = inMap.length, uOld = unitMap.length, oOld = g * uOld, oNew = g * uNew;
        int[] inFrom = inverse(inMap, insNew);
        for (int u = 0; u < uOld; u++) {
            int nu = unitMap[u];
            if (nu < 0) continue;
            for (int k = 0; k < taps; k++)
                for (int j = 0; j < insNew; j++)
                    for (int gate = 0; gate < g; gate++)
                        wide[(k * insNew + j) * oNew + gate * uNew + nu] =
                                inFrom[j] < 0 ? 0f : old[(k * ins + inFrom[j]) * oOld + gate * uOld + u];
        }
        return wide;
    }

    /**
     * Which of {@code n} channels become which of {@code m}: all of them, in place, when the layer grows; else the
     * {@code m} of largest importance, in their order, the others -1.
     */
    static int[] keep(int n, int m, double[] importance) {
        int[] map = new int[n];
        if (m >= n) return identity(n);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        // largest first; ties to the lower index, so the choice does not depend on the sort
        Arrays.sort(order, (a, b) -> importance[a] != importance[b] ? Double.compare(importance[b], importance[a]) : Integer.compare(a, b));
        boolean[] kept = new boolean[n];
        for (int i = 0; i < m; i++) kept[order[i]] = true;
        for (int i = 0, next = 0; i < n; i++) map[i] = kept[i] ? next++ : -1;
        return map;
    }

    /** Sum of squares of the weights that read each of a layer's {@code ins} input channels. */
    private static double[] inputImportance(Map<String, float[]> values, Map<String, long[]> shapes, String op, int ins) {
        float[] w = values.get(op);
        long[] s = shapes.get(op);
        if (s.length != 4 || s[2] != ins)
            throw new IllegalArgumentException(op + " has shape " + Arrays.toString(s) + " in the checkpoint, not the run's layout");
        int taps = (int) (s[0] * s[1]), outs = (int) s[3];
        double[] sum = new double[ins];
        for (int k = 0; k < taps; k++)
            for (int i = 0; i < ins; i++)
                for (int o = 0; o < outs; o++) {
                    double v = w[(k * ins + i) * outs + o];
                    sum[i] += v * v;
                }
        return sum;
    }

    private static int[] identity(int n) {
        int[] m = new int[n];
        for (int i = 0; i < n; i++) m[i] = i;
        return m;
    }

    private static int[] inverse(int[] map, int n) {
        int[] inv = new int[n];
        Arrays.fill(inv, -1);
        for (int i = 0; i < map.length; i++) if (map[i] >= 0) inv[map[i]] = i;
        return inv;
    }
}

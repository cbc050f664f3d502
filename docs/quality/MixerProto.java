package org.rnc.entropy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.rnc.format.RawBits;
import org.rnc.format.RncFileReader;
import org.rnc.format.RncHeader;
import org.rnc.model.EntropyPredictor;
import org.rnc.model.ModelRegistry;

/**
 * Prototype (issue 17, entropy side, docs/quality/entropy-mixer.md): ideal code lengths of the codes in entropy-coded
 * .rnc files under the shipped mode-3 stage ({@code base}), with an adaptive probability map after the mixer
 * ({@code apm}: one map per code channel; {@code apm2}: per channel and previous-iteration code; {@code apm3}: also the
 * code above), and under a copy of the mixer with other knobs ({@code m:select:rate:limit}, written by
 * proto_mixer.py). {@code m:0:0.01:30} is the shipped mixer, so it must print base's figure. Compile and run:
 * <pre>
 * python3 docs/quality/proto_mixer.py /tmp/psrc
 * javac -cp 'target/rnc.jar:target/lib/*' -d /tmp/proto docs/quality/MixerProto.java /tmp/psrc/ProtoMixer.java
 * java -Dvariants=base,apm,apm2,apm3,m:0:0.01:30,m:1:0.01:30 -cp '/tmp/proto:target/rnc.jar:target/lib/*' \
 *     org.rnc.entropy.MixerProto FILE.rnc ...
 * </pre>
 */
public final class MixerProto {
    record It(int h, int w, int bits, float[] codes, float[] prev, boolean[] now, int[] probs, double[] cross, int t) {}

    public static void main(String[] args) throws Exception {
        List<It> its = new ArrayList<>();
        long chunkBytes = 0;
        for (String a : args) {
            byte[] file = Files.readAllBytes(Path.of(a));
            RncHeader hd = new RncFileReader(new ByteArrayInputStream(file)).readHeader();
            EntropyPredictor m = ModelRegistry.entropy(hd.entropyModel());
            IterationCoder coder = IterationCoder.forFile(hd, m);
            List<float[]> previous = new ArrayList<>();
            int h = hd.blocksHigh(), w = hd.blocksWide(), bits = hd.codesPerBlock();
            for (RncFileReader.Iteration it : RncFileReader.iterationsOf(file)) {
                float[] codes = coder.decode(it.data());
                chunkBytes += it.data().length;
                int[] probs = BinaryRnnCoder.probabilities(m, previous, codes, h, w);
                double[] cross = m.config().hasCrossChannel() ? m.crossChannel(previous.size()) : null;
                its.add(new It(h, w, bits, codes, previous.isEmpty() ? null : previous.get(previous.size() - 1),
                        hd.adaptive() ? RawBits.activeBlocks(codes, bits) : null, probs, cross, previous.size()));
                previous.add(codes);
            }
        }
        System.out.printf(Locale.ROOT, "%d iterations, %d payload bytes in the files%n", its.size(), chunkBytes);
        String[] variants = args.length > 0 ? System.getProperty("variants", "base,apm,apm2,apm3").split(",") : new String[0];
        double base = -1;
        for (String v : variants) {
            double bits = 0;
            double[] perT = new double[20];
            for (It it : its) {
                double b = cost(it, v);
                bits += b;
                perT[it.t] += b;
            }
            if (base < 0) base = bits;
            StringBuilder sb = new StringBuilder();
            for (int t = 0; t < 10; t++) sb.append(String.format(Locale.ROOT, " %.0f", perT[t] / 8));
            System.out.printf(Locale.ROOT, "%-8s %10.0f bytes  %+.2f %%  per t:%s%n", v, bits / 8, 100 * (bits / base - 1), sb);
        }
    }

    /** One probability stage after the cross-channel refinement: a mixer, or a mixer and a map after it. */
    interface Stage {
        int predict(int y, int x, int c, int p15);

        void update(boolean bit);
    }

    static double cost(It it, String v) {
        int h = it.h, w = it.w, bits = it.bits;
        Stage stage;
        if (v.startsWith("m:")) { // m:select:rate:limit on the knob copy of the mixer
            String[] k = v.substring(2).split(":");
            ProtoMixer.select = Integer.parseInt(k[0]);
            ProtoMixer.rate = Double.parseDouble(k[1]);
            ProtoMixer.limit = Integer.parseInt(k[2]);
            ProtoMixer m = ProtoMixer.forMode3(h, w, bits, it.prev);
            stage = new Stage() {
                public int predict(int y, int x, int c, int p15) { return m.predict(y, x, c, p15); }
                public void update(boolean bit) { m.update(bit); }
            };
        } else {
            ContextMixer base = ContextMixer.forMode3(h, w, bits, it.prev);
            Variant var = v.equals("base") ? null : new Variant(v, w, bits, it.prev, it.codes);
            stage = new Stage() {
                public int predict(int y, int x, int c, int p15) {
                    int p = base.predict(y, x, c, p15);
                    return var == null ? p : var.predict(y, x, c, p);
                }

                public void update(boolean bit) {
                    base.update(bit);
                    if (var != null) var.update(bit);
                }
            };
        }
        CrossChannel cross = new CrossChannel(it.cross, bits);
        double total = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                if (it.now != null && !it.now[y * w + x]) continue;
                for (int c = 0; c < bits; c++) {
                    int i = (y * w + x) * bits + c;
                    boolean bit = it.codes[i] > 0;
                    total += BinaryArithmeticCoder.cost(stage.predict(y, x, c, cross.refine(it.probs[i], it.codes, (y * w + x) * bits, c)), bit);
                    stage.update(bit);
                }
            }
        return total;
    }

    /** A second stage (or a replacement) after the shipped mixer. */
    static final class Variant {
        final String v;
        final int w, bits;
        final float[] prev, codes;
        // per context, 33 interpolation points over the mixer's stretched probability in [-8, 8]
        final double[][] apm;
        int apmCtx, apmIdx;
        double apmFrac, pMix, pApm, pOut;

        Variant(String v, int w, int bits, float[] prev, float[] codes) {
            this.v = v;
            this.w = w;
            this.bits = bits;
            this.prev = prev;
            this.codes = codes;
            apm = new double[bits * 3 * 4][33];
            for (double[] a : apm)
                for (int j = 0; j < 33; j++) a[j] = 1 / (1 + Math.exp(-((j - 16) / 2.0)));
        }

        int predict(int y, int x, int c, int pBase) {
            pMix = pBase / (double) ContextMixer.ONE;
            double s = ContextMixer.P15_STRETCH[pBase];
            int prevCode = prev == null ? 2 : (prev[(y * w + x) * bits + c] > 0 ? 1 : prev[(y * w + x) * bits + c] < 0 ? 0 : 2);
            int ctx;
            switch (v) {
                case "apm" -> ctx = c;
                case "apm2" -> ctx = c * 3 + prevCode;
                case "apm3" -> {
                    int up = y > 0 ? (codes[((y - 1) * w + x) * bits + c] > 0 ? 1 : 0) : 2;
                    ctx = (c * 3 + prevCode) * 4 + up;
                }
                default -> throw new IllegalArgumentException("variant " + v);
            }
            apmCtx = ctx;
            double pos = Math.max(0, Math.min(31.999, (s + 8) * 2));
            apmIdx = (int) pos;
            apmFrac = pos - apmIdx;
            double[] a = apm[ctx];
            pApm = a[apmIdx] * (1 - apmFrac) + a[apmIdx + 1] * apmFrac;
            pOut = (pMix + pApm) / 2;
            return (int) Math.max(1, Math.min(ContextMixer.ONE - 1, Math.round(pOut * ContextMixer.ONE)));
        }

        void update(boolean bit) {
            double t = bit ? 1 : 0, r = 0.02;
            double[] a = apm[apmCtx];
            a[apmIdx] += r * (1 - apmFrac) * (t - a[apmIdx]);
            a[apmIdx + 1] += r * apmFrac * (t - a[apmIdx + 1]);
        }
    }
}

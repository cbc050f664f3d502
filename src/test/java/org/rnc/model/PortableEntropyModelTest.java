package org.rnc.model;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rnc.TestImages;
import org.rnc.codec.IterativeCodec;
import org.rnc.codec.SourceImage;
import org.rnc.codec.Tiling;
import org.rnc.entropy.EntropyAnalysis;

/**
 * The portable entropy model: it predicts what the TensorFlow model it was exported from predicts, its arithmetic
 * is what FORMAT.md specifies, and its weights file is checked against its configuration.
 */
class PortableEntropyModelTest {

    @Test
    void predictsLikeTheTensorFlowModelItWasExportedFrom() throws Exception {
        CodecModel codec = ModelRegistry.get(ModelRegistry.DEFAULT_MODEL);
        PortableEntropyModel portable = ModelRegistry.entropyFor(codec);
        assertNotNull(portable);
        Path tfDir = ModelRegistry.locate(ModelRegistry.DEFAULT_MODEL + "-entropy");
        EntropyPredictor tf = ModelRegistry.loadEntropy(tfDir);
        assertInstanceOf(EntropyModel.class, tf, "the format 1 model is a TensorFlow model");
        assertEquals(tf.id().hashHex(), CodecModel.readProperties(ModelRegistry.locate(portable.id().name())).getProperty("source.sha256"),
                "the portable model records the model it came from");
        int w = 96, h = 64, n = 6;
        float[][] codes = IterativeCodec.encode(codec, SourceImage.of(TestImages.photo(w, h, BufferedImage.TYPE_INT_RGB), CodecConfig.BLOCK),
                n, new Tiling(w, h, 1024), null);
        List<float[]> before = new ArrayList<>();
        double bitsTf = 0, bitsPortable = 0, codesTotal = 0;
        for (int t = 0; t < n; t++) {
            double[] a = EntropyAnalysis.modelBits(tf, before, codes[t], h / 16, w / 16);
            double[] b = EntropyAnalysis.modelBits(portable, before, codes[t], h / 16, w / 16);
            bitsTf += a[1];
            bitsPortable += b[1];
            codesTotal += codes[t].length;
            before.add(codes[t]);
        }
        // rounding weights to 2^-20 and activations to 2^-16 must not cost compression (measured: 5 decimals equal)
        assertEquals(bitsTf / codesTotal, bitsPortable / codesTotal, 1e-3,
                "bits per code, TensorFlow " + bitsTf / codesTotal + " vs portable " + bitsPortable / codesTotal);
        assertTrue(bitsPortable / codesTotal < 0.95, "the model predicts something: " + bitsPortable / codesTotal);
    }

    @Test
    void threadCountChangesNoProbability() throws Exception {
        // a 64x4 grid: wide and large enough that rows and positions are split between threads
        Path dir = ModelRegistry.locate(ModelRegistry.catalogEntropyName(ModelRegistry.DEFAULT_MODEL));
        int h = 4, w = 64, n = 3;
        java.util.Random r = new java.util.Random(11);
        List<float[]> codes = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            float[] c = new float[h * w * 32];
            for (int i = 0; i < c.length; i++) c[i] = r.nextInt(3) == 0 ? -1f : 1f;
            codes.add(c);
        }
        String one = EntropyAnalysis.probabilityDigest(PortableEntropyModel.load(dir, 1), codes, h, w);
        for (int threads : new int[]{2, 3, 8})
            assertEquals(one, EntropyAnalysis.probabilityDigest(PortableEntropyModel.load(dir, threads), codes, h, w), threads + " threads");
    }

    @Test
    void nonlinearitiesAreTablesOnTheActivationGrid() {
        // values on the 2^-16 grid, close to the true functions, and monotone
        float last = -1;
        for (float x = -20; x <= 20; x += 0.013f) {
            float s = PortableEntropyModel.sigmoid(x), t = PortableEntropyModel.tanh(x);
            assertEquals(s, PortableEntropyModel.grid(s));
            assertEquals(t, PortableEntropyModel.grid(t));
            assertEquals(1 / (1 + StrictMath.exp(-x)), s, 2e-5, "sigmoid(" + x + ")");
            assertEquals(StrictMath.tanh(x), t, 2e-5, "tanh(" + x + ")");
            assertTrue(s >= last);
            last = s;
        }
        assertEquals(0.5f, PortableEntropyModel.sigmoid(0f));
        assertEquals(0f, PortableEntropyModel.tanh(0f));
        assertEquals(PortableEntropyModel.sigmoid(-1000f), PortableEntropyModel.sigmoid(Float.NaN));
        // rounding is half to even on multiples of 2^-17
        assertEquals(0f, PortableEntropyModel.grid(0x1p-17f));
        assertEquals(0x1p-15f, PortableEntropyModel.grid(0x3p-17f));
    }

    @Test
    void convolutionSumsInTheSpecifiedOrder() {
        // 1x3 kernel over a row of 3 positions, 5 input channels, 2 outputs: each output is the float sum over
        // (kx, input channel) in that order, taps outside the row skipped
        int w = 3, cin = 5, cout = 2;
        float[] in = new float[w * cin], k = new float[3 * cin * cout], out = new float[w * cout];
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < in.length; i++) in[i] = i % 4 == 3 ? 0f : (float) r.nextGaussian();
        for (int i = 0; i < k.length; i++) k[i] = (float) (r.nextGaussian() * 1e3);
        PortableEntropyModel.conv(in, w, cin, k, 1, 3, cout, out, 0, 1, 1);
        for (int x = 0; x < w; x++)
            for (int o = 0; o < cout; o++) {
                float sum = 0f;
                for (int kx = 0; kx < 3; kx++) {
                    int ix = x + kx - 1;
                    if (ix < 0 || ix >= w) continue;
                    for (int i = 0; i < cin; i++) sum += k[(kx * cin + i) * cout + o] * in[ix * cin + i];
                }
                assertEquals(Float.floatToIntBits(sum), Float.floatToIntBits(out[x * cout + o]), "output " + x + "," + o);
            }
    }

    @Test
    void weightsFileMustMatchItsConfiguration() throws IOException {
        EntropyConfig cfg = new EntropyConfig(2, 2, 2, 2, 1);
        int[] sizes = PortableEntropyModel.Weights.sizes(cfg);
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(bos);
        d.writeInt(0x524E4345);
        d.writeShort(1);
        d.writeByte(2);
        d.writeShort(2);
        d.writeShort(2);
        d.writeShort(2);
        d.writeByte(1);
        d.writeByte(20);
        d.writeByte(16);
        int total = 0;
        for (int s : sizes) total += s;
        for (int i = 0; i < total; i++) d.writeInt(i - total / 2);
        byte[] good = bos.toByteArray();
        PortableEntropyModel.Weights w = PortableEntropyModel.readWeights(new ByteArrayInputStream(good), cfg);
        assertEquals((-total / 2) * 0x1p-20f, w.ctxConv1()[0]);
        assertEquals(sizes[sizes.length - 1], w.crossChannel()[0].length);

        assertThrows(IOException.class, () -> PortableEntropyModel.readWeights(new ByteArrayInputStream(good),
                new EntropyConfig(2, 2, 2, 2, 0)), "another configuration");
        assertThrows(IOException.class, () -> PortableEntropyModel.readWeights(
                new ByteArrayInputStream(java.util.Arrays.copyOf(good, good.length - 1)), cfg), "short");
        assertThrows(IOException.class, () -> PortableEntropyModel.readWeights(
                new ByteArrayInputStream(java.util.Arrays.copyOf(good, good.length + 1)), cfg), "long");
        byte[] magic = good.clone();
        magic[0] = 'X';
        assertThrows(IOException.class, () -> PortableEntropyModel.readWeights(new ByteArrayInputStream(magic), cfg));
        byte[] range = good.clone();
        range[16] = 0x7F; // the first weight's high byte: |k| >= 2^24
        assertThrows(IOException.class, () -> PortableEntropyModel.readWeights(new ByteArrayInputStream(range), cfg));
    }

    @Test
    void shippedWeightsFileHashesToItsName() throws Exception {
        PortableEntropyModel m = ModelRegistry.entropyFor(ModelRegistry.get(ModelRegistry.DEFAULT_MODEL));
        Path dir = ModelRegistry.locate(m.id().name());
        assertTrue(Files.isRegularFile(dir.resolve(PortableEntropyModel.WEIGHTS_FILE)));
        assertEquals(m.id().hashHex(), ModelFiles.hash(dir, ModelFiles.listFiles(dir)));
    }
}

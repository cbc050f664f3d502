package org.rnc.model;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnc.format.ModelId;
import org.rnc.training.PostFilterTrainer;

/**
 * The post-filter runtime against the formula of conformance/FORMAT.md ({@code POST}), computed here in plain Java in
 * double precision: TensorFlow's float result rounds to the same 8-bit samples but where a value sits at a half.
 */
class PostFilterModelTest {
    static final int C = 4, L = 3;

    static Map<String, float[]> weights(long seed, boolean lastZero) {
        Random r = new Random(seed);
        Map<String, float[]> w = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : PostFilterModel.tensorSizes(C, L).entrySet()) {
            float[] t = new float[e.getValue()];
            boolean zero = lastZero && e.getKey().endsWith(Integer.toString(L - 1));
            for (int i = 0; i < t.length; i++) t[i] = zero ? 0 : (float) (r.nextGaussian() * 0.2);
            w.put(e.getKey(), t);
        }
        return w;
    }

    static PostFilterModel model(Path dir, Map<String, float[]> w) throws Exception {
        Path weights = dir.resolve("w.bin");
        try (var out = Files.newOutputStream(weights)) {
            PostFilterModel.writeWeights(out, w, C, L);
        }
        ModelId codec = new ModelId("some-codec", new byte[32]);
        PostFilterTrainer.export(weights, dir.resolve("m"), "test-pf", codec, C, L, new Properties());
        return PostFilterModel.load(dir.resolve("m"));
    }

    /** The formula of FORMAT.md in double precision. */
    static int[][] reference(Map<String, float[]> w, int[][] p, int width, int height, int passes) {
        int n = width * height;
        double[][] h = new double[4][n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) h[c][i] = p[c][i] / 255.0 - 0.5;
            h[3][i] = Math.min(passes, 16) / 16.0;
        }
        double[][] x = h;
        for (int l = 0; l < L; l++) {
            int in = l == 0 ? 4 : C, out = l == L - 1 ? 3 : C;
            float[] k = w.get("k" + l), b = w.get("b" + l);
            double[][] o = new double[out][n];
            for (int y = 0; y < height; y++)
                for (int xx = 0; xx < width; xx++)
                    for (int co = 0; co < out; co++) {
                        double s = b[co];
                        for (int dy = 0; dy < 3; dy++)
                            for (int dx = 0; dx < 3; dx++) {
                                int yy = y + dy - 1, xs = xx + dx - 1;
                                if (yy < 0 || yy >= height || xs < 0 || xs >= width) continue;
                                for (int ci = 0; ci < in; ci++) s += k[((dy * 3 + dx) * in + ci) * out + co] * h[ci][yy * width + xs];
                            }
                        o[co][y * width + xx] = l < L - 1 ? Math.max(0, s) : s;
                    }
            h = o;
        }
        int[][] r = new int[3][n];
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < n; i++) r[c][i] = (int) Math.max(0, Math.min(255, Math.round((x[c][i] + h[c][i] + 0.5) * 255)));
        return r;
    }

    static int[][] picture(int n, long seed) {
        Random r = new Random(seed);
        int[][] p = new int[3][n];
        for (int c = 0; c < 3; c++) for (int i = 0; i < n; i++) p[c][i] = r.nextInt(256);
        return p;
    }

    @Test
    void computesTheFormatsFormulaInStripsOverlappingByTheLayers(@TempDir Path dir) throws Exception {
        Map<String, float[]> w = weights(7, false);
        try (PostFilterModel m = model(dir, w)) {
            assertEquals(9L * 4 * C + 9L * C * C + 9L * C * 3, m.macsPerPixel());
            // 1,100 x 1,000 pixels: more than one strip of 2^20
            int width = 1100, height = 1000;
            int[][] p = picture(width * height, 1);
            for (int passes : new int[]{1, 20}) {
                int[][] got = m.apply(p, width, height, passes), want = reference(w, p, width, height, passes);
                int off = 0;
                for (int c = 0; c < 3; c++)
                    for (int i = 0; i < want[c].length; i++) {
                        assertTrue(Math.abs(got[c][i] - want[c][i]) <= 1, "sample " + c + "/" + i);
                        if (got[c][i] != want[c][i]) off++;
                    }
                // float32 against double: a sample one level off where the value sits within ~1e-5 of a half
                assertTrue(off < 3 * width * height / 10_000, off + " samples one level off");
            }
        }
    }

    @Test
    void aZeroLastLayerLeavesThePictureAsItIs(@TempDir Path dir) throws Exception {
        try (PostFilterModel m = model(dir, weights(3, true))) {
            int[][] p = picture(37 * 23, 2);
            assertArrayEquals(p, m.apply(p, 37, 23, 5));
        }
    }

    @Test
    void aClosedModelRefusesWork(@TempDir Path dir) throws Exception {
        PostFilterModel m = model(dir, weights(3, true));
        m.close();
        m.close();
        assertThrows(IllegalStateException.class, () -> m.apply(picture(16, 1), 4, 4, 1));
    }

    @Test
    void damagedWeightsFilesAreRefused() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        PostFilterModel.writeWeights(b, weights(1, false), C, L);
        byte[] ok = b.toByteArray();
        int floats = PostFilterModel.tensorSizes(C, L).values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(10 + 4 * floats, ok.length, "magic, version, channels, layers, then the floats");
        assertNotNull(PostFilterModel.readWeights(new ByteArrayInputStream(ok), C, L));
        assertThrows(IOException.class, () -> PostFilterModel.readWeights(new ByteArrayInputStream(ok), C + 1, L));
        assertThrows(IOException.class, () -> PostFilterModel.readWeights(new ByteArrayInputStream(java.util.Arrays.copyOf(ok, ok.length - 1)), C, L));
        assertThrows(IOException.class, () -> PostFilterModel.readWeights(new ByteArrayInputStream(java.util.Arrays.copyOf(ok, ok.length + 1)), C, L));
        byte[] magic = ok.clone();
        magic[0] ^= 1;
        assertThrows(IOException.class, () -> PostFilterModel.readWeights(new ByteArrayInputStream(magic), C, L));
        byte[] nan = ok.clone();
        nan[10] = 0x7F;
        nan[11] = (byte) 0xC0;
        assertThrows(IOException.class, () -> PostFilterModel.readWeights(new ByteArrayInputStream(nan), C, L));
    }

    @Test
    void loadingChecksTheHashAndTheKind(@TempDir Path dir) throws Exception {
        model(dir, weights(3, true)).close();
        Path m = dir.resolve("m");
        byte[] w = Files.readAllBytes(m.resolve(PostFilterModel.WEIGHTS_FILE));
        w[w.length - 1] ^= 1;
        Files.write(m.resolve(PostFilterModel.WEIGHTS_FILE), w);
        assertThrows(ModelException.class, () -> PostFilterModel.load(m));
        // a codec model's directory is not a post-filter
        assertThrows(ModelException.class, () -> PostFilterModel.load(ModelRegistry.locate(ModelRegistry.defaultModelName())));
    }
}

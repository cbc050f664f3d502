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

    static final PostFilterModel.Arch PLAIN = new PostFilterModel.Arch(C, L);

    static Map<String, float[]> weights(long seed, boolean lastZero) {
        return weights(PLAIN, seed, lastZero ? java.util.Set.of("k" + (L - 1), "b" + (L - 1)) : java.util.Set.of());
    }

    static PostFilterModel model(Path dir, Map<String, float[]> w) throws Exception {
        return model(dir, PLAIN, w);
    }

    static PostFilterModel model(Path dir, PostFilterModel.Arch a, Map<String, float[]> w) throws Exception {
        Files.createDirectories(dir);
        Path weights = dir.resolve("w.bin");
        try (var out = Files.newOutputStream(weights)) {
            PostFilterModel.writeWeights(out, w, a);
        }
        ModelId codec = new ModelId("some-codec", new byte[32]);
        PostFilterTrainer.export(weights, dir.resolve("m"), "test-pf", codec, a, new Properties());
        return PostFilterModel.load(dir.resolve("m"));
    }

    /** Random tensors of a layout; {@code zero} names those left at zero. */
    static Map<String, float[]> weights(PostFilterModel.Arch a, long seed, java.util.Set<String> zero) {
        Random r = new Random(seed);
        Map<String, float[]> w = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : PostFilterModel.tensorSizes(a).entrySet()) {
            float[] t = new float[e.getValue()];
            for (int i = 0; i < t.length; i++) t[i] = zero.contains(e.getKey()) ? 0 : (float) (r.nextGaussian() * 0.2);
            w.put(e.getKey(), t);
        }
        return w;
    }

    static final PostFilterModel.Arch COARSE = new PostFilterModel.Arch(C, L, 5, 2);

    static void assertNear(int[][] want, int[][] got, String what) {
        int off = 0, n = want[0].length;
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < n; i++) {
                assertTrue(Math.abs(got[c][i] - want[c][i]) <= 1, what + ": sample " + c + "/" + i + " " + got[c][i] + " against " + want[c][i]);
                if (got[c][i] != want[c][i]) off++;
            }
        // float32 against double: a sample one level off where the value sits within ~1e-5 of a half
        assertTrue(off < Math.max(2, 3 * n / 10_000), what + ": " + off + " samples one level off");
    }

    /** The formula of FORMAT.md in double precision. */
    static int[][] reference(Map<String, float[]> w, int[][] p, int width, int height, int passes) {
        return reference(PLAIN, w, p, width, height, passes);
    }

    /** The formula of FORMAT.md in double precision, with the coarse branch of format postfilter-cnn-2 if any. */
    static int[][] reference(PostFilterModel.Arch a, Map<String, float[]> w, int[][] p, int width, int height, int passes) {
        // sides rounded up to multiples of 4 by repeating the last column and row (cnn-2)
        int q = a.coarse() ? 4 : 1, pw = (width + q - 1) / q * q, ph = (height + q - 1) / q * q, n = pw * ph;
        double[][] h = new double[4][n];
        for (int y = 0; y < ph; y++)
            for (int xx = 0; xx < pw; xx++) {
                int s = Math.min(y, height - 1) * width + Math.min(xx, width - 1), i = y * pw + xx;
                for (int c = 0; c < 3; c++) h[c][i] = p[c][s] / 255.0 - 0.5;
                h[3][i] = Math.min(passes, 16) / 16.0;
            }
        double[][] x = h, coarse = null;
        if (a.coarse()) {
            int cw = pw / 4, ch = ph / 4;
            double[][] g = new double[64][cw * ch];
            for (int y = 0; y < ph; y++)
                for (int xx = 0; xx < pw; xx++)
                    for (int c = 0; c < 4; c++) g[((y % 4) * 4 + xx % 4) * 4 + c][(y / 4) * cw + xx / 4] = x[c][y * pw + xx];
            for (int j = 0; j < a.coarseLayers(); j++) g = conv(g, 3, w.get("q" + j), w.get("qb" + j), a.coarseChannels(), cw, ch, true);
            double[][] u = conv(g, 1, w.get("u"), w.get("ub"), 16 * a.channels(), cw, ch, false);
            coarse = new double[a.channels()][n];
            for (int y = 0; y < ph; y++)
                for (int xx = 0; xx < pw; xx++)
                    for (int c = 0; c < a.channels(); c++)
                        coarse[c][y * pw + xx] = u[((y % 4) * 4 + xx % 4) * a.channels() + c][(y / 4) * cw + xx / 4];
        }
        for (int l = 0; l < a.layers(); l++) {
            int out = l == a.layers() - 1 ? 3 : a.channels();
            h = conv(h, 3, w.get("k" + l), w.get("b" + l), out, pw, ph, false);
            if (coarse != null && l == a.layers() - 2)
                for (int c = 0; c < out; c++) for (int i = 0; i < n; i++) h[c][i] += coarse[c][i];
            if (l < a.layers() - 1) for (double[] hc : h) for (int i = 0; i < n; i++) hc[i] = Math.max(0, hc[i]);
        }
        int[][] r = new int[3][width * height];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < height; y++)
                for (int xx = 0; xx < width; xx++) {
                    int i = y * pw + xx;
                    r[c][y * width + xx] = (int) Math.max(0, Math.min(255, Math.round((x[c][i] + h[c][i] + 0.5) * 255)));
                }
        return r;
    }

    /** A k x k convolution ("SAME", zeros outside) of TensorFlow's [k, k, in, out] kernel, its bias added. */
    static double[][] conv(double[][] h, int size, float[] k, float[] b, int out, int width, int height, boolean relu) {
        int in = h.length, n = width * height, r = size / 2;
        double[][] o = new double[out][n];
        for (int y = 0; y < height; y++)
            for (int xx = 0; xx < width; xx++)
                for (int co = 0; co < out; co++) {
                    double s = b[co];
                    for (int dy = 0; dy < size; dy++)
                        for (int dx = 0; dx < size; dx++) {
                            int yy = y + dy - r, xs = xx + dx - r;
                            if (yy < 0 || yy >= height || xs < 0 || xs >= width) continue;
                            for (int ci = 0; ci < in; ci++) s += k[((dy * size + dx) * in + ci) * out + co] * h[ci][yy * width + xs];
                        }
                    o[co][y * width + xx] = relu ? Math.max(0, s) : s;
                }
        return o;
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
            for (int passes : new int[]{1, 20})
                assertNear(reference(w, p, width, height, passes), m.apply(p, width, height, passes), passes + " passes");
        }
    }

    @Test
    void aCoarseBranchComputesTheFormatsFormulaInStripsAndOnOddSides(@TempDir Path dir) throws Exception {
        Map<String, float[]> w = weights(COARSE, 11, java.util.Set.of());
        try (PostFilterModel m = model(dir, COARSE, w)) {
            // 9 x 64 x 5 + 9 x 5 x 5 at the coarse positions, 5 x 16 x 4 back: per 16 pixels
            assertEquals(9L * 4 * C + 9L * C * C + 9L * C * 3 + Math.round((9.0 * 64 * 5 + 9.0 * 5 * 5 + 5 * 16 * C) / 16), m.macsPerPixel());
            assertEquals(PostFilterModel.FORMAT_COARSE, CodecModel.readProperties(dir.resolve("m")).getProperty("format"));
            // 1,101 x 1,003: two strips, and sides that are no multiple of 4
            int width = 1101, height = 1003;
            int[][] p = picture(width * height, 4);
            assertNear(reference(COARSE, w, p, width, height, 6), m.apply(p, width, height, 6), "1101 x 1003");
            int[][] small = picture(7 * 5, 5);
            assertNear(reference(COARSE, w, small, 7, 5, 2), m.apply(small, 7, 5, 2), "7 x 5");
        }
    }

    @Test
    void aCoarseBranchWhoseOutputIsZeroLeavesTheFilterItGrewOn(@TempDir Path dir) throws Exception {
        Map<String, float[]> plain = weights(9, false), grown = weights(COARSE, 12, java.util.Set.of("u", "ub"));
        grown.putAll(plain);
        int[][] p = picture(40 * 24, 6);
        int[][] want;
        try (PostFilterModel m = model(dir.resolve("a"), plain)) {
            want = m.apply(p, 40, 24, 3);
        }
        try (PostFilterModel m = model(dir.resolve("b"), COARSE, grown)) {
            assertNear(want, m.apply(p, 40, 24, 3), "grown");
        }
    }

    @Test
    void coarseWeightsFilesCarryTheirLayout() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        PostFilterModel.writeWeights(b, weights(COARSE, 1, java.util.Set.of()), COARSE);
        byte[] ok = b.toByteArray();
        int floats = PostFilterModel.tensorSizes(COARSE).values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(14 + 4 * floats, ok.length, "magic, version 2, channels, layers, coarse channels and layers, floats");
        assertEquals(COARSE, PostFilterModel.readWeights(new ByteArrayInputStream(ok)).arch());
        assertThrows(IOException.class, () -> PostFilterModel.readWeights(new ByteArrayInputStream(ok), PLAIN));
        assertThrows(IOException.class, () -> PostFilterModel.readWeights(new ByteArrayInputStream(ok), new PostFilterModel.Arch(C, L, 5, 3)));
        // a filter without a branch keeps version 1, byte for byte what rnc-3-pf1 has
        ByteArrayOutputStream v1 = new ByteArrayOutputStream();
        PostFilterModel.writeWeights(v1, weights(1, false), PLAIN);
        assertEquals(1, ((v1.toByteArray()[4] & 255) << 8) | (v1.toByteArray()[5] & 255));
        assertThrows(IllegalArgumentException.class, () -> new PostFilterModel.Arch(C, 1, 5, 2), "the branch joins a hidden layer");
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
        PostFilterModel.writeWeights(b, weights(1, false), PLAIN);
        byte[] ok = b.toByteArray();
        int floats = PostFilterModel.tensorSizes(PLAIN).values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(10 + 4 * floats, ok.length, "magic, version, channels, layers, then the floats");
        assertNotNull(PostFilterModel.readWeights(new ByteArrayInputStream(ok), PLAIN));
        assertThrows(IOException.class, () -> PostFilterModel.readWeights(new ByteArrayInputStream(ok), new PostFilterModel.Arch(C + 1, L)));
        assertThrows(IOException.class, () -> PostFilterModel.readWeights(new ByteArrayInputStream(java.util.Arrays.copyOf(ok, ok.length - 1)), PLAIN));
        assertThrows(IOException.class, () -> PostFilterModel.readWeights(new ByteArrayInputStream(java.util.Arrays.copyOf(ok, ok.length + 1)), PLAIN));
        byte[] magic = ok.clone();
        magic[0] ^= 1;
        assertThrows(IOException.class, () -> PostFilterModel.readWeights(new ByteArrayInputStream(magic), PLAIN));
        byte[] nan = ok.clone();
        nan[10] = 0x7F;
        nan[11] = (byte) 0xC0;
        assertThrows(IOException.class, () -> PostFilterModel.readWeights(new ByteArrayInputStream(nan), PLAIN));
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

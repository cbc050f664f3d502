package org.rnc.codec;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rnc.model.CodecConfig;
import org.rnc.model.CodecModel;
import org.rnc.model.ModelRegistry;

/** Spatially adaptive iterations with the shipped model on a small image of two tiles: flat on the left, busy on the right. */
class AdaptiveIterationsTest {
    static CodecModel model;
    static SourceImage src;
    static Tiling tiling;
    static final int ITERATIONS = 4;

    @BeforeAll
    static void setUp() throws Exception {
        model = ModelRegistry.get(ModelRegistry.DEFAULT_MODEL);
        BufferedImage img = new BufferedImage(80, 40, BufferedImage.TYPE_INT_RGB);
        java.util.Random rnd = new java.util.Random(7);
        for (int y = 0; y < 40; y++)
            for (int x = 0; x < 80; x++)
                img.setRGB(x, y, x < 40 ? 0x808080 : rnd.nextInt(0x1000000));
        src = SourceImage.of(img, CodecConfig.BLOCK);
        tiling = new Tiling(src.paddedWidth, src.paddedHeight, 48); // two tiles: 48x48 and 32x48
    }

    /** Every iteration's reconstruction of every tile, copied. */
    static List<float[]> collect(List<float[]> into, int t, Tiling.Tile tile, float[] recon) {
        into.add(recon.clone());
        return into;
    }

    @Test
    void neverStoppingIsTheUniformCodec() {
        List<float[]> recon = new ArrayList<>();
        AdaptiveIterations.Result r = AdaptiveIterations.encode(model, src, ITERATIONS, tiling, (b, d, e) -> false,
                (t, tile, x) -> collect(recon, t, tile, x));
        float[][] uniform = IterativeCodec.encode(model, src, ITERATIONS, tiling, null);
        for (int t = 0; t < ITERATIONS; t++) assertArrayEquals(uniform[t], r.codes()[t], "iteration " + (t + 1));
        for (int c : r.counts()) assertEquals(ITERATIONS, c);
        assertEquals(ITERATIONS * tiling.tiles().size(), recon.size());
    }

    @Test
    void aReaderGivenCodesAndCountsRebuildsTheEncodersImage() {
        List<float[]> enc = new ArrayList<>(), dec = new ArrayList<>();
        AdaptiveIterations.Result r = AdaptiveIterations.encode(model, src, ITERATIONS, tiling,
                AdaptiveIterations.targetMse(20), (t, tile, x) -> collect(enc, t, tile, x));
        assertTrue(Arrays.stream(r.counts()).anyMatch(c -> c < ITERATIONS), "the flat blocks stop early");
        assertTrue(Arrays.stream(r.counts()).anyMatch(c -> c == ITERATIONS), "the noise blocks do not");
        // a reader never sees what the grid holds where a block had stopped
        float[][] noisy = new float[ITERATIONS][];
        for (int t = 0; t < ITERATIONS; t++) {
            noisy[t] = r.codes()[t].clone();
            for (int i = 0; i < noisy[t].length; i++) if (noisy[t][i] == 0) noisy[t][i] = (i & 1) == 0 ? 1 : -1;
        }
        AdaptiveIterations.decode(model, tiling, Arrays.asList(noisy), r.counts(), (t, tile, x) -> collect(dec, t, tile, x));
        assertEquals(enc.size(), dec.size());
        for (int i = 0; i < enc.size(); i++) assertArrayEquals(enc.get(i), dec.get(i), "step " + i);
    }

    @Test
    void searchedCodesChangeOnlyWhereBlocksStopAndStillDecodeToTheEncodersImage() throws Exception {
        int[] want = new int[tiling.blocksHigh() * (tiling.paddedWidth() / Tiling.BLOCK)];
        for (int b = 0; b < want.length; b++) want[b] = b % 2 == 0 ? 2 : ITERATIONS; // half stop at 2: worth a search there
        CodeSearch search = new CodeSearch(ModelRegistry.entropyFor(model), CodeSearch.KAPPA, 4); // the writer's effort 2
        List<float[]> enc = new ArrayList<>(), dec = new ArrayList<>();
        AdaptiveIterations.Result plain = AdaptiveIterations.encode(model, src, ITERATIONS, tiling, AdaptiveIterations.counts(want), null);
        AdaptiveIterations.Result r = AdaptiveIterations.encode(model, src, ITERATIONS, tiling, AdaptiveIterations.counts(want),
                (t, tile, x) -> collect(enc, t, tile, x), null, search);
        assertArrayEquals(want, r.counts());
        assertArrayEquals(plain.codes()[0], r.codes()[0], "iteration 1 ends no block: not searched");
        int bits = model.config().bits();
        boolean changed = false;
        for (int b = 0; b < want.length; b++) {
            boolean same = Arrays.equals(Arrays.copyOfRange(plain.codes()[1], b * bits, (b + 1) * bits),
                    Arrays.copyOfRange(r.codes()[1], b * bits, (b + 1) * bits));
            if (want[b] != 2) assertTrue(same, "block " + b + " goes on after iteration 2: its codes are the plain ones");
            changed |= !same;
        }
        assertTrue(changed, "the search kept no flip where blocks stop");
        AdaptiveIterations.decode(model, tiling, Arrays.asList(r.codes()), r.counts(), (t, tile, x) -> collect(dec, t, tile, x));
        assertEquals(enc.size(), dec.size());
        for (int i = 0; i < enc.size(); i++) assertArrayEquals(enc.get(i), dec.get(i), "step " + i);
    }

    @Test
    void aStoppedBlockSendsZerosAndKeepsItsPixels() {
        int gw = tiling.paddedWidth() / Tiling.BLOCK, bits = model.config().bits();
        int[] want = new int[tiling.blocksHigh() * gw];
        for (int b = 0; b < want.length; b++) want[b] = 1 + b % ITERATIONS;
        Tiling.Tile tile = tiling.tiles().get(0);
        List<float[]> steps = new ArrayList<>(); // tile 0's reconstruction after each of its iterations
        AdaptiveIterations.Result r = AdaptiveIterations.encode(model, src, ITERATIONS, tiling, AdaptiveIterations.counts(want),
                (t, tl, x) -> { if (tl == tile) steps.add(x.clone()); });
        assertArrayEquals(want, r.counts());
        for (int t = 0; t < ITERATIONS; t++)
            for (int b = 0; b < want.length; b++) {
                float[] c = Arrays.copyOfRange(r.codes()[t], b * bits, (b + 1) * bits);
                if (t < want[b]) for (float v : c) assertEquals(1f, Math.abs(v), "block " + b + " iteration " + (t + 1));
                else for (float v : c) assertEquals(0f, v, "block " + b + " iteration " + (t + 1));
            }
        // blocks with one iteration: the same pixels after the first iteration and after the last
        float[] a = steps.get(0), z = steps.get(steps.size() - 1);
        int tw = tile.width() / Tiling.BLOCK;
        for (int b = 0; b < tw * (tile.height() / Tiling.BLOCK); b++) {
            int grid = (b / tw) * gw + b % tw;
            int x0 = (b % tw) * Tiling.BLOCK, y0 = (b / tw) * Tiling.BLOCK, i = 3 * (y0 * tile.width() + x0);
            if (want[grid] == 1) assertEquals(a[i], z[i], 0f, "block " + grid);
            else assertNotEquals(a[i], z[i], "block " + grid);
        }
    }

    @Test
    void aHighTargetStopsEveryBlockAfterOneIteration() {
        AdaptiveIterations.Result r = AdaptiveIterations.encode(model, src, ITERATIONS, tiling,
                AdaptiveIterations.targetMse(65025), null);
        for (int c : r.counts()) assertEquals(1, c);
        for (int t = 1; t < ITERATIONS; t++) for (float v : r.codes()[t]) assertEquals(0f, v);
    }

    @Test
    void aMinimumCountHoldsEveryBlockThatLong() {
        AdaptiveIterations.Result r = AdaptiveIterations.encode(model, src, ITERATIONS, tiling,
                AdaptiveIterations.atLeast(3, AdaptiveIterations.targetMse(65025)), null);
        for (int c : r.counts()) assertEquals(3, c);
    }

    @Test
    void blockSsimIsOneForAnExactBlockAndFallsWithNoiseAndWithAShift() {
        int tw = 2, w = tw * 16, n = w * 16 * 3;
        float[] x = new float[n], same = new float[n], noisy = new float[n], dark = new float[n];
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.3 * Math.sin(i * 0.37));
            same[i] = x[i];
            noisy[i] = x[i] + (float) (0.05 * rnd.nextGaussian());
            dark[i] = x[i] - 0.2f;
        }
        for (int b = 0; b < tw; b++) {
            assertEquals(1.0, AdaptiveIterations.blockSsim(x, same, b, tw), 1e-12);
            double s = AdaptiveIterations.blockSsim(x, noisy, b, tw);
            assertTrue(s < 0.99 && s > 0.5, "noisy block " + s);
            assertTrue(AdaptiveIterations.blockSsim(x, dark, b, tw) < 0.99, "a darker block is not the same");
        }
    }
}

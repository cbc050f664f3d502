package org.rnc.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The oracle's bookkeeping on a made-up decode: a flat block done at once beside a busy one that keeps improving. */
class AdaptiveRateOracleTest {

    @Test
    void flatBlocksStopEarlyAndTheBitsAddUp() {
        int w = 32, h = 16, n = 4;
        BufferedImage original = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) original.setRGB(x, y, x < 16 ? 0x808080 : ((x * 37 + y * 91) & 255) * 0x010101);
        List<BufferedImage> decoded = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
            BufferedImage d = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    int v = original.getRGB(x, y) & 255;
                    // the flat block is exact from the first iteration; the busy one's error halves with each
                    int err = x < 16 ? 0 : 64 >> k;
                    d.setRGB(x, y, Math.min(255, v + err) * 0x010101);
                }
            decoded.add(d);
        }
        AdaptiveRateOracle.Curves c = AdaptiveRateOracle.curves("t", original, decoded, 32, false,
                AdaptiveRateOracle.Criterion.SQUARED_ERROR);
        assertEquals(32.0 * 2 * 4 / (w * h), c.uniformBpp()[3], 1e-12, "two blocks, 32 bits, 4 iterations");
        // at the uniform curve's best PSNR the oracle needs the busy block's 4 iterations, the flat one's 1, and flags
        double at = AdaptiveRateOracle.rateFor(c.oracleBpp(), c.oraclePsnr(), c.uniformPsnr()[3]);
        double expected = (32.0 * (4 + 1) + AdaptiveRateOracle.flagBits(new int[]{1, 4}, n)) / (w * h);
        assertEquals(expected, at, 1e-9);
        assertTrue(at < c.uniformBpp()[3]);

        // every block at one iteration is on the oracle's curve too (its cheapest point)
        assertEquals(c.uniformBpp()[0], AdaptiveRateOracle.rateFor(c.oracleBpp(), c.oraclePsnr(), c.uniformPsnr()[0]), 1e-12);
        // weighing by variance, the flat block (variance 0) is worth more, the busy one less: it stops earlier
        AdaptiveRateOracle.Curves v = AdaptiveRateOracle.curves("t", original, decoded, 32, false,
                AdaptiveRateOracle.Criterion.VARIANCE_WEIGHTED);
        assertTrue(v.oraclePsnr()[v.oraclePsnr().length / 2] <= c.oraclePsnr()[c.oraclePsnr().length / 2]);

        // the composite takes each block from the decode after its own count
        BufferedImage mixed = AdaptiveRateOracle.compose(decoded, new int[]{1, 3}, 2, w, h);
        assertEquals(decoded.get(0).getRGB(3, 5), mixed.getRGB(3, 5));
        assertEquals(decoded.get(2).getRGB(20, 5), mixed.getRGB(20, 5));
        assertNotEquals(decoded.get(0).getRGB(20, 5), mixed.getRGB(20, 5));
        double[] ssim = AdaptiveRateOracle.blockSsim(original.getRGB(0, 0, w, h, null, 0, w), decoded.get(0).getRGB(0, 0, w, h, null, 0, w), w, h, 2, 1);
        assertEquals(1, ssim[0], 1e-12, "the flat block is exact");
        assertTrue(ssim[1] < 1);

        assertEquals(0, AdaptiveRateOracle.flagBits(new int[]{3, 3, 3}, 4), 1e-12, "every block alike: the flags say nothing");
        assertEquals(2, AdaptiveRateOracle.flagBits(new int[]{1, 2}, 2), 1e-12, "one of two goes on: one bit each");
    }
}

package org.rnc.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

class ImageQualityTest {

    static BufferedImage uniform(int w, int h, int grey) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) img.setRGB(x, y, grey << 16 | grey << 8 | grey);
        return img;
    }

    static BufferedImage noise(int w, int h, long seed) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                // smooth-ish content plus noise, so every scale has structure
                int base = (int) (128 + 60 * Math.sin(x / 9.0) * Math.cos(y / 13.0));
                int rr = clamp(base + r.nextInt(41) - 20), g = clamp(base / 2 + r.nextInt(61) - 30), b = clamp(255 - base + r.nextInt(21) - 10);
                img.setRGB(x, y, rr << 16 | g << 8 | b);
            }
        return img;
    }

    /** A copy with every channel moved by delta (clamped). */
    static BufferedImage shifted(BufferedImage src, int delta, long seed) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < src.getHeight(); y++)
            for (int x = 0; x < src.getWidth(); x++) {
                int p = src.getRGB(x, y);
                int d = seed == 0 ? delta : r.nextInt(2 * delta + 1) - delta;
                img.setRGB(x, y, clamp((p >> 16 & 255) + d) << 16 | clamp((p >> 8 & 255) + d) << 8 | clamp((p & 255) + d));
            }
        return img;
    }

    static int clamp(int v) { return Math.max(0, Math.min(255, v)); }

    static BufferedImage resource(String name) throws IOException {
        try (InputStream in = ImageQualityTest.class.getResourceAsStream(name)) {
            assertNotNull(in, name);
            return ImageIO.read(in);
        }
    }

    @Test
    void identicalImagesScoreOneAndInfinitePsnr() {
        BufferedImage a = noise(200, 190, 1);
        assertEquals(0.0, ImageQuality.mse(a, a));
        assertEquals(Double.POSITIVE_INFINITY, ImageQuality.psnr(a, a));
        assertEquals(1.0, ImageQuality.ssim(a, a), 1e-12);
        assertEquals(1.0, ImageQuality.msSsim(a, a), 1e-12);
    }

    @Test
    void metricsAreSymmetric() {
        BufferedImage a = noise(180, 176, 2), b = shifted(a, 25, 3);
        assertEquals(ImageQuality.psnr(a, b), ImageQuality.psnr(b, a), 1e-12);
        assertEquals(ImageQuality.ssim(a, b), ImageQuality.ssim(b, a), 1e-12);
        assertEquals(ImageQuality.msSsim(a, b), ImageQuality.msSsim(b, a), 1e-12);
        assertTrue(ImageQuality.msSsim(a, b) < 0.99, "a real distortion must lower MS-SSIM");
    }

    @Test
    void psnrOfAUniformDifferenceOfFive() {
        // every sample differs by exactly 5: MSE = 25, PSNR = 10 log10(255^2 / 25) = 34.1514 dB
        BufferedImage a = uniform(16, 9, 100), b = uniform(16, 9, 105);
        assertEquals(25.0, ImageQuality.mse(a, b), 1e-12);
        assertEquals(10 * Math.log10(255.0 * 255.0 / 25), ImageQuality.psnr(a, b), 1e-12);
        assertEquals(34.1514, ImageQuality.psnr(a, b), 1e-4);
    }

    @Test
    void ssimOfTwoUniformImagesIsTheLuminanceTermByHand() {
        // 11x11: exactly one window. Both planes constant (100 and 110), so the variances and the covariance
        // are 0 and the contrast-structure term is C2 / C2 = 1; SSIM is the luminance term alone:
        // (2*100*110 + C1) / (100^2 + 110^2 + C1), C1 = (0.01*255)^2 = 6.5025  ->  22006.5025 / 22106.5025
        BufferedImage a = uniform(11, 11, 100), b = uniform(11, 11, 110);
        assertEquals(22006.5025 / 22106.5025, ImageQuality.ssim(a, b), 1e-12);
        assertEquals(0.9954764441, ImageQuality.ssim(a, b), 1e-10);
    }

    @Test
    void ssimOfAnInvertedCheckerboardByHand() {
        // 11x11 checkerboard of 0 and 200 against its inverse (200 and 0). Within the single window the
        // Gaussian-weighted mean is 100 + 100 s for the first and 100 - 100 s for the second, where
        // s = sum of the weights on the "200" squares minus those on the "0" squares = (sum_i (-1)^i g_i)^2
        // (the 2-D window is the outer product of the 1-D one). Variances are 200^2 p (1-p) with p the weight
        // on the 200 squares, and the covariance is -variance: cs = (C2 - 2 var) / (2 var + C2).
        double[] g = ImageQuality.gaussian(11, 1.5);
        double alt = 0;
        for (int i = 0; i < 11; i++) alt += (i % 2 == 0 ? 1 : -1) * g[i];
        double s = alt * alt, p = (1 + s) / 2;            // weight on the squares with (x+y) even
        double mx = 200 * p, my = 200 * (1 - p), var = 200.0 * 200.0 * p * (1 - p);
        double c1 = 6.5025, c2 = 58.5225;
        double expected = (2 * mx * my + c1) / (mx * mx + my * my + c1) * (c2 - 2 * var) / (2 * var + c2);
        BufferedImage a = new BufferedImage(11, 11, BufferedImage.TYPE_INT_RGB), b = new BufferedImage(11, 11, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 11; y++)
            for (int x = 0; x < 11; x++) {
                int v = (x + y) % 2 == 0 ? 200 : 0;
                a.setRGB(x, y, v << 16 | v << 8 | v);
                b.setRGB(x, y, (200 - v) << 16 | (200 - v) << 8 | (200 - v));
            }
        assertEquals(expected, ImageQuality.ssim(a, b), 1e-12);
        assertTrue(expected < -0.9, "an inverted pattern is strongly anti-correlated: " + expected);
    }

    @Test
    void separableFilterMatchesADirect2dConvolution() {
        // Independent straightforward SSIM: 2-D 11x11 window built from exp(-(dx^2+dy^2)/(2 sigma^2)) and a
        // direct double loop per output pixel, against the separable implementation, on a 40x31 noise pair.
        BufferedImage a = noise(40, 31, 5), b = shifted(a, 30, 6);
        double expected = 0;
        for (int c = 0; c < 3; c++) expected += directSsim(ImageQuality.channel(a, c), ImageQuality.channel(b, c), 40, 31);
        assertEquals(expected / 3, ImageQuality.ssim(a, b), 1e-10);
    }

    static double directSsim(double[] x, double[] y, int w, int h) {
        double[][] win = new double[11][11];
        double sum = 0;
        for (int i = 0; i < 11; i++)
            for (int j = 0; j < 11; j++) sum += win[i][j] = Math.exp(-((i - 5) * (i - 5) + (j - 5) * (j - 5)) / (2 * 1.5 * 1.5));
        double c1 = Math.pow(0.01 * 255, 2), c2 = Math.pow(0.03 * 255, 2), total = 0;
        int n = 0;
        for (int oy = 0; oy + 11 <= h; oy++)
            for (int ox = 0; ox + 11 <= w; ox++) {
                double mx = 0, my = 0, xx = 0, yy = 0, xy = 0;
                for (int i = 0; i < 11; i++)
                    for (int j = 0; j < 11; j++) {
                        double g = win[i][j] / sum, u = x[(oy + i) * w + ox + j], v = y[(oy + i) * w + ox + j];
                        mx += g * u;
                        my += g * v;
                        xx += g * u * u;
                        yy += g * v * v;
                        xy += g * u * v;
                    }
                double vx = xx - mx * mx, vy = yy - my * my, cov = xy - mx * my;
                total += (2 * mx * my + c1) / (mx * mx + my * my + c1) * (2 * cov + c2) / (vx + vy + c2);
                n++;
            }
        return total / n;
    }

    @Test
    void msSsimOfAJpegDegradedKodakCropMatchesAnIndependentReference() throws IOException {
        // kodim23-crop256.png: the 256x256 crop of Kodak kodim23 at (320, 128). kodim23-crop256-q25.jpg: that
        // crop written by the JDK's JPEG writer at quality 0.25. Reference values computed with
        // src/test/python/msssim_reference.py (numpy, 2-D window applied by direct 2-D convolution) on the crop
        // and the JDK's decoding of the JPEG: psnr 31.3735059054, ssim 0.8773053115, ms-ssim 0.9577633940.
        BufferedImage original = resource("kodim23-crop256.png"), degraded = resource("kodim23-crop256-q25.jpg");
        assertEquals(256, degraded.getWidth());
        // the reference was computed on exactly these decoded pixels
        CRC32 crc = new CRC32();
        for (int y = 0; y < 256; y++)
            for (int x = 0; x < 256; x++) {
                int p = degraded.getRGB(x, y);
                crc.update(p >> 16 & 255);
                crc.update(p >> 8 & 255);
                crc.update(p & 255);
            }
        assertEquals(0x80e8dd12L, crc.getValue(), "this JDK decodes the fixture JPEG differently from the reference run");
        assertEquals(0.9577633940, ImageQuality.msSsim(original, degraded), 1e-4);
        assertEquals(0.8773053115, ImageQuality.ssim(original, degraded), 1e-4);
        assertEquals(31.3735059054, ImageQuality.psnr(original, degraded), 1e-4);
    }

    @Test
    void msSsimNeedsAtLeast176PixelsPerSide() {
        BufferedImage a = uniform(175, 300, 10);
        assertThrows(IllegalArgumentException.class, () -> ImageQuality.msSsim(a, a));
        assertThrows(IllegalArgumentException.class, () -> ImageQuality.psnr(a, uniform(176, 300, 10)));
    }
}

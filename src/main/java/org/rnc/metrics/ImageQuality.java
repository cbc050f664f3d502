package org.rnc.metrics;

import java.awt.image.BufferedImage;

/**
 * Full-reference quality of 8-bit RGB images: MSE, PSNR, SSIM and MS-SSIM as Wang, Simoncelli and Bovik
 * define them (11x11 Gaussian window, sigma 1.5, K1 = 0.01, K2 = 0.03, L = 255; MS-SSIM over five scales
 * with weights 0.0448, 0.2856, 0.3001, 0.2363, 0.1333 and 2x2 average downsampling between scales).
 * Colour images are measured per R, G, B channel and averaged. Windows are "valid" (no padding).
 * As in TensorFlow's {@code ssim_multiscale}, negative per-scale contrast-structure terms are clamped to 0
 * before the weighted product, so a result stays a real number.
 */
public final class ImageQuality {
    private ImageQuality() {}

    static final double[] MS_WEIGHTS = {0.0448, 0.2856, 0.3001, 0.2363, 0.1333};
    private static final double C1 = (0.01 * 255) * (0.01 * 255), C2 = (0.03 * 255) * (0.03 * 255);
    private static final double[] GAUSS = gaussian(11, 1.5);

    /** Mean squared error over R, G, B (8-bit units). */
    public static double mse(BufferedImage a, BufferedImage b) {
        check(a, b);
        int w = a.getWidth(), h = a.getHeight();
        int[] ra = new int[w], rb = new int[w];
        double sum = 0;
        for (int y = 0; y < h; y++) {
            a.getRGB(0, y, w, 1, ra, 0, w);
            b.getRGB(0, y, w, 1, rb, 0, w);
            for (int x = 0; x < w; x++) {
                for (int s = 0; s <= 16; s += 8) {
                    int d = ((ra[x] >> s) & 255) - ((rb[x] >> s) & 255);
                    sum += d * d;
                }
            }
        }
        return sum / (3.0 * w * h);
    }

    /** PSNR in dB for 8-bit data; infinite for identical images. */
    public static double psnr(BufferedImage a, BufferedImage b) {
        double m = mse(a, b);
        return m == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / m);
    }

    public static double ssim(BufferedImage a, BufferedImage b) {
        check(a, b);
        double s = 0;
        for (int c = 0; c < 3; c++) s += ssimPlane(channel(a, c), channel(b, c), a.getWidth(), a.getHeight())[0];
        return s / 3;
    }

    public static double msSsim(BufferedImage a, BufferedImage b) {
        check(a, b);
        double s = 0;
        for (int c = 0; c < 3; c++) s += msSsimPlane(channel(a, c), channel(b, c), a.getWidth(), a.getHeight());
        return s / 3;
    }

    /** MS-SSIM of one plane (values 0..255), {@code w} x {@code h}. Needs at least 176 pixels per side. */
    public static double msSsimPlane(double[] x, double[] y, int w, int h) {
        if (Math.min(w, h) < 11 << 4)
            throw new IllegalArgumentException("MS-SSIM needs images of at least 176x176 pixels, got " + w + "x" + h);
        double result = 1;
        for (int scale = 0; scale < MS_WEIGHTS.length; scale++) {
            double[] sc = ssimPlane(x, y, w, h);
            double term = scale == MS_WEIGHTS.length - 1 ? sc[0] : sc[1];
            result *= Math.pow(Math.max(0, term), MS_WEIGHTS[scale]);
            if (scale < MS_WEIGHTS.length - 1) {
                x = halve(x, w, h);
                y = halve(y, w, h);
                w /= 2;
                h /= 2;
            }
        }
        return result;
    }

    /** {mean SSIM, mean contrast-structure} over all valid 11x11 windows. */
    static double[] ssimPlane(double[] x, double[] y, int w, int h) {
        int k = GAUSS.length;
        if (w < k || h < k) throw new IllegalArgumentException("SSIM needs at least " + k + "x" + k + " pixels");
        double[] mx = blur(x, w, h), my = blur(y, w, h);
        double[] xx = new double[x.length], yy = new double[x.length], xy = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        double[] sxx = blur(xx, w, h), syy = blur(yy, w, h), sxy = blur(xy, w, h);
        double ssim = 0, cs = 0;
        int n = mx.length;
        for (int i = 0; i < n; i++) {
            double vx = sxx[i] - mx[i] * mx[i], vy = syy[i] - my[i] * my[i], cov = sxy[i] - mx[i] * my[i];
            double c = (2 * cov + C2) / (vx + vy + C2);
            double l = (2 * mx[i] * my[i] + C1) / (mx[i] * mx[i] + my[i] * my[i] + C1);
            ssim += l * c;
            cs += c;
        }
        return new double[]{ssim / n, cs / n};
    }

    /** Separable Gaussian filter, "valid" output of (w-10) x (h-10). */
    static double[] blur(double[] v, int w, int h) {
        int k = GAUSS.length, ow = w - k + 1, oh = h - k + 1;
        double[] tmp = new double[ow * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < ow; x++) {
                double s = 0;
                for (int i = 0; i < k; i++) s += GAUSS[i] * v[y * w + x + i];
                tmp[y * ow + x] = s;
            }
        double[] out = new double[ow * oh];
        for (int y = 0; y < oh; y++)
            for (int x = 0; x < ow; x++) {
                double s = 0;
                for (int i = 0; i < k; i++) s += GAUSS[i] * tmp[(y + i) * ow + x];
                out[y * ow + x] = s;
            }
        return out;
    }

    static double[] halve(double[] v, int w, int h) {
        int ow = w / 2, oh = h / 2;
        double[] out = new double[ow * oh];
        for (int y = 0; y < oh; y++)
            for (int x = 0; x < ow; x++)
                out[y * ow + x] = (v[2 * y * w + 2 * x] + v[2 * y * w + 2 * x + 1] + v[(2 * y + 1) * w + 2 * x]
                        + v[(2 * y + 1) * w + 2 * x + 1]) / 4;
        return out;
    }

    static double[] gaussian(int size, double sigma) {
        double[] g = new double[size];
        double sum = 0;
        for (int i = 0; i < size; i++) {
            double d = i - (size - 1) / 2.0;
            g[i] = Math.exp(-d * d / (2 * sigma * sigma));
            sum += g[i];
        }
        for (int i = 0; i < size; i++) g[i] /= sum;
        return g;
    }

    /** Channel c (0 = R, 1 = G, 2 = B) as doubles 0..255. */
    public static double[] channel(BufferedImage img, int c) {
        int w = img.getWidth(), h = img.getHeight();
        int shift = 16 - 8 * c;
        double[] out = new double[w * h];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) out[y * w + x] = (row[x] >> shift) & 255;
        }
        return out;
    }

    private static void check(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight())
            throw new IllegalArgumentException("sizes differ: " + a.getWidth() + "x" + a.getHeight() + " vs "
                    + b.getWidth() + "x" + b.getHeight());
    }
}

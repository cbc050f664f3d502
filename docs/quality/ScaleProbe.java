import java.awt.image.BufferedImage;
import java.io.File;
import java.io.PrintWriter;
import java.util.*;
import javax.imageio.ImageIO;
import org.rnc.bench.BenchCodec;
import org.rnc.bench.RncAdaptiveBenchCodec;
import org.rnc.metrics.ImageQuality;
import org.rnc.model.ModelRegistry;

/**
 * Coding at a reduced resolution: each image is resampled to s times its size (Lanczos-3, antialiased), coded as the
 * writer's default does (adaptive rate, caps 1..N), decoded, resampled back to its size (Lanczos-3) and measured
 * against the original. Bytes include 4 for the output size a format would have to carry; bpp is over the original's
 * pixels. Points in rnc bench's points.csv layout, codec "rnc-adaptive-s<scale>".
 * java -cp "target/rnc.jar:target/lib/*" docs/quality/ScaleProbe.java DIR OUT.csv N SCALE...
 */
public class ScaleProbe {
    public static void main(String[] a) throws Exception {
        File[] files = new File(a[0]).listFiles((d, name) -> name.endsWith(".png"));
        Arrays.sort(files);
        int n = Integer.parseInt(a[2]);
        try (PrintWriter out = new PrintWriter(a[1])) {
            out.println("codec,setting,image,bytes,bpp,psnr,msssim,encode_ms,decode_ms");
            for (File f : files) {
                BufferedImage orig = ImageIO.read(f);
                int w = orig.getWidth(), h = orig.getHeight();
                String name = f.getName().replace(".png", "");
                for (int s = 3; s < a.length; s++) {
                    double scale = Double.parseDouble(a[s]);
                    int sw = (int) Math.round(w * scale), sh = (int) Math.round(h * scale);
                    BufferedImage small = scale == 1 ? orig : resample(orig, sw, sh);
                    long t0 = System.nanoTime();
                    List<BenchCodec.Result> rs = new RncAdaptiveBenchCodec(n, null).measure(small, true, k -> { }, System.err::println);
                    for (BenchCodec.Result r : rs) {
                        BufferedImage up = scale == 1 ? r.decoded() : resample(r.decoded(), w, h);
                        long bytes = r.bytes() + (scale == 1 ? 0 : 4);
                        out.printf(Locale.ROOT, "rnc-adaptive-s%.3f,%s,%s,%d,%.6f,%.4f,%.6f,%.3f,%.3f%n", scale, r.setting(),
                                name, bytes, bytes * 8.0 / (w * h), ImageQuality.psnr(orig, up), ImageQuality.msSsim(orig, up),
                                r.encodeMs(), r.decodeMs());
                    }
                    out.flush();
                    System.err.printf(Locale.ROOT, "%s s=%.3f %dx%d %.0f s%n", name, scale, sw, sh, (System.nanoTime() - t0) / 1e9);
                }
            }
        }
        ModelRegistry.closeAll();
    }

    /** Separable Lanczos-3; when shrinking the kernel is stretched by 1/scale (antialiasing). */
    static BufferedImage resample(BufferedImage src, int dw, int dh) {
        int w = src.getWidth(), h = src.getHeight();
        double[][] p = new double[3][w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int v = src.getRGB(x, y);
                p[0][y * w + x] = v >> 16 & 255; p[1][y * w + x] = v >> 8 & 255; p[2][y * w + x] = v & 255;
            }
        BufferedImage dst = new BufferedImage(dw, dh, BufferedImage.TYPE_INT_RGB);
        double[][] q = new double[3][];
        for (int c = 0; c < 3; c++) q[c] = vertical(horizontal(p[c], w, h, dw), dw, h, dh);
        for (int y = 0; y < dh; y++)
            for (int x = 0; x < dw; x++) {
                int v = 0;
                for (int c = 0; c < 3; c++) v = v << 8 | (int) Math.max(0, Math.min(255, Math.round(q[c][y * dw + x])));
                dst.setRGB(x, y, v);
            }
        return dst;
    }

    static double[] horizontal(double[] in, int w, int h, int dw) {
        double[] out = new double[dw * h];
        double[][] wt = new double[dw][]; int[] first = new int[dw];
        weights(w, dw, wt, first);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < dw; x++) {
                double s = 0;
                for (int i = 0; i < wt[x].length; i++) s += wt[x][i] * in[y * w + clamp(first[x] + i, w)];
                out[y * dw + x] = s;
            }
        return out;
    }

    static double[] vertical(double[] in, int w, int h, int dh) {
        double[] out = new double[w * dh];
        double[][] wt = new double[dh][]; int[] first = new int[dh];
        weights(h, dh, wt, first);
        for (int y = 0; y < dh; y++)
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int i = 0; i < wt[y].length; i++) s += wt[y][i] * in[clamp(first[y] + i, h) * w + x];
                out[y * w + x] = s;
            }
        return out;
    }

    static void weights(int n, int dn, double[][] wt, int[] first) {
        double scale = (double) dn / n, support = 3 * Math.max(1, 1 / scale), stretch = Math.max(1, 1 / scale);
        for (int i = 0; i < dn; i++) {
            double centre = (i + 0.5) / scale - 0.5;
            int lo = (int) Math.floor(centre - support), hi = (int) Math.ceil(centre + support);
            double[] k = new double[hi - lo + 1];
            double sum = 0;
            for (int j = lo; j <= hi; j++) sum += k[j - lo] = lanczos((j - centre) / stretch);
            for (int j = 0; j < k.length; j++) k[j] /= sum;
            wt[i] = k; first[i] = lo;
        }
    }

    static double lanczos(double x) {
        if (x == 0) return 1;
        if (Math.abs(x) >= 3) return 0;
        double px = Math.PI * x;
        return 3 * Math.sin(px) * Math.sin(px / 3) / (px * px);
    }

    static int clamp(int i, int n) { return i < 0 ? 0 : i >= n ? n - 1 : i; }
}

import java.awt.image.BufferedImage;
import java.io.File;
import java.util.*;
import javax.imageio.ImageIO;
import org.rnc.codec.SourceImage;
import org.rnc.metrics.ImageQuality;
import org.rnc.model.CodecModel;
import org.rnc.model.ModelRegistry;

/**
 * Residual gain without retraining: iteration t codes the residual times g_t and its decoder output is divided by g_t
 * (RAW codes: every iteration 1/8 bpp, so quality at iteration k compares schedules at equal rate).
 * java -cp "target/rnc.jar:target/lib/*" docs/quality/GainProbe.java MODEL DIR ITERATIONS SCHEDULE...
 * SCHEDULE: 1 | G<x> (g_t = x^t) | rms<p> (g_t = (rms r_1 / rms r_t)^p from t = 2, r_t the residual iteration t+1 codes)
 */
public class GainProbe {
    public static void main(String[] a) throws Exception {
        CodecModel model = ModelRegistry.get(a[0]);
        int n = Integer.parseInt(a[2]);
        File[] files = new File(a[1]).listFiles((d, name) -> name.endsWith(".png"));
        Arrays.sort(files);
        List<String> schedules = Arrays.asList(a).subList(3, a.length);
        double[][] psnr = new double[schedules.size()][n], ms = new double[schedules.size()][n];
        for (File f : files) {
            BufferedImage img = ImageIO.read(f);
            int w = img.getWidth() / 16 * 16, h = img.getHeight() / 16 * 16;
            BufferedImage ref = img.getSubimage(0, 0, w, h);
            float[] x = SourceImage.of(ref, 16).tile(0, 0, w, h);
            for (int s = 0; s < schedules.size(); s++) {
                String sc = schedules.get(s);
                float[] recon = new float[x.length], r = x.clone();
                double rms1 = 0;
                StringBuilder gains = new StringBuilder();
                try (CodecModel.Encoder enc = model.encoder(h, w); CodecModel.Decoder dec = model.decoder(h, w)) {
                    for (int t = 0; t < n; t++) {
                        double rms = rms(r);
                        if (t == 1) rms1 = rms;
                        double g = 1;
                        if (sc.startsWith("G")) g = Math.pow(Double.parseDouble(sc.substring(1)), t);
                        else if (sc.startsWith("rms") && t >= 2) g = Math.pow(rms1 / rms, Double.parseDouble(sc.substring(3)));
                        g = Math.round(g * 16) / 16.0;
                        gains.append(String.format(Locale.ROOT, " %.3f", g));
                        float gf = (float) g;
                        float[] in = new float[r.length];
                        for (int i = 0; i < r.length; i++) in[i] = r[i] * gf;
                        float[] out = dec.step(enc.step(in));
                        for (int i = 0; i < r.length; i++) { recon[i] += out[i] / gf; r[i] = x[i] - recon[i]; }
                        BufferedImage im = image(recon, w, h);
                        psnr[s][t] += ImageQuality.psnr(ref, im) / files.length;
                        ms[s][t] += ImageQuality.msSsim(ref, im) / files.length;
                    }
                }
                System.err.println(f.getName() + " " + sc + " gains" + gains);
            }
        }
        for (int s = 0; s < schedules.size(); s++) {
            StringBuilder sb = new StringBuilder(String.format("%-8s", schedules.get(s)));
            for (int t = 0; t < n; t++) sb.append(String.format(Locale.ROOT, " %6.3f/%.4f", psnr[s][t], ms[s][t]));
            System.out.println(sb);
        }
        ModelRegistry.closeAll();
    }

    static double rms(float[] r) {
        double s = 0;
        for (float v : r) s += v * v;
        return Math.sqrt(s / r.length);
    }

    static BufferedImage image(float[] recon, int w, int h) {
        BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = 3 * (y * w + x), v = 0;
                for (int c = 0; c < 3; c++) {
                    int q = Math.round((recon[o + c] + 0.5f) * 255f);
                    v = v << 8 | Math.max(0, Math.min(255, q));
                }
                row[x] = v;
            }
            im.setRGB(0, y, w, 1, row, 0, w);
        }
        return im;
    }
}

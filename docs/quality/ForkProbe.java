import java.awt.image.BufferedImage;
import java.io.File;
import java.io.PrintStream;
import java.util.*;
import java.util.concurrent.*;
import javax.imageio.ImageIO;
import org.rnc.codec.OutputImages;
import org.rnc.codec.SourceImage;
import org.rnc.metrics.ImageQuality;
import org.rnc.model.CodecModel;
import org.rnc.model.ModelRegistry;

/**
 * Two or more codec models' networks side by side on whole images with RAW codes (every iteration 1/8 bpp, so
 * iteration k compares the models at equal rate; no entropy model, no adaptive rate, no filter). Writes the points in
 * `rnc bench`'s points.csv layout, codec "rnc", one file per model, for fork_bd.py (encode_ms and decode_ms: the
 * networks' time through iteration k, no entropy coding; compare them only from a run with THREADS = 1 on a quiet machine):
 * java -Drnc.models.dir=DIR -cp "target/rnc.jar:target/lib/*" docs/quality/ForkProbe.java IMAGES ITERATIONS THREADS OUT MODEL...
 * <p>
 * RAW codes ignore how predictable each model's codes are, which its rate term trades against distortion. So beside
 * NAME.csv it writes NAME-ctx.csv: the same points with the bytes an adaptive coder would need in the contexts the
 * training's rate term prices (per channel: the bit to the left, the bit above, the same bit one iteration before;
 * KT counts per image, the first iteration's contexts apart). A model-free stand-in for an entropy model of its own,
 * the same for every model, so that fork_bd.py on two -ctx files compares codes at an entropy-coded-like rate.
 */
public class ForkProbe {
    public static void main(String[] a) throws Exception {
        File[] files = new File(a[0]).listFiles((d, name) -> name.endsWith(".png"));
        Arrays.sort(files);
        int n = Integer.parseInt(a[1]), threads = Integer.parseInt(a[2]);
        File out = new File(a[3]);
        out.mkdirs();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (String name : Arrays.asList(a).subList(4, a.length)) {
            CodecModel model = ModelRegistry.get(name);
            List<Future<Image>> images = new ArrayList<>();
            for (File f : files) images.add(pool.submit(() -> image(model, f, n)));
            try (PrintStream p = new PrintStream(new File(out, name + ".csv"));
                 PrintStream ctx = new PrintStream(new File(out, name + "-ctx.csv"))) {
                p.println("codec,setting,image,bytes,bpp,psnr,msssim,encode_ms,decode_ms");
                ctx.println("codec,setting,image,bytes,bpp,psnr,msssim,encode_ms,decode_ms");
                double[] psnr = new double[n], ms = new double[n];
                for (Future<Image> im : images) {
                    Image r = im.get();
                    p.print(r.csv());
                    ctx.print(r.ctxCsv());
                    for (int t = 0; t < n; t++) {
                        psnr[t] += r.psnr()[t] / files.length;
                        ms[t] += r.msSsim()[t] / files.length;
                    }
                }
                StringBuilder sb = new StringBuilder(String.format("%-20s", name));
                for (int t = 0; t < n; t++) sb.append(String.format(Locale.ROOT, " %6.3f/%.4f", psnr[t], ms[t]));
                System.out.println(sb);
            }
        }
        pool.shutdown();
        ModelRegistry.closeAll();
    }

    /** One image's points: its CSV rows and its quality after each iteration. */
    record Image(String csv, String ctxCsv, double[] psnr, double[] msSsim) {}

    /** Adaptive code length, in bits, of one iteration's codes [h][w][c] given the previous iteration's (null: none). */
    static double contextBits(float[] bits, float[] prev, int gh, int gw, int c, int[][] n0, int[][] n1) {
        double total = 0;
        for (int y = 0; y < gh; y++)
            for (int x = 0; x < gw; x++)
                for (int k = 0; k < c; k++) {
                    int i = (y * gw + x) * c + k;
                    int left = x > 0 && bits[i - c] > 0 ? 1 : 0, up = y > 0 && bits[i - gw * c] > 0 ? 1 : 0;
                    int ctx = prev == null ? 8 + 2 * left + up : 4 * (prev[i] > 0 ? 1 : 0) + 2 * left + up;
                    boolean one = bits[i] > 0;
                    double p1 = (n1[k][ctx] + 0.5) / (n0[k][ctx] + n1[k][ctx] + 1.0);
                    total -= Math.log(one ? p1 : 1 - p1) / Math.log(2);
                    if (one) n1[k][ctx]++; else n0[k][ctx]++;
                }
        return total;
    }

    static Image image(CodecModel model, File f, int n) throws Exception {
        BufferedImage img = ImageIO.read(f);
        int w = img.getWidth() / 16 * 16, h = img.getHeight() / 16 * 16;
        BufferedImage ref = img.getSubimage(0, 0, w, h);
        float[] x = SourceImage.of(ref, 16).tile(0, 0, w, h);
        float[] recon = new float[x.length], r = x.clone();
        String image = f.getName().replace(".png", "");
        StringBuilder sb = new StringBuilder(), ctxSb = new StringBuilder();
        double[] psnr = new double[n], ms = new double[n];
        int c = model.config().bits();
        int[][] n0 = new int[c][12], n1 = new int[c][12];
        float[] prev = null;
        double ctxBits = 0;
        try (CodecModel.Encoder enc = model.encoder(h, w); CodecModel.Decoder dec = model.decoder(h, w)) {
            long encNs = 0, decNs = 0;
            for (int t = 0; t < n; t++) {
                long t0 = System.nanoTime();
                float[] bits = enc.step(r);
                long t1 = System.nanoTime();
                float[] d = dec.step(bits);
                encNs += t1 - t0;
                decNs += System.nanoTime() - t1;
                ctxBits += contextBits(bits, prev, h / 16, w / 16, c, n0, n1); // outside the networks' timing
                prev = bits;
                for (int i = 0; i < r.length; i++) { recon[i] += d[i]; r[i] = x[i] - recon[i]; }
                BufferedImage im = OutputImages.rgb(recon, w, w, h);
                long bytes = (long) (t + 1) * 32 * (w / 16) * (h / 16) / 8;
                psnr[t] = ImageQuality.psnr(ref, im);
                ms[t] = ImageQuality.msSsim(ref, im);
                sb.append(String.format(Locale.ROOT, "rnc,it%d,%s,%d,%.6f,%.4f,%.6f,%.1f,%.1f%n", t + 1, image, bytes,
                        bytes * 8.0 / ((double) img.getWidth() * img.getHeight()), psnr[t], ms[t], encNs / 1e6, decNs / 1e6));
                long ctxBytes = (long) Math.ceil(ctxBits / 8);
                ctxSb.append(String.format(Locale.ROOT, "rnc,it%d,%s,%d,%.6f,%.4f,%.6f,%.1f,%.1f%n", t + 1, image, ctxBytes,
                        ctxBytes * 8.0 / ((double) img.getWidth() * img.getHeight()), psnr[t], ms[t], encNs / 1e6, decNs / 1e6));
            }
        }
        return new Image(sb.toString(), ctxSb.toString(), psnr, ms);
    }
}

package org.rnc.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

import net.coobird.thumbnailator.Thumbnails;
import org.rnc.imageio.RncImageReadParam;
import org.rnc.imageio.RncImageWriteParam;
import org.rnc.metrics.ImageQuality;

/**
 * Thumbnail cost and quality ({@code rnc bench-thumbnails}): for each image, encoded at n iterations, the time of
 * a full {@code ImageIO.read}, of Thumbnailator's {@code Thumbnails.of(stream).size(S, S)}, and of a read with
 * source subsampling (the reader's rule, then with all iterations) resized to S by Thumbnailator; and the PSNR
 * of each thumbnail against Thumbnailator's thumbnail of the original.
 */
public final class ThumbnailBench {
    private ThumbnailBench() {}

    public static void run(List<Path> images, int[] iterations, int size, PrintStream out) throws IOException {
        out.printf(Locale.ROOT, "thumbnails of %d images at %d px; times in ms (median over images), PSNR in dB (mean) against the original's thumbnail%n",
                images.size(), size);
        out.println("| iterations | subsampling | full read | Thumbnailator (file) | subsampled read, rule (k) | subsampled read, all | rule / full | PSNR Thumbnailator | PSNR rule | PSNR all |");
        out.println("|---|---|---|---|---|---|---|---|---|---|");
        warmUp(images.get(0));
        for (int n : iterations) {
            List<double[]> rows = new ArrayList<>();
            int s = 0, k = 0;
            for (Path p : images) {
                BufferedImage src = ImageIO.read(p.toFile());
                byte[] file = encode(src, n);
                s = Math.max(1, Math.min(src.getWidth() / size, src.getHeight() / size));
                k = RncImageReadParam.iterationsFor(n, s, s);
                BufferedImage reference = Thumbnails.of(src).size(size, size).asBufferedImage();
                long t0 = System.nanoTime();
                read(file, 1, false);
                long t1 = System.nanoTime();
                BufferedImage viaFile = Thumbnails.of(new ByteArrayInputStream(file)).size(size, size).asBufferedImage();
                long t2 = System.nanoTime();
                BufferedImage rule = Thumbnails.of(read(file, s, false)).size(size, size).asBufferedImage();
                long t3 = System.nanoTime();
                BufferedImage all = Thumbnails.of(read(file, s, true)).size(size, size).asBufferedImage();
                long t4 = System.nanoTime();
                rows.add(new double[]{(t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6,
                        ImageQuality.psnr(reference, viaFile), ImageQuality.psnr(reference, rule), ImageQuality.psnr(reference, all)});
            }
            double full = median(rows, 0), ruleMs = median(rows, 2);
            out.printf(Locale.ROOT, "| %d | %d | %.0f | %.0f | %.0f (%d) | %.0f | %.2fx | %.2f | %.2f | %.2f |%n", n, s, full,
                    median(rows, 1), ruleMs, k, median(rows, 3), ruleMs / full, mean(rows, 4), mean(rows, 5), mean(rows, 6));
        }
    }

    /**
     * For choosing the subsampling rule: per iteration count k, the mean PSNR (against Thumbnailator's thumbnail of
     * the original) of the thumbnail made from a subsampled read of the first k iterations, one decode per image
     * (every pass of a subsampled read, from the progressive listener).
     */
    public static void sweep(List<Path> images, int[] iterations, int size, PrintStream out) throws IOException {
        for (int n : iterations) {
            double[] sum = new double[n];
            int s = 0;
            for (Path p : images) {
                BufferedImage src = ImageIO.read(p.toFile());
                byte[] file = encode(src, n);
                s = Math.max(1, Math.min(src.getWidth() / size, src.getHeight() / size));
                BufferedImage reference = Thumbnails.of(src).size(size, size).asBufferedImage();
                List<BufferedImage> passes = new ArrayList<>();
                ImageReader r = ImageIO.getImageReadersByFormatName("rnc").next();
                r.addIIOReadUpdateListener(new javax.imageio.event.IIOReadUpdateListener() {
                    public void passStarted(ImageReader x, BufferedImage t, int pass, int a, int b, int c, int d, int e, int f, int[] g) {}
                    public void imageUpdate(ImageReader x, BufferedImage t, int a, int b, int c, int d, int e, int f, int[] g) {}
                    public void passComplete(ImageReader x, BufferedImage t) {
                        BufferedImage c = new BufferedImage(t.getWidth(), t.getHeight(), BufferedImage.TYPE_INT_RGB);
                        c.getGraphics().drawImage(t, 0, 0, null);
                        passes.add(c);
                    }
                    public void thumbnailPassStarted(ImageReader x, BufferedImage t, int a, int b, int c, int d, int e, int f, int g, int[] h) {}
                    public void thumbnailUpdate(ImageReader x, BufferedImage t, int a, int b, int c, int d, int e, int f, int[] g) {}
                    public void thumbnailPassComplete(ImageReader x, BufferedImage t) {}
                });
                try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(file))) {
                    r.setInput(in);
                    RncImageReadParam rp = (RncImageReadParam) r.getDefaultReadParam();
                    rp.setSourceSubsampling(s, s, 0, 0);
                    rp.setDecodeAllIterations(true);
                    r.read(0, rp);
                } finally {
                    r.dispose();
                }
                for (int k = 0; k < n; k++)
                    sum[k] += ImageQuality.psnr(reference, Thumbnails.of(passes.get(k)).size(size, size).asBufferedImage());
            }
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "n=%d s=%d rule k=%d | PSNR by k:", n, s,
                    RncImageReadParam.iterationsFor(n, s, s)));
            for (int k = 0; k < n; k++) b.append(String.format(Locale.ROOT, " %d:%.2f", k + 1, sum[k] / images.size()));
            out.println(b);
        }
    }

    private static void warmUp(Path image) throws IOException {
        // loads the model and lets the JIT settle, so the first image's times are not start-up
        byte[] f = encode(ImageIO.read(image.toFile()), 2);
        for (int i = 0; i < 2; i++) read(f, 1, false);
    }

    static byte[] encode(BufferedImage img, int n) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("rnc").next();
        RncImageWriteParam p = (RncImageWriteParam) w.getDefaultWriteParam();
        p.setIterations(n);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream o = ImageIO.createImageOutputStream(bytes)) {
            w.setOutput(o);
            w.write(null, new IIOImage(img, null, null), p);
        } finally {
            w.dispose();
        }
        return bytes.toByteArray();
    }

    static BufferedImage read(byte[] file, int s, boolean all) throws IOException {
        ImageReader r = ImageIO.getImageReadersByFormatName("rnc").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(file))) {
            r.setInput(in);
            RncImageReadParam p = (RncImageReadParam) r.getDefaultReadParam();
            p.setSourceSubsampling(s, s, 0, 0);
            p.setDecodeAllIterations(all);
            return r.read(0, p);
        } finally {
            r.dispose();
        }
    }

    private static double median(List<double[]> rows, int c) {
        double[] v = rows.stream().mapToDouble(r -> r[c]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double mean(List<double[]> rows, int c) {
        return Arrays.stream(rows.stream().mapToDouble(r -> r[c]).toArray()).average().orElse(Double.NaN);
    }
}

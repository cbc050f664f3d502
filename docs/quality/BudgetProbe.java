import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.util.Locale;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.rnc.bench.BenchRunner;
import org.rnc.imageio.RncImageWriteParam;
import org.rnc.metrics.ImageQuality;

/**
 * The writer under a size limit (RncImageWriteParam.setTargetBitsPerPixel, the adaptive rate, the writer's model):
 * for every PNG in a folder and every budget, the whole file's bytes and bpp, PSNR and MS-SSIM of what the reader
 * decodes, and the encode time. CSV on stdout (docs/quality/adaptive-format.md, "Rate control between caps").
 * <pre>java -cp "target/rnc.jar:target/rnc-cli.jar:target/lib/*" docs/quality/BudgetProbe.java KODAK_DIR 0.25 0.5</pre>
 */
public class BudgetProbe {
    public static void main(String[] a) throws Exception {
        File[] files = new File(a[0]).listFiles((d, name) -> name.toLowerCase().endsWith(".png"));
        java.util.Arrays.sort(files);
        System.out.println("image,budget_bpp,bytes,bpp,psnr,msssim,encode_ms");
        for (File f : files) {
            BufferedImage img = BenchRunner.toRgb(ImageIO.read(f));
            for (int i = 1; i < a.length; i++) {
                double budget = Double.parseDouble(a[i]);
                ImageWriter w = ImageIO.getImageWritersByFormatName("rnc").next();
                RncImageWriteParam p = (RncImageWriteParam) w.getDefaultWriteParam();
                p.setTargetBitsPerPixel(budget);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                long t0 = System.nanoTime();
                try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                    w.setOutput(out);
                    w.write(null, new IIOImage(img, null, null), p);
                } finally {
                    w.dispose();
                }
                double ms = (System.nanoTime() - t0) / 1e6;
                BufferedImage back = BenchRunner.toRgb(ImageIO.read(new ByteArrayInputStream(bytes.toByteArray())));
                double bpp = bytes.size() * 8.0 / (img.getWidth() * (double) img.getHeight());
                System.out.printf(Locale.ROOT, "%s,%s,%d,%.6f,%.4f,%.6f,%.0f%n", f.getName().replace(".png", ""), a[i],
                        bytes.size(), bpp, ImageQuality.psnr(img, back), ImageQuality.msSsim(img, back), ms);
            }
        }
    }
}

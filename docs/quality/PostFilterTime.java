import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Arrays;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.rnc.model.ModelRegistry;
import org.rnc.model.PostFilterModel;

/**
 * Wall time of one post-filter run on a whole picture (as the reader runs it on a one-tile image), median of N runs
 * after 3 warm-up runs.
 * <pre>
 * java -cp "target/rnc.jar:target/lib/*" docs/quality/PostFilterTime.java IMAGE.png [N] [MODEL]
 * </pre>
 */
public class PostFilterTime {
    public static void main(String[] a) throws Exception {
        BufferedImage img = ImageIO.read(new File(a[0]));
        int n = a.length > 1 ? Integer.parseInt(a[1]) : 15;
        PostFilterModel m = ModelRegistry.postFilter(a.length > 2 ? a[2] : "rnc-3-pf1");
        int w = img.getWidth(), h = img.getHeight();
        int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
        int[][] p = new int[3][w * h];
        for (int i = 0; i < rgb.length; i++) { p[0][i] = rgb[i] >> 16 & 255; p[1][i] = rgb[i] >> 8 & 255; p[2][i] = rgb[i] & 255; }
        for (int i = 0; i < 3; i++) m.apply(p, w, h, 8);
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            m.apply(p, w, h, 8);
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "%s %dx%d: %s, %d multiply-adds per pixel: median %.1f ms (min %.1f, max %.1f) over %d runs%n",
                a[0], w, h, m.id(), m.macsPerPixel(), ms[n / 2], ms[0], ms[n - 1], n);
        ModelRegistry.closeAll();
    }
}

import java.awt.image.BufferedImage;
import java.io.File;

import javax.imageio.ImageIO;

/**
 * Central N x N crops of every image in a folder, the corner rounded down to the 16-pixel block grid (as CodeSearch.java
 * crops): the Kodak-6 crops of docs/quality/code-search.md.
 * <pre>java -cp /tmp docs/quality/Crop.java IN_DIR OUT_DIR 256</pre>
 * ({@code -cp} keeps the repository's META-INF, which names the plugin's classes, off the class path.)
 */
public class Crop {
    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[2]);
        File[] files = new File(a[0]).listFiles((d, name) -> name.toLowerCase().endsWith(".png"));
        java.util.Arrays.sort(files);
        for (File f : files) {
            BufferedImage im = ImageIO.read(f);
            int x0 = (im.getWidth() - n) / 2 / 16 * 16, y0 = (im.getHeight() - n) / 2 / 16 * 16;
            ImageIO.write(im.getSubimage(x0, y0, n, n), "png", new File(a[1], f.getName()));
        }
    }
}

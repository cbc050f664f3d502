import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;

import javax.imageio.ImageIO;

/**
 * A separate program that knows nothing of RNC's classes: it only puts the jar on the class path and uses
 * javax.imageio. Run from the project root after `mvn package`:
 *
 *   java -cp "target/rnc.jar:target/lib/*" conformance/client/ImageIoClient.java
 *
 * Exits non-zero if the round trip fails.
 */
public class ImageIoClient {
    public static void main(String[] args) throws Exception {
        BufferedImage img = new BufferedImage(123, 77, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new java.awt.GradientPaint(0, 0, Color.ORANGE, 123, 77, Color.BLUE));
        g.fillRect(0, 0, 123, 77);
        g.dispose();
        File f = Files.createTempFile("client", ".rnc").toFile();
        try {
            if (!ImageIO.write(img, "rnc", f)) throw new AssertionError("no ImageIO writer for \"rnc\" on the class path");
            BufferedImage back = ImageIO.read(f);
            if (back == null) throw new AssertionError("ImageIO.read did not recognise the .rnc file");
            if (back.getWidth() != 123 || back.getHeight() != 77) throw new AssertionError("size " + back.getWidth() + "x" + back.getHeight());
            String reader = ImageIO.getImageReadersByMIMEType("image/x-rnc").next().getClass().getName();
            System.out.printf("ImageIO client: wrote %d bytes (%.3f bpp) and read %dx%d back with %s%n", f.length(),
                    f.length() * 8.0 / (123 * 77), back.getWidth(), back.getHeight(), reader);
        } finally {
            f.delete();
        }
    }
}

package org.rnc.model;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

import javax.imageio.ImageIO;

/** Run in a forked JVM by {@link NativeLogsTest}: one ImageIO write and one read, nothing else. */
public final class QuietProbe {
    public static void main(String[] args) throws Exception {
        BufferedImage img = new BufferedImage(40, 24, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 24; y++)
            for (int x = 0; x < 40; x++) img.setRGB(x, y, (x * 6) << 16 | (y * 10) << 8 | 90);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "rnc", out)) throw new IllegalStateException("no rnc writer");
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
        if (back == null || back.getWidth() != 40) throw new IllegalStateException("no image back");
        System.exit(0);
    }
}

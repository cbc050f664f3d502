package org.rnc.imageio;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnc.TestImages;
import org.rnc.metrics.ImageQuality;

import ij.ImagePlus;
import ij.io.Opener;
import net.coobird.thumbnailator.Thumbnails;

/**
 * Third-party programs that read images only through javax.imageio open .rnc files as they are: Thumbnailator
 * (which asks the reader for subsampled reads) and ImageJ's {@code Opener.openUsingImageIO}.
 */
class ViewerInteropTest {

    @TempDir
    Path dir;

    Path writeRnc(BufferedImage img) throws Exception {
        Path f = dir.resolve("picture.rnc");
        Files.write(f, RncIO.encode(img, 6));
        return f;
    }

    @Test
    void thumbnailatorMakesAThumbnailOfAnRncFile() throws Exception {
        BufferedImage img = TestImages.photo(160, 96, BufferedImage.TYPE_INT_RGB);
        Path f = writeRnc(img);
        BufferedImage thumb = Thumbnails.of(f.toFile()).size(80, 80).asBufferedImage();
        assertEquals(80, thumb.getWidth());
        assertEquals(48, thumb.getHeight());
        BufferedImage expected = Thumbnails.of(img).size(80, 80).asBufferedImage();
        double psnr = ImageQuality.psnr(toRgb(expected), toRgb(thumb));
        assertTrue(psnr > 22, "thumbnail of the .rnc file vs thumbnail of the original: " + psnr + " dB");

        Path out = dir.resolve("thumb.png");
        Thumbnails.of(f.toFile()).scale(0.25).outputFormat("png").toFile(out.toFile());
        assertTrue(Files.size(out) > 0);
    }

    @Test
    void imageJOpensAnRncFileThroughImageIo() throws Exception {
        BufferedImage img = TestImages.photo(120, 72, BufferedImage.TYPE_INT_RGB);
        Path f = writeRnc(img);
        ImagePlus imp = Opener.openUsingImageIO(f.toString());
        assertNotNull(imp, "ImageJ could not open the .rnc file");
        assertEquals(120, imp.getWidth());
        assertEquals(72, imp.getHeight());
        assertEquals(ImagePlus.COLOR_RGB, imp.getType());
        double psnr = ImageQuality.psnr(img, toRgb(imp.getBufferedImage()));
        assertTrue(psnr > 22, "ImageJ's picture vs the original: " + psnr + " dB");
        imp.close();
    }

    static BufferedImage toRgb(BufferedImage b) {
        BufferedImage out = new BufferedImage(b.getWidth(), b.getHeight(), BufferedImage.TYPE_INT_RGB);
        out.getGraphics().drawImage(b, 0, 0, null);
        return out;
    }
}

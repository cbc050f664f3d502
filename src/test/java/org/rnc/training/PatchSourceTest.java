package org.rnc.training;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnc.TestImages;

/** JPEG sources are halved for the codec's training (their 8x8 grid); the entropy model's training may keep them whole. */
class PatchSourceTest {
    @Test
    void jpegsAreHalvedUnlessAskedToKeepTheirSize(@TempDir Path dir) throws Exception {
        ImageIO.write(TestImages.photo(160, 128, BufferedImage.TYPE_INT_RGB), "jpeg", dir.resolve("a.jpg").toFile());
        ImageIO.write(TestImages.photo(96, 80, BufferedImage.TYPE_INT_RGB), "png", dir.resolve("b.png").toFile());
        List<BufferedImage> halved = new PatchSource(List.of(dir), 32, 0).trainingPictures();
        List<BufferedImage> whole = new PatchSource(List.of(dir), 32, 0, false).trainingPictures();
        assertEquals(List.of("80x64", "96x80"), sizes(halved));
        assertEquals(List.of("160x128", "96x80"), sizes(whole));
    }

    private static List<String> sizes(List<BufferedImage> pics) {
        return pics.stream().map(p -> p.getWidth() + "x" + p.getHeight()).toList();
    }
}

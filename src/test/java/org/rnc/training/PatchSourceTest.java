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

    /**
     * Hard crops (Toderici et al. 2017's "high entropy" patches): from a picture that is flat on its left and noise on
     * its right, the hardest of 8 candidates is nearly always all noise, where random crops are about as often flat.
     * One candidate draws exactly the stream of plain random crops, so runs without the option keep their crops.
     */
    @Test
    void hardCropsPreferTextureAndOneCandidateIsTheRandomStream(@TempDir Path dir) throws Exception {
        BufferedImage img = new BufferedImage(256, 64, BufferedImage.TYPE_INT_RGB);
        java.util.Random noise = new java.util.Random(5);
        for (int y = 0; y < 64; y++)
            for (int x = 0; x < 256; x++) img.setRGB(x, y, x < 128 ? 0x808080 : noise.nextInt(1 << 24));
        ImageIO.write(img, "png", dir.resolve("half.png").toFile());
        PatchSource src = new PatchSource(List.of(dir), 32, 0);
        int batch = 200, per = 32 * 32 * 3;
        float[] plain = new float[batch * per], one = new float[batch * per], hard = new float[batch * per];
        src.sample(new java.util.Random(9), plain, batch);
        src.sample(new java.util.Random(9), one, batch, 1);
        src.sample(new java.util.Random(9), hard, batch, 8);
        assertArrayEquals(plain, one);
        int flatPlain = 0, flatHard = 0;
        for (int b = 0; b < batch; b++) {
            if (flatPixels(plain, b * per, per) > per / 6) flatPlain++;
            if (flatPixels(hard, b * per, per) > per / 6) flatHard++;
        }
        assertTrue(flatPlain > batch / 4, "random crops are often mostly flat: " + flatPlain);
        assertTrue(flatHard < batch / 20, "hard crops are nearly never mostly flat: " + flatHard);
        assertThrows(IllegalArgumentException.class, () -> src.sample(new java.util.Random(9), hard, 1, 0));
    }

    /** Samples of a crop that are exactly the flat grey (0x80 - 0.5 in the crop's scale, -0.0020). */
    private static int flatPixels(float[] a, int from, int n) {
        int c = 0;
        for (int i = from; i < from + n; i++) if (a[i] == 0x80 / 255f - 0.5f) c++;
        return c;
    }

    private static List<String> sizes(List<BufferedImage> pics) {
        return pics.stream().map(p -> p.getWidth() + "x" + p.getHeight()).toList();
    }
}

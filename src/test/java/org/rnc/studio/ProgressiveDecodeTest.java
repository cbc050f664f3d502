package org.rnc.studio;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnc.TestImages;
import org.rnc.format.RncFileReader;
import org.rnc.model.ModelRegistry;

class ProgressiveDecodeTest {

    static boolean same(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) return false;
        for (int y = 0; y < a.getHeight(); y++)
            for (int x = 0; x < a.getWidth(); x++) if (a.getRGB(x, y) != b.getRGB(x, y)) return false;
        return true;
    }

    @Test
    void rncGivesOneImagePerIterationAndTheHeader(@TempDir Path dir) throws Exception {
        BufferedImage img = TestImages.photo(64, 48, BufferedImage.TYPE_INT_RGB);
        byte[] file = TestImages.encode(img, 3);
        Path f = dir.resolve("a.rnc");
        Files.write(f, file);
        List<String> events = new ArrayList<>();
        ProgressiveDecode.Result r = new ProgressiveDecode().decode(f, new ProgressiveDecode.Listener() {
            @Override public void info(ImageInfo info) { events.add("info " + info.presentIterations()); }

            @Override public void pass(int pass, BufferedImage image) { events.add("pass " + pass); }
        });
        assertEquals(List.of("info 3", "pass 0", "pass 1", "pass 2"), events);
        assertEquals(3, r.passes().size());
        assertFalse(r.aborted());
        for (int k = 1; k <= 3; k++) {
            ImageReadParam p = new ImageReadParam();
            p.setSourceProgressivePasses(0, k);
            assertTrue(same(TestImages.decode(file, p, null), r.passes().get(k - 1)), "pass " + k);
        }
        // later passes are closer to the original
        assertTrue(TestImages.psnr(img, r.passes().get(2)) > TestImages.psnr(img, r.passes().get(0)));

        ImageInfo i = r.info();
        assertTrue(i.isRnc());
        assertEquals("rnc", i.format());
        assertEquals(64, i.width());
        assertEquals(48, i.height());
        assertEquals(file.length, i.fileBytes());
        assertEquals(ModelRegistry.defaultModelName(), i.model());
        assertEquals(3, i.declaredIterations());
        List<RncFileReader.Iteration> its = RncFileReader.iterationsOf(file);
        for (int k = 0; k < 3; k++) assertEquals(its.get(k).bytes(), i.iterationBytes().get(k), "chunk " + k);
        // a 3-iteration file is the prefix to the third iteration plus the END chunk
        assertEquals(file.length * 8.0 / (64 * 48), i.bppAfter(3), 1e-12);
        assertTrue(i.bppAfter(1) < i.bppAfter(2));
        String text = String.join("\n", i.describe());
        assertTrue(text.contains(ModelRegistry.defaultModelName()) && text.contains("3 declared, 3 present"), text);
    }

    @Test
    void otherFormatsAreOnePassAndNonImagesAReadableError(@TempDir Path dir) throws Exception {
        BufferedImage img = TestImages.photo(40, 30, BufferedImage.TYPE_INT_RGB);
        Path png = dir.resolve("a.png");
        ImageIO.write(img, "png", png.toFile());
        ProgressiveDecode.Result r = new ProgressiveDecode().decode(png, null);
        assertEquals(1, r.passes().size());
        assertFalse(r.info().isRnc());
        assertEquals("png", r.info().format());
        assertTrue(same(img, r.last()));

        Path junk = dir.resolve("notes.rnc");
        Files.writeString(junk, "hello, not an image");
        IIOException e = assertThrows(IIOException.class, () -> new ProgressiveDecode().decode(junk, null));
        assertTrue(e.getMessage().contains("not an image"), e.getMessage());
        assertThrows(java.io.IOException.class, () -> new ProgressiveDecode().decode(dir.resolve("missing.png"), null));
    }

    @Test
    void aTruncatedFileDecodesWhatItHoldsWithAWarning(@TempDir Path dir) throws Exception {
        byte[] file = TestImages.encode(TestImages.photo(64, 48, BufferedImage.TYPE_INT_RGB), 3, false);
        List<RncFileReader.Iteration> its = RncFileReader.iterationsOf(file);
        // cut in the middle of the third chunk
        byte[] cut = java.util.Arrays.copyOf(file, (int) its.get(2).offset() + 20);
        ProgressiveDecode.Result r = new ProgressiveDecode().decode(cut, null);
        assertEquals(2, r.passes().size());
        assertFalse(r.warnings().isEmpty());
    }

    @Test
    void cancelStopsTheDecode() throws Exception {
        byte[] file = TestImages.encode(TestImages.photo(64, 48, BufferedImage.TYPE_INT_RGB), 4);
        ProgressiveDecode d = new ProgressiveDecode();
        ProgressiveDecode.Result r = d.decode(file, new ProgressiveDecode.Listener() {
            @Override public void pass(int pass, BufferedImage image) {
                if (pass == 0) d.cancel();
            }
        });
        assertTrue(r.aborted());
        assertTrue(r.passes().size() < 4, "passes " + r.passes().size());
    }
}

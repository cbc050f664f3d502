package org.rnc.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnc.TestImages;
import org.rnc.model.ModelRegistry;

/** The entropy-model comparison on a picture: equal models give equal figures, and coding saves bytes. */
class EntropyParityBenchTest {

    @Test
    void oneModelAgainstItselfOnUniformAndAdaptiveCodes(@TempDir Path dir) throws Exception {
        BufferedImage img = TestImages.photo(96, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, 48, 64);
        g.dispose();
        Path f = dir.resolve("p.png");
        ImageIO.write(img, "png", f.toFile());
        Path pe = Path.of("models", ModelRegistry.catalogEntropyName(ModelRegistry.defaultModelName()));

        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        EntropyParityBench.run(List.of(f), 6, true, pe, pe, new PrintStream(bos, true, StandardCharsets.UTF_8));
        String all = bos.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("| all")).findFirst().orElseThrow();
        String[] c = all.split("\\|");
        long raw = Long.parseLong(c[3].trim()), first = Long.parseLong(c[4].trim()), second = Long.parseLong(c[5].trim());
        assertEquals(first, second, all);
        assertTrue(first < raw, all);
        assertEquals("1.0000", c[6].trim());

        bos.reset();
        EntropyParityBench.run(List.of(f), 3, false, pe, pe, new PrintStream(bos, true, StandardCharsets.UTF_8));
        String[] u = bos.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("| all")).findFirst().orElseThrow().split("\\|");
        assertEquals(u[2].trim(), u[3].trim(), "ideal bits per code, model alone");
        assertTrue(Double.parseDouble(u[4].trim()) < 1, "mode 3 bits per code " + u[4]);
    }
}

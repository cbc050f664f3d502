package org.rnc.bench;

import static org.junit.jupiter.api.Assertions.*;

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

/** {@code rnc bench-entropy} on a picture with the writer's defaults (which code adaptive-rate files). */
class EntropyBenchTest {

    @Test
    void comparesWholeRawIterationsWithCodedOnes(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("p.png");
        ImageIO.write(TestImages.photo(80, 48, BufferedImage.TYPE_INT_RGB), "png", f.toFile());
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        EntropyBench.run(List.of(f), 3, new PrintStream(bos, true, StandardCharsets.UTF_8));
        String out = bos.toString(StandardCharsets.UTF_8);
        // 5 x 3 blocks of 32 bits: 60 bytes of codes in each RAW iteration, 2 of index and 12 of framing (no
        // stop flags: the bench writes every block at every iteration)
        for (String t : new String[]{"1", "2", "3"}) {
            String row = out.lines().filter(l -> l.startsWith("| " + t + " |")).findFirst().orElseThrow();
            assertEquals("74", row.split("\\|")[2].trim(), row);
        }
        String all = out.lines().filter(l -> l.startsWith("| all |")).findFirst().orElseThrow();
        String[] c = all.split("\\|");
        assertTrue(Double.parseDouble(c[3].trim()) < Double.parseDouble(c[2].trim()), all);
        assertTrue(out.contains("lossless: decoded pixels identical for all 1 images at 3 iterations"), out);
    }
}

package org.rnc.study;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnc.TestImages;
import org.rnc.model.CodecConfig;

/** The Models 1-4 table and figure, on two small images with the shipped model standing in for a study model. */
class ModelsStudyTest {
    @TempDir
    Path dir;

    @Test
    void tableFigureAndReuse() throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        ImageIO.write(TestImages.photo(96, 64, BufferedImage.TYPE_INT_RGB), "png", images.resolve("a.png").toFile());
        ImageIO.write(TestImages.photo(80, 48, BufferedImage.TYPE_INT_RGB), "png", images.resolve("b.png").toFile());
        ModelsStudy.Options o = new ModelsStudy.Options();
        o.images = images;
        o.out = dir.resolve("out");
        o.models = List.of("rnc-default");
        o.iterations = 3;
        o.figureImage = "a";
        o.crop = new int[]{16, 8, 40};
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        String table = ModelsStudy.run(o, new PrintStream(log, true, StandardCharsets.UTF_8));

        String row = table.lines().filter(l -> l.startsWith("| rnc-default |")).findFirst().orElseThrow();
        CodecConfig small = CodecConfig.preset("small");
        assertTrue(row.contains(String.format(java.util.Locale.ROOT, "| %,d |", small.parameterCount())), row);
        assertTrue(row.contains(String.format(java.util.Locale.ROOT, "| %,.0f |", small.decoderMacsPerPixel())), row);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("| JPEG |")), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("| JPEG 2000 |")), table);
        assertEquals(table, Files.readString(o.out.resolve("table.md")));
        assertTrue(Files.exists(o.out.resolve("bench-rnc-rnc-default/points.csv")));

        BufferedImage fig = ImageIO.read(o.out.resolve("figure-a.png").toFile());
        assertEquals(40 + 18, fig.getHeight());
        assertTrue(fig.getWidth() >= 2 * 40 + 4, "the original and the model at least");

        // a second run takes the points measured before
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        o.figureImage = null;
        assertEquals(table, ModelsStudy.run(o, new PrintStream(again, true, StandardCharsets.UTF_8)));
        assertTrue(again.toString(StandardCharsets.UTF_8).contains("points from"), again.toString(StandardCharsets.UTF_8));
    }
}

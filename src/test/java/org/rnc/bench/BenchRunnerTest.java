package org.rnc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import org.rnc.model.ModelRegistry;

class BenchRunnerTest {

    static Path images(Path dir) throws Exception {
        Path imgs = Files.createDirectories(dir.resolve("imgs"));
        ImageIO.write(TestImages.photo(256, 192, BufferedImage.TYPE_INT_RGB), "png", imgs.resolve("b-photo.png").toFile());
        ImageIO.write(TestImages.withAlpha(200, 180, BufferedImage.TYPE_INT_ARGB), "png", imgs.resolve("a-alpha.png").toFile());
        Files.writeString(imgs.resolve("notes.txt"), "not an image");
        return imgs;
    }

    @Test
    void aCodecThatCannotRunIsReportedNotFaked(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        BenchRunner.Outcome r = BenchRunner.run(new BenchRunner.Options(images(dir), out, true, 3, "no-such-model", 2,
                List.of("rnc", "jpeg", "png"), "test"), new PrintStream(log, true, StandardCharsets.UTF_8));

        assertTrue(log.toString(StandardCharsets.UTF_8).contains("rnc is not available here"), log.toString(StandardCharsets.UTF_8));
        assertTrue(r.info().unavailable().containsKey("rnc"));
        assertFalse(r.points().stream().anyMatch(p -> p.codec().equals("rnc")));
        assertEquals(List.of(), r.info().errors());

        List<String> lines = Files.readAllLines(out.resolve("points.csv"));
        assertEquals(PointsCsv.HEADER, lines.get(0));
        assertEquals(2 * (23 + 1) + 1, lines.size());
        // fixed order: images by name, then codecs, then settings; whatever the threads did
        assertTrue(lines.get(1).startsWith("jpeg,q0.01,a-alpha,"), lines.get(1));
        assertTrue(lines.get(24).startsWith("png,lossless,a-alpha,"), lines.get(24));
        assertTrue(lines.get(25).startsWith("jpeg,q0.01,b-photo,"), lines.get(25));
        assertEquals(r.points().stream().map(PointsCsv::line).toList(),
                PointsCsv.read(out.resolve("points.csv")).stream().map(PointsCsv::line).toList());

        String summary = Files.readString(out.resolve("summary.md"));
        assertTrue(summary.contains("**Not measured**"), summary);
        assertTrue(summary.contains("- `rnc`: "), summary);
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("| rnc | **not measured**: "), report);
        assertTrue(report.contains("## Speed"), report);
        for (String plot : List.of("rd-msssim.png", "rd-psnr.png")) {
            BufferedImage p = ImageIO.read(out.resolve(plot).toFile());
            assertNotNull(p, plot);
            assertTrue(p.getWidth() >= 800, plot);
        }
        // --keep-decoded: <image>.<codec>.<setting>.png, readable, original size
        BufferedImage dec = ImageIO.read(out.resolve("b-photo.jpeg.q0.50.png").toFile());
        assertEquals(256, dec.getWidth());
        assertTrue(Files.exists(out.resolve("a-alpha.png.lossless.png")));
    }

    @Test
    void metricsDoNotDependOnTheThreadCount(@TempDir Path dir) throws Exception {
        Path imgs = images(dir);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        List<BenchPoint> one = BenchRunner.run(new BenchRunner.Options(imgs, dir.resolve("o1"), false, 2, null, 1,
                List.of("jpeg", "webp"), "t"), quiet).points();
        List<BenchPoint> two = BenchRunner.run(new BenchRunner.Options(imgs, dir.resolve("o2"), false, 2, null, 2,
                List.of("jpeg", "webp"), "t"), quiet).points();
        assertEquals(one.size(), two.size());
        for (int i = 0; i < one.size(); i++) {
            BenchPoint a = one.get(i), b = two.get(i);
            assertEquals(List.of(a.codec(), a.setting(), a.image(), a.bytes(), a.psnr(), a.msssim()),
                    List.of(b.codec(), b.setting(), b.image(), b.bytes(), b.psnr(), b.msssim()));
        }
    }

    @Test
    void withTheModelRncGivesOnePointPerIteration(@TempDir Path dir) throws Exception {
        assumeTrue(modelAvailable(), "no RNC model installed (set -Drnc.models.dir or RNC_MODELS_DIR)");
        BenchRunner.Outcome r = BenchRunner.run(new BenchRunner.Options(images(dir), dir.resolve("out"), false, 3, null,
                2, List.of("rnc", "jpeg"), "t"), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        List<BenchPoint> rnc = r.points().stream().filter(p -> p.codec().equals("rnc")).toList();
        assertEquals(6, rnc.size());
        assertEquals(List.of("it1", "it2", "it3"), rnc.subList(0, 3).stream().map(BenchPoint::setting).toList());
        for (int i = 1; i < 3; i++) {
            assertTrue(rnc.get(i).bytes() > rnc.get(i - 1).bytes());
            assertTrue(rnc.get(i).encodeMs() >= rnc.get(i - 1).encodeMs());
            assertTrue(rnc.get(i).decodeMs() >= rnc.get(i - 1).decodeMs());
        }
        assertTrue(Files.readString(dir.resolve("out/report.md")).contains("RNC per iteration count"));
    }

    static boolean modelAvailable() {
        try {
            ModelRegistry.locate(ModelRegistry.defaultModelName());
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}

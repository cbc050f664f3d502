package org.rnc.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnc.imageio.RncImageWriteParam;

/** The transcode job on a local[2] session, on a handful of small files: good, corrupt, not an image, colliding. */
class TranscodeJobTest {
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = Main.session("local[2]", "rnc-spark-test", 1);
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
    }

    static BufferedImage picture(int w, int h, int seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                img.setRGB(x, y, ((x * 7 + seed * 31) & 255) << 16 | ((y * 5 + seed) & 255) << 8 | ((x * y + seed * 3) & 255));
        return img;
    }

    /** Bytes as `rnc encode -n N` writes them: ImageIO.read of the file, the rnc writer, N iterations. */
    static byte[] cliEncode(Path image, int n) throws IOException {
        BufferedImage img = ImageIO.read(image.toFile());
        ImageWriter w = ImageIO.getImageWritersByFormatName("rnc").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            RncImageWriteParam p = (RncImageWriteParam) w.getDefaultWriteParam();
            p.setIterations(n);
            w.setOutput(out);
            w.write(null, new IIOImage(img, null, null), p);
        } finally {
            w.dispose();
        }
        return bytes.toByteArray();
    }

    static Map<String, Row> byName(TranscodeJob.Summary s) {
        Map<String, Row> rows = new HashMap<>();
        for (Row r : spark.read().parquet(TranscodeJob.escapeGlob(s.report())).collectAsList()) rows.put(new File(r.<String>getAs("path")).getName(), r);
        return rows;
    }

    @Test
    void transcodesATreeReportsBadInputsAndSkipsWhatIsDoneOnARerun(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in")), out = tmp.resolve("out");
        Files.createDirectories(in.resolve("sub/deeper"));
        Files.createDirectories(in.resolve("empty"));
        ImageIO.write(picture(192, 176, 1), "png", in.resolve("a.png").toFile());
        ImageIO.write(picture(40, 40, 2), "png", in.resolve("sub/b.png").toFile());
        ImageIO.write(picture(33, 17, 3), "bmp", in.resolve("sub/deeper/c.bmp").toFile());
        byte[] png = Files.readAllBytes(in.resolve("a.png"));
        Files.write(in.resolve("corrupt.png"), Arrays.copyOf(png, png.length / 2));
        Files.writeString(in.resolve("notes.txt"), "not taken: not an image name", StandardCharsets.UTF_8);
        Files.writeString(in.resolve("fake.jpg"), "not an image", StandardCharsets.UTF_8);
        ImageIO.write(picture(20, 20, 4), "png", in.resolve("dup.png").toFile());
        ImageIO.write(picture(20, 20, 5), "bmp", in.resolve("dup.bmp").toFile());

        TranscodeOptions o = new TranscodeOptions();
        o.in = in.toString();
        o.out = out.toString();
        o.iterations = 2;
        o.metrics = true;
        o.csv = true;
        TranscodeJob.Summary first = TranscodeJob.run(spark, o);
        assertEquals(7, first.inputs());
        assertEquals(4, first.written(), () -> byName(first).toString()); // a, b, c and one of the dups
        assertEquals(3, first.errors()); // corrupt.png, fake.jpg, the other dup
        Map<String, Row> rows = byName(first);
        for (String name : List.of("a.png", "sub/b.png", "sub/deeper/c.bmp")) {
            Path source = in.resolve(name);
            Path rnc = out.resolve(name.replaceAll("\\.[a-z]+$", ".rnc"));
            assertTrue(Files.isRegularFile(rnc), rnc + " written under the same relative name");
            // the plugin alone decodes it, and the bytes are those of `rnc encode -n 2`
            BufferedImage back = ImageIO.read(rnc.toFile());
            assertNotNull(back);
            assertArrayEquals(cliEncode(source, 2), Files.readAllBytes(rnc), name);
            Row r = rows.get(source.getFileName().toString());
            assertEquals("written", r.<String>getAs("status"));
            assertEquals(Files.size(rnc), r.<Long>getAs("output_bytes"));
            assertEquals(Files.size(source), r.<Long>getAs("input_bytes"));
            assertEquals(back.getWidth(), r.<Integer>getAs("width"));
            assertTrue(r.<Double>getAs("psnr") > 5 && r.<Double>getAs("psnr") < 99, "PSNR reported");
            if (name.equals("a.png")) assertTrue(r.<Double>getAs("ms_ssim") > 0.3, "MS-SSIM reported");
            else assertNull(r.getAs("ms_ssim"), "too small for MS-SSIM");
            assertNull(r.getAs("error"));
        }
        assertEquals("error", rows.get("corrupt.png").<String>getAs("status"));
        assertEquals("error", rows.get("fake.jpg").<String>getAs("status"));
        assertTrue(rows.get("fake.jpg").<String>getAs("error").contains("not an image"));
        assertNull(rows.get("notes.txt"), "only image names are taken by default");
        assertTrue(rows.get("dup.png").<String>getAs("error").contains("taken by"), "dup.bmp sorts first and gets dup.rnc");
        try (var csv = Files.list(Path.of(java.net.URI.create(first.report() + "-csv")))) {
            assertEquals(1, csv.filter(f -> f.toString().endsWith(".csv")).count(), "one CSV file beside the Parquet report");
        }
        long stamp = Files.getLastModifiedTime(out.resolve("a.rnc")).toMillis();
        byte[] aBytes = Files.readAllBytes(out.resolve("a.rnc"));

        // a second run writes nothing new: every finished output is skipped, the bad inputs are errors again
        TranscodeJob.Summary second = TranscodeJob.run(spark, o);
        assertEquals(0, second.written());
        assertEquals(4, second.skipped());
        assertEquals(3, second.errors());
        assertEquals(stamp, Files.getLastModifiedTime(out.resolve("a.rnc")).toMillis());
        assertArrayEquals(aBytes, Files.readAllBytes(out.resolve("a.rnc")));
        Row skipped = byName(second).get("a.png");
        assertEquals(192, skipped.<Integer>getAs("width"), "a skipped row still says the size, from the header");
        // outputs appear by rename: no temporary file is left behind, and no .crc side file is written
        try (var files = Files.walk(out)) {
            assertTrue(files.filter(f -> !f.startsWith(out.resolve("rnc-report")))
                    .noneMatch(f -> f.getFileName().toString().contains(".tmp-") || f.toString().endsWith(".crc")));
        }
        assertTrue(Files.isDirectory(Path.of(java.net.URI.create(first.report()))), "each run has its own report folder");
        assertTrue(Files.isDirectory(Path.of(java.net.URI.create(second.report()))));

        // and back: .rnc to PNG
        TranscodeOptions d = new TranscodeOptions();
        d.in = out.toString();
        d.out = tmp.resolve("png").toString();
        d.direction = TranscodeOptions.Direction.DECODE;
        TranscodeJob.Summary decoded = TranscodeJob.run(spark, d);
        assertEquals(4, decoded.written());
        assertEquals(0, decoded.errors());
        BufferedImage c = ImageIO.read(tmp.resolve("png/sub/deeper/c.png").toFile());
        assertEquals(33, c.getWidth());
        assertEquals(17, c.getHeight());
    }

    @Test
    void topFolderOnlyAndAnOutputInsideTheInput(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in [2020]"));
        Files.createDirectories(in.resolve("year=2020"));
        ImageIO.write(picture(24, 24, 6), "png", in.resolve("top.png").toFile());
        ImageIO.write(picture(24, 24, 7), "png", in.resolve("year=2020/below.png").toFile());
        TranscodeOptions o = new TranscodeOptions();
        o.in = in.toString(); // glob characters in the folder name are taken literally
        o.out = in.resolve("rnc").toString(); // the output inside the input
        o.iterations = 1;
        o.recursive = false;
        TranscodeJob.Summary s = TranscodeJob.run(spark, o);
        assertEquals(1, s.inputs(), "only the top folder");
        assertTrue(Files.isRegularFile(in.resolve("rnc/top.rnc")));
        o.recursive = true;
        s = TranscodeJob.run(spark, o);
        // below.png now, top.png skipped; its own outputs and reports are never taken as inputs
        assertEquals(2, s.inputs());
        assertEquals(1, s.written());
        assertEquals(1, s.skipped());
        assertTrue(Files.isRegularFile(in.resolve("rnc/year=2020/below.rnc")));
        assertTrue(Files.notExists(in.resolve("rnc/rnc")));
    }

    @Test
    void anEmptyFolderIsAnEmptyReport(@TempDir Path tmp) throws Exception {
        TranscodeOptions o = new TranscodeOptions();
        o.in = Files.createDirectories(tmp.resolve("nothing")).toString();
        o.out = tmp.resolve("out").toString();
        TranscodeJob.Summary s = TranscodeJob.run(spark, o);
        assertEquals(0, s.inputs());
        assertEquals(0, s.errors());
    }

    @Test
    void outputNamesReplaceTheExtension() {
        TranscodeOptions o = new TranscodeOptions();
        assertEquals("a/b/photo.rnc", o.outputName("a/b/photo.jpeg"));
        assertEquals("noext.rnc", o.outputName("noext"));
        assertEquals("dir.x/noext.rnc", o.outputName("dir.x/noext"));
        o.direction = TranscodeOptions.Direction.DECODE;
        assertEquals("a/photo.png", o.outputName("a/photo.rnc"));
        assertEquals("*.rnc", o.glob());
    }
}

package org.rnc.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnc.TestImages;

/** The training-speed bench times real trainer steps and leaves nothing behind; a few steps of the tiny preset. */
class TrainingSpeedBenchTest {

    @TempDir
    Path dir;

    @Test
    void timesEachPresetAndIterationCount() throws Exception {
        for (int i = 0; i < 2; i++) {
            ImageIO.write(TestImages.photo(64, 48 + 16 * i, BufferedImage.TYPE_INT_RGB), "png", dir.resolve("p" + i + ".png").toFile());
        }
        long tempBefore = countTrainSpeedDirs();
        List<TrainingSpeedBench.Row> rows = TrainingSpeedBench.run(List.of(dir), List.of("tiny"), List.of(1, 2), 2, 32, 1, 2,
                new PrintStream(OutputStream.nullOutputStream()));
        assertEquals(2, rows.size());
        for (TrainingSpeedBench.Row r : rows) {
            assertEquals("tiny", r.preset());
            assertEquals(2, r.steps());
            assertTrue(r.seconds() > 0 && r.stepsPerSecond() > 0, "timed " + r.seconds() + " s");
            assertTrue(r.parameters() > 1000, r.parameters() + " parameters");
        }
        assertEquals(List.of(1, 2), rows.stream().map(TrainingSpeedBench.Row::iterations).toList());
        String md = TrainingSpeedBench.markdown(rows, 2);
        assertTrue(md.contains("| tiny |"), md);
        assertEquals(3, TrainingSpeedBench.csv(rows).lines().count());
        assertEquals(tempBefore, countTrainSpeedDirs(), "the throw-away run directories are deleted");
    }

    private static long countTrainSpeedDirs() throws Exception {
        try (var s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("rnc-train-speed")).count();
        }
    }
}

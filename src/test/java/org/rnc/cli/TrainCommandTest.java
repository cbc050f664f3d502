package org.rnc.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnc.TestImages;
import picocli.CommandLine;

/** {@code rnc train --resume} continues with the run's own crop size, batch, binariser and learning rate unless told otherwise. */
class TrainCommandTest {

    @TempDir
    Path dir;

    @Test
    void resumeKeepsTheRunsCropBatchAndBinarizer() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        ImageIO.write(TestImages.photo(80, 64, BufferedImage.TYPE_INT_RGB), "png", data.resolve("p.png").toFile());
        String run = dir.resolve("run").toString();
        assertEquals(0, train("--data", data.toString(), "--run", run, "--preset", "tiny", "--iterations", "1",
                "--batch", "2", "--patch", "48", "--binarizer", "deterministic", "--lr", "0.001", "--halve-every", "9", "--steps", "1"));
        assertEquals(0, train("--data", data.toString(), "--run", run, "--resume", "--iterations", "1", "--steps", "2"));
        Properties state = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve("run/state.properties"))) {
            state.load(r);
        }
        assertEquals("2", state.getProperty("step"));
        assertEquals("2", state.getProperty("batch"));
        assertEquals("48", state.getProperty("patch"));
        assertEquals("deterministic", state.getProperty("binarizer"));
        assertEquals(1e-3f, Float.parseFloat(state.getProperty("learningRate")), "a fork keeps its run's learning rate");
        assertEquals("9", state.getProperty("halveEvery"));
    }

    @Test
    void rejectsACropThatIsNotWholeBlocks() {
        assertNotEquals(0, train("--data", dir.toString(), "--run", dir.resolve("run").toString(), "--patch", "40"));
        assertFalse(Files.exists(dir.resolve("run/state.properties")));
    }

    private static int train(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "train";
        System.arraycopy(args, 0, all, 1, args.length);
        return new CommandLine(new Main()).execute(all);
    }
}

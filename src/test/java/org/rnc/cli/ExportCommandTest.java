package org.rnc.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnc.TestImages;
import picocli.CommandLine;

/** {@code rnc export --verify}: a model directory is checked against the run it is said to come from. */
class ExportCommandTest {

    @TempDir
    Path dir;

    @Test
    void verifyAcceptsTheRunsOwnExportAndRefusesOneStepLater() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        ImageIO.write(TestImages.photo(80, 64, BufferedImage.TYPE_INT_RGB), "png", data.resolve("p.png").toFile());
        String run = dir.resolve("run").toString(), model = dir.resolve("models/m").toString();
        PrintStream stdout = System.out, stderr = System.err; // training reports on stderr
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        int same, later;
        try {
            System.setErr(new PrintStream(OutputStream.nullOutputStream()));
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            assertEquals(0, rnc("train", "--data", data.toString(), "--run", run, "--preset", "tiny", "--iterations", "1",
                    "--batch", "2", "--patch", "48", "--steps", "1"));
            assertEquals(0, rnc("export", "--run", run, "--out", model, "--name", "m"));
            System.setOut(new PrintStream(said, true));
            same = rnc("export", "--run", run, "--verify", model);
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            assertEquals(0, rnc("train", "--data", data.toString(), "--run", run, "--resume", "--iterations", "1", "--steps", "2"));
            System.setOut(new PrintStream(said, true));
            later = rnc("export", "--run", run, "--verify", model);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        assertEquals(0, same, said.toString());
        assertTrue(said.toString().contains("same graph, same weights"), said.toString());
        assertEquals(1, later, said.toString());
        assertTrue(said.toString().contains("the weights differ"), said.toString());
        assertEquals(2, rnc("export", "--run", run, "--verify", model, "--name", "m"), "--verify with --name is a usage error");
        assertEquals(2, rnc("export", "--run", run, "--out", model), "--out without --name is a usage error");
        assertEquals(2, rnc("export", "--run", run, "--verify", data.toString()), "--verify needs a codec model directory");
    }

    private static int rnc(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setErr(new java.io.PrintWriter(OutputStream.nullOutputStream()));
        return cl.execute(args);
    }
}

package org.rnc.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnc.format.ModelId;
import org.rnc.model.ModelFiles;
import org.rnc.model.PostFilterModel;
import picocli.CommandLine;

/** {@code rnc train-postfilter}: trains on a run's crops and exports a model whose properties record the training. */
class TrainPostFilterCommandTest {
    @Test
    void trainsThenExportsWithTheRunsFacts(@TempDir Path dir) throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        ModelId codec = new ModelId("made-up", new byte[32]);
        org.rnc.training.PostFilterTrainerTest.crops(run.resolve("crops-7.bin"), 20, codec);
        String[] shape = {"--channels", "4", "--layers", "2"};
        assertEquals(0, run("--run", run.toString(), "--steps", "2", "--log-every", "1", shape[0], shape[1], shape[2], shape[3]));
        // another shape than the run's is refused at export
        assertNotEquals(0, run("--run", run.toString(), "--name", "x", "--out", dir.resolve("x").toString()));
        Path out = dir.resolve("made-up-pf1");
        assertEquals(0, run("--run", run.toString(), "--name", "made-up-pf1", "--out", out.toString(), shape[0], shape[1], shape[2], shape[3]));
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(out.resolve(ModelFiles.PROPERTIES))) {
            p.load(r);
        }
        assertEquals("2", p.getProperty("training.steps"));
        assertEquals("crops-7.bin", p.getProperty("training.cropFiles"));
        assertEquals(codec.hashHex(), p.getProperty("codec.sha256"));
        try (PostFilterModel m = PostFilterModel.load(out)) {
            assertEquals("made-up-pf1", m.id().name());
        }
        assertNotEquals(0, run("--run", run.toString()), "nothing to do");
    }

    @Test
    void growsACoarseBranchOnAFilterAndExportsItsFormat(@TempDir Path dir) throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        ModelId codec = new ModelId("made-up", new byte[32]);
        org.rnc.training.PostFilterTrainerTest.crops(run.resolve("crops-1.bin"), 20, codec);
        assertEquals(0, run("--run", run.toString(), "--steps", "2", "--log-every", "1", "--channels", "4", "--layers", "3"));
        Path plain = dir.resolve("plain.bin");
        Files.copy(run.resolve("weights.bin"), plain);
        String[] coarse = {"--channels", "4", "--layers", "3", "--coarse-channels", "6", "--coarse-layers", "2"};
        assertEquals(0, run(concat(new String[]{"--run", run.toString(), "--steps", "2", "--log-every", "1", "--init", plain.toString()}, coarse)));
        // the run's layout must be given again at export
        assertNotEquals(0, run("--run", run.toString(), "--name", "x", "--out", dir.resolve("x").toString(), "--channels", "4", "--layers", "3"));
        Path out = dir.resolve("made-up-pf2");
        assertEquals(0, run(concat(new String[]{"--run", run.toString(), "--name", "made-up-pf2", "--out", out.toString()}, coarse)));
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(out.resolve(ModelFiles.PROPERTIES))) {
            p.load(r);
        }
        assertEquals(PostFilterModel.FORMAT_COARSE, p.getProperty("format"));
        assertEquals(plain.toString(), p.getProperty("training.init"));
        try (PostFilterModel m = PostFilterModel.load(out)) {
            assertEquals(new PostFilterModel.Arch(4, 3, 6, 2), m.arch());
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static int run(String... args) {
        return new CommandLine(new TrainPostFilterCommand()).execute(args);
    }
}

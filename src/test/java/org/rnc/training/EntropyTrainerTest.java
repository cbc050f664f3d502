package org.rnc.training;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnc.TestImages;
import org.rnc.codec.IterativeCodec;
import org.rnc.codec.SourceImage;
import org.rnc.codec.Tiling;
import org.rnc.entropy.BinaryRnnCoder;
import org.rnc.format.RncFormatException;
import org.rnc.model.CodecConfig;
import org.rnc.model.CodecModel;
import org.rnc.model.PortableEntropyModel;
import org.rnc.model.ModelRegistry;

/**
 * A few steps of entropy-model training on generated pictures, exported and loaded back: the cross-channel
 * weights learn, stay strictly upper-triangular, and mode 3 codes losslessly.
 */
class EntropyTrainerTest {

    /** A quiet run of the default codec's codes of the photos in {@code data}, in {@code dir/run}. */
    private static EntropyTrainer.Options options(Path dir, Path data, int iterations, int crop) throws Exception {
        EntropyTrainer.Options o = new EntropyTrainer.Options();
        o.data = List.of(data);
        o.runDir = dir.resolve("run");
        o.codec = ModelRegistry.get(ModelRegistry.DEFAULT_MODEL);
        o.iterations = iterations;
        o.crop = crop;
        o.out = new PrintStream(new ByteArrayOutputStream());
        return o;
    }

    @Test
    void trainsExportsAndCodesWithCrossChannelWeights(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("photos"));
        for (int i = 0; i < 4; i++)
            ImageIO.write(TestImages.photo(80 + 16 * i, 64, java.awt.image.BufferedImage.TYPE_INT_RGB), "png",
                    data.resolve("p" + i + ".png").toFile());
        EntropyTrainer.Options o = options(dir, data, 3, 64);
        CodecModel codec = o.codec;
        o.batch = 4;
        o.rows = 4;
        o.cols = 4;
        o.maxSteps = 40;
        o.learningRate = 3e-3f;
        new EntropyTrainer(o).run();
        Path out = dir.resolve("e");
        EntropyTrainer.export(o.runDir, out, "test-entropy");
        try (PortableEntropyModel e = PortableEntropyModel.load(out)) {
            assertTrue(e.config().hasCrossChannel());
            int b = e.config().bits();
            double[] w0 = e.crossChannel(0), w2 = e.crossChannel(2);
            double mass = 0;
            for (int from = 0; from < b; from++)
                for (int to = 0; to < b; to++) {
                    if (to <= from) {
                        assertEquals(0.0, Math.abs(w0[from * b + to]), "W[" + from + "," + to + "] below the diagonal");
                        assertEquals(0.0, Math.abs(w2[from * b + to]));
                    }
                    mass += Math.abs(w2[from * b + to]);
                }
            assertTrue(mass > 0, "the cross-channel weights moved from zero");

            // mode 3 round trip on the codec's real codes of a picture
            SourceImage src = SourceImage.of(TestImages.photo(96, 64, java.awt.image.BufferedImage.TYPE_INT_RGB), CodecConfig.BLOCK);
            float[][] codes = IterativeCodec.encode(codec, src, 3, new Tiling(96, 64, 1024), null);
            List<float[]> before = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                byte[][] all = BinaryRnnCoder.encodeAll(e, before, codes[t], 4, 6);
                assertNotNull(all[2], "mode 3 payload");
                assertArrayEquals(codes[t], BinaryRnnCoder.decode(e, before, all[2], 4, 6, 3));
                assertArrayEquals(codes[t], BinaryRnnCoder.decode(e, before, all[1], 4, 6, 2));
                byte[] damaged = all[2].clone();
                damaged[6] ^= 0x44; // inside the range coder's bytes (after the CRC and its first, always-zero byte)
                List<float[]> prior = List.copyOf(before);
                assertThrows(RncFormatException.class, () -> BinaryRnnCoder.decode(e, prior, damaged, 4, 6, 3));
                before.add(codes[t]);
            }

            // a model without the stage codes modes 1 and 2 only, and refuses a mode-3 payload clearly
            o.runDir = dir.resolve("run0");
            o.crossChannelTerms = 0;
            o.maxSteps = 2;
            new EntropyTrainer(o).run();
            EntropyTrainer.export(o.runDir, dir.resolve("e0"), "plain-entropy");
            try (PortableEntropyModel plain = PortableEntropyModel.load(dir.resolve("e0"))) {
                assertFalse(plain.config().hasCrossChannel());
                assertThrows(IllegalStateException.class, () -> plain.crossChannel(0));
                byte[][] all = BinaryRnnCoder.encodeAll(plain, List.of(), codes[0], 4, 6);
                assertNull(all[2]);
                assertArrayEquals(codes[0], BinaryRnnCoder.decode(plain, List.of(), all[1], 4, 6, 2));
                byte[] mode3 = BinaryRnnCoder.encodeAll(e, List.of(), codes[0], 4, 6)[2];
                RncFormatException x = assertThrows(RncFormatException.class,
                        () -> BinaryRnnCoder.decode(plain, List.of(), mode3, 4, 6, 3));
                assertTrue(x.getMessage().contains("cross-channel"), x.getMessage());
            }
        }
    }

    @Test
    void aWindowLargerThanEveryPictureIsRefusedNotWaitedFor(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("photos"));
        for (int i = 0; i < 2; i++)
            ImageIO.write(TestImages.photo(64, 64, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", data.resolve("p" + i + ".png").toFile());
        EntropyTrainer.Options o = options(dir, data, 2, 64);
        o.batch = 2;
        o.rows = o.cols = 5; // 64 pixels are 4 positions
        o.maxSteps = 1;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EntropyTrainer(o).run());
        assertTrue(e.getMessage().contains("5x5 window"), e.getMessage());
    }

    @Test
    void trainsOnAdaptiveCodesWithStoppedBlocksLeftOutOfTheLoss(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("photos"));
        for (int i = 0; i < 4; i++) {
            java.awt.image.BufferedImage img = TestImages.photo(96, 64, java.awt.image.BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = img.createGraphics();
            g.setColor(java.awt.Color.GRAY);
            g.fillRect(0, 0, 48, 64); // a flat half whose blocks stop early
            g.dispose();
            ImageIO.write(img, "png", data.resolve("p" + i + ".png").toFile());
        }
        EntropyTrainer.Options o = options(dir, data, 6, 96);
        o.batch = 4;
        o.rows = 4;
        o.cols = 4;
        o.maxSteps = 1000; // to the first validation point
        o.adaptiveShare = 1;
        new EntropyTrainer(o).run();
        try (var files = Files.list(o.runDir)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().matches("codes-train-.*-adaptive1\\.00\\.bin")));
        }
        List<String> log = Files.readAllLines(o.runDir.resolve("log.csv"));
        assertEquals(2, log.size(), log.toString());
        for (String v : log.get(1).split(",")) assertTrue(Double.isFinite(Double.parseDouble(v)), log.get(1));
        double train = Double.parseDouble(log.get(1).split(",")[1]);
        assertTrue(train > 0 && train < 0.9, "training bits per coded code " + train + " (1 is a fair coin)");
        EntropyTrainer.export(o.runDir, dir.resolve("e"), "adaptive-entropy");
        try (PortableEntropyModel e = PortableEntropyModel.load(dir.resolve("e"))) {
            assertEquals(32, e.config().bits());
        }
    }
}

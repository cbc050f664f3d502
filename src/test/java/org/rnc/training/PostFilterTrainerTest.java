package org.rnc.training;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnc.format.ModelId;
import org.rnc.model.ModelFiles;
import org.rnc.model.PostFilterModel;

/** A few steps on made-up crops: the loop runs, checkpoints, and exports a model the runtime loads. */
public class PostFilterTrainerTest {
    /** A crops file of {@code n} crops: noise, and "decoded" pictures that are the noise plus a cap-dependent error. */
    public static void crops(Path f, int n, ModelId codec) throws IOException {
        int s = PostFilterTrainer.CROP * PostFilterTrainer.CROP * 3;
        Random r = new Random(5);
        try (DataOutputStream o = new DataOutputStream(Files.newOutputStream(f))) {
            o.writeInt(0x524E4344);
            o.writeUTF(codec.name());
            o.write(codec.sha256());
            o.writeShort(PostFilterTrainer.CROP);
            o.writeShort(PostFilterTrainer.CAPS);
            o.writeInt(n);
            for (int i = 0; i < n; i++) {
                byte[] orig = new byte[s];
                r.nextBytes(orig);
                o.write(orig);
                for (int k = 1; k <= PostFilterTrainer.CAPS; k++) {
                    byte[] d = orig.clone();
                    for (int j = 0; j < s; j++) d[j] = (byte) Math.max(0, Math.min(255, (d[j] & 255) + r.nextInt(33 - 2 * k) - (16 - k)));
                    o.write(d);
                }
            }
        }
    }

    @Test
    void trainsCheckpointsAndExportsALoadableModel(@TempDir Path dir) throws Exception {
        ModelId codec = new ModelId("made-up", new byte[32]);
        crops(dir.resolve("crops-1.bin"), 20, codec);
        Path weights = dir.resolve("weights.bin");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ModelId got = PostFilterTrainer.train(new PostFilterTrainer.Options(List.of(dir.resolve("crops-1.bin")), weights, 4,
                new PostFilterModel.Arch(4, 2), 0.01f, 1e-3f, 2, null), new java.io.PrintStream(log, true));
        assertEquals(codec, got);
        assertEquals(codec, PostFilterTrainer.codecOf(dir.resolve("crops-1.bin")));
        String text = log.toString();
        assertTrue(text.contains("20 crops") && text.contains("step 4 loss"), text);
        assertTrue(Files.isRegularFile(weights));

        Path model = dir.resolve("pf");
        String hash = PostFilterTrainer.export(weights, model, "made-up-pf1", codec, new PostFilterModel.Arch(4, 2), new Properties());
        assertEquals(hash, ModelFiles.hash(model, ModelFiles.listFiles(model)));
        try (PostFilterModel m = PostFilterModel.load(model)) {
            assertEquals(codec, m.codec());
            assertEquals(new ModelId("made-up-pf1", java.util.HexFormat.of().parseHex(hash)), m.id());
            int[][] p = new int[3][64];
            assertEquals(64, m.apply(p, 8, 8, 3)[0].length);
        }
        // a model is never overwritten; a crops file of another kind is refused
        assertThrows(IOException.class, () -> PostFilterTrainer.export(weights, model, "made-up-pf1", codec, new PostFilterModel.Arch(4, 2), new Properties()));
        Files.write(dir.resolve("bad.bin"), new byte[64]);
        assertThrows(IOException.class, () -> PostFilterTrainer.codecOf(dir.resolve("bad.bin")));
    }

    @Test
    void aCoarseBranchGrownOnATrainedFilterStartsAsThatFilter(@TempDir Path dir) throws Exception {
        ModelId codec = new ModelId("made-up", new byte[32]);
        crops(dir.resolve("crops-1.bin"), 20, codec);
        List<Path> files = List.of(dir.resolve("crops-1.bin"));
        Path plain = dir.resolve("plain.bin"), grown = dir.resolve("grown.bin"), zero = dir.resolve("zero.bin");
        java.io.PrintStream quiet = new java.io.PrintStream(new ByteArrayOutputStream(), true);
        PostFilterTrainer.train(new PostFilterTrainer.Options(files, plain, 4, new PostFilterModel.Arch(4, 3), 0.01f, 1e-3f, 2, null), quiet);
        PostFilterModel.Arch coarse = new PostFilterModel.Arch(4, 3, 6, 2);
        // no steps at a learning rate of 0: the grown network's weights as they start
        PostFilterTrainer.train(new PostFilterTrainer.Options(files, zero, 1, coarse, 0.01f, 0f, 1, plain), quiet);
        java.util.Map<String, float[]> p, z;
        try (var in = Files.newInputStream(plain)) {
            p = PostFilterModel.readWeights(in).tensors();
        }
        try (var in = Files.newInputStream(zero)) {
            PostFilterModel.Weights w = PostFilterModel.readWeights(in);
            assertEquals(coarse, w.arch());
            z = w.tensors();
        }
        for (String k : p.keySet()) assertArrayEquals(p.get(k), z.get(k), k + " starts at the trained filter's value");
        for (float v : z.get("u")) assertTrue(v == 0f, "the branch's output starts at zero");
        assertTrue(z.get("q0")[0] != 0f, "the branch's own layers start at random");

        PostFilterTrainer.train(new PostFilterTrainer.Options(files, grown, 4, coarse, 0.01f, 1e-3f, 2, plain), quiet);
        Path model = dir.resolve("pf");
        PostFilterTrainer.export(grown, model, "made-up-pf2", codec, coarse, new Properties());
        try (PostFilterModel m = PostFilterModel.load(model)) {
            assertEquals(coarse, m.arch());
            assertEquals(9, m.apply(new int[3][9], 3, 3, 3)[0].length);
        }
        // a starting tensor of another size is refused, not dropped
        assertThrows(IOException.class, () -> PostFilterTrainer.train(new PostFilterTrainer.Options(files, dir.resolve("w.bin"), 1,
                new PostFilterModel.Arch(5, 3, 6, 2), 0.01f, 0f, 1, plain), quiet));
        // the layout is checked against the file's
        assertThrows(IOException.class, () -> PostFilterTrainer.export(grown, dir.resolve("pf-b"), "x", codec, new PostFilterModel.Arch(4, 3), new Properties()));
    }
}

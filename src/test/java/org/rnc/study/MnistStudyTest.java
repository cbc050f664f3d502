package org.rnc.study;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistStudyTest {

    @Test
    void readsGzippedAndPlainIdxAndRejectsOtherFiles(@TempDir Path dir) throws IOException {
        MnistFixtures.writeIdx(dir.resolve("a.gz"), 5, true, 1);
        MnistFixtures.writeIdx(dir.resolve("a"), 5, false, 1);
        MnistIdx g = MnistIdx.read(dir.resolve("a.gz")), p = MnistIdx.read(dir.resolve("a"));
        assertEquals(5, g.count());
        assertArrayEquals(g.pixels(), p.pixels());
        assertEquals(28 * 28, g.image(0).length);
        Files.writeString(dir.resolve("b"), "not idx at all");
        IOException e = assertThrows(IOException.class, () -> MnistIdx.read(dir.resolve("b")));
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
    }

    @Test
    void quantisationKeepsEndpointsAndUses256Levels() {
        float[] code = {-1f, 0f, 0.5f, 3f};
        float[] q = MnistStudy.quantise(code, 1, 4);
        assertEquals(-1f, q[0], 1e-6);
        assertEquals(3f, q[3], 1e-6);
        assertEquals(0.5f, q[2], 4f / 255 / 2 + 1e-6);
    }

    @Test
    void studyRunsEndToEndOnTinyData(@TempDir Path dir) throws IOException {
        MnistFixtures.writeTinyMnist(dir, 256, 64);
        MnistStudy.Options o = new MnistStudy.Options();
        o.data = dir;
        o.out = dir.resolve("out");
        o.epochs = 2;
        o.latent = 8;
        o.batch = 64;
        o.log = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        List<MnistStudy.Row> rows = new MnistStudy(o).run();
        assertEquals(List.of("autoencoder", "vae", "zip", "rnc"), rows.stream().map(MnistStudy.Row::model).toList());
        List<String> csv = Files.readAllLines(o.out.resolve("results.csv"));
        assertEquals("model,latent,epochs,mse,psnr,bits_per_image,compression_ratio,train_seconds", csv.get(0));
        assertEquals(5, csv.size());
        List<String> losses = Files.readAllLines(o.out.resolve("losses.csv"));
        assertEquals("model,epoch,loss", losses.get(0));
        assertEquals(1 + 2 * 2, losses.size());
        assertTrue(Files.size(o.out.resolve("losses.png")) > 1000);
        assertTrue(Files.isRegularFile(o.out.resolve("savedmodel-vae/saved_model.pb")));
        MnistStudy.Row ae = rows.get(0);
        assertTrue(ae.mse() > 0 && ae.mse() < 0.5, "autoencoder MSE " + ae.mse());
        assertEquals(8 * 8 + 64, ae.bitsPerImage(), 1e-9);
        assertEquals(0, rows.get(2).mse());
    }
}

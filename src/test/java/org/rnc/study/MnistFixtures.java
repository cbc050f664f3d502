package org.rnc.study;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Tiny MNIST-format data for tests: the study, its CLI and the Studio's Train tab read the same files. */
public final class MnistFixtures {
    private MnistFixtures() {}

    /** Writes an idx image file of n random "digits" (a bright blob on black), gzipped or plain. */
    public static void writeIdx(Path file, int n, boolean gzip, long seed) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             OutputStream os = gzip ? new GZIPOutputStream(raw) : raw;
             DataOutputStream d = new DataOutputStream(os)) {
            d.writeInt(MnistIdx.IMAGE_MAGIC);
            d.writeInt(n);
            d.writeInt(28);
            d.writeInt(28);
            Random r = new Random(seed);
            for (int i = 0; i < n; i++) {
                int cx = 8 + r.nextInt(12), cy = 8 + r.nextInt(12);
                for (int y = 0; y < 28; y++)
                    for (int x = 0; x < 28; x++) d.writeByte((x - cx) * (x - cx) + (y - cy) * (y - cy) < 20 ? 255 : 0);
            }
        }
    }

    /** A folder laid out like MNIST's download (gzipped train and t10k image files), with few images. */
    public static Path writeTinyMnist(Path dir, int train, int test) throws IOException {
        writeIdx(dir.resolve("train-images-idx3-ubyte.gz"), train, true, 2);
        writeIdx(dir.resolve("t10k-images-idx3-ubyte.gz"), test, true, 3);
        return dir;
    }
}

package org.rnc.study;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * MNIST images in the original idx format (magic 0x00000803, count, rows, cols, then unsigned bytes),
 * gzipped or plain: the gzip signature decides, not the file name.
 */
public record MnistIdx(int count, int rows, int cols, byte[] pixels) {
    public static final int IMAGE_MAGIC = 0x00000803;

    public static MnistIdx read(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            int b0 = raw.read(), b1 = raw.read();
            raw.reset();
            InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
            DataInputStream d = new DataInputStream(in);
            int magic = d.readInt();
            if (magic != IMAGE_MAGIC)
                throw new IOException(file + ": not an idx image file (magic 0x" + Integer.toHexString(magic) + ", expected 0x803)");
            int n = d.readInt(), rows = d.readInt(), cols = d.readInt();
            if (n < 0 || rows <= 0 || cols <= 0 || (long) n * rows * cols > Integer.MAX_VALUE - 16)
                throw new IOException(file + ": impossible idx dimensions " + n + "x" + rows + "x" + cols);
            byte[] px = new byte[n * rows * cols];
            d.readFully(px);
            return new MnistIdx(n, rows, cols, px);
        }
    }

    /** Image i as floats in [0, 1]. */
    public float[] image(int i) {
        int n = rows * cols;
        float[] out = new float[n];
        for (int k = 0; k < n; k++) out[k] = (pixels[i * n + k] & 255) / 255f;
        return out;
    }

    /** The first {@code n} images. */
    public MnistIdx first(int n) {
        int m = Math.min(n, count);
        return new MnistIdx(m, rows, cols, java.util.Arrays.copyOf(pixels, m * rows * cols));
    }
}

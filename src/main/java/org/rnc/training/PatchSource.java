package org.rnc.training;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.stream.Stream;
import java.util.zip.Deflater;

import javax.imageio.ImageIO;

/**
 * Random square crops from a folder of photos, in [-0.5, 0.5], for training.
 * <p>
 * JPEG sources are box-downscaled 2x once at load time so the network does not learn their 8x8 block grid
 * (BSDS500 is JPEG); other images are used as they are. Crops get random horizontal and vertical flips.
 * Every {@code holdOutEvery}-th file (sorted by path) is kept out of training for validation.
 */
public final class PatchSource {

    /** An 8-bit RGB image held as interleaved bytes. */
    record Picture(String name, int w, int h, byte[] rgb) {}

    private final List<Picture> train = new ArrayList<>();
    private final List<Picture> validation = new ArrayList<>();
    private final int patch;

    public PatchSource(List<Path> folders, int patch, int holdOutEvery) throws IOException {
        this(folders, patch, holdOutEvery, true);
    }

    /**
     * As above; {@code halveJpegs} false keeps JPEG sources at their own size (the entropy model's training can use
     * the codes a codec makes of them: it learns the codes' statistics, not the pictures').
     */
    public PatchSource(List<Path> folders, int patch, int holdOutEvery, boolean halveJpegs) throws IOException {
        this.patch = patch;
        List<Path> files = new ArrayList<>();
        for (Path folder : folders) {
            try (Stream<Path> s = Files.walk(folder)) {
                s.filter(Files::isRegularFile).filter(PatchSource::isImage).forEach(files::add);
            }
        }
        files.sort(null);
        if (files.isEmpty()) throw new IOException("no images (png, jpg, jpeg, bmp) under " + folders);
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            BufferedImage img = ImageIO.read(f.toFile());
            if (img == null) continue;
            String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
            if (halveJpegs && (n.endsWith(".jpg") || n.endsWith(".jpeg"))) img = halve(img);
            if (img.getWidth() < patch || img.getHeight() < patch) continue;
            Picture p = toPicture(f.toString(), img);
            (holdOutEvery > 0 && i % holdOutEvery == holdOutEvery - 1 ? validation : train).add(p);
        }
        if (train.isEmpty()) throw new IOException("no training image is at least " + patch + " pixels wide and high");
        if (validation.isEmpty()) validation.add(train.get(0));
    }

    static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".bmp");
    }

    public int trainingImages() { return train.size(); }

    /** The training pictures as 8-bit RGB images (for producing codes to train the entropy model on). */
    public List<java.awt.image.BufferedImage> trainingPictures() { return pictures(train); }

    public List<java.awt.image.BufferedImage> validationPictures() { return pictures(validation); }

    private static List<java.awt.image.BufferedImage> pictures(List<Picture> list) {
        List<java.awt.image.BufferedImage> out = new ArrayList<>();
        for (Picture p : list) {
            java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(p.w(), p.h(), java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
            byte[] bgr = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < p.w() * p.h(); i++) {
                bgr[3 * i] = p.rgb()[3 * i + 2];
                bgr[3 * i + 1] = p.rgb()[3 * i + 1];
                bgr[3 * i + 2] = p.rgb()[3 * i];
            }
            out.add(img);
        }
        return out;
    }

    public int validationImages() { return validation.size(); }

    static Picture toPicture(String name, BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            rgb[3 * i] = (byte) (argb[i] >> 16);
            rgb[3 * i + 1] = (byte) (argb[i] >> 8);
            rgb[3 * i + 2] = (byte) argb[i];
        }
        return new Picture(name, w, h, rgb);
    }

    static BufferedImage halve(BufferedImage src) {
        int w = src.getWidth() / 2, h = src.getHeight() / 2;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] a = src.getRGB(0, 0, src.getWidth(), src.getHeight(), null, 0, src.getWidth());
        int sw = src.getWidth();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p0 = a[2 * y * sw + 2 * x], p1 = a[2 * y * sw + 2 * x + 1];
                int p2 = a[(2 * y + 1) * sw + 2 * x], p3 = a[(2 * y + 1) * sw + 2 * x + 1];
                int rgb = 0;
                for (int sh = 16; sh >= 0; sh -= 8) {
                    int s = ((p0 >> sh) & 255) + ((p1 >> sh) & 255) + ((p2 >> sh) & 255) + ((p3 >> sh) & 255);
                    rgb |= ((s + 2) / 4) << sh;
                }
                out.setRGB(x, y, rgb);
            }
        }
        return out;
    }

    /** Fills {@code out} (batch x patch x patch x 3, NHWC) with random training crops. */
    public void sample(Random r, float[] out, int batch) {
        sample(r, out, batch, 1);
    }

    /**
     * As above, each crop the hardest of {@code candidates} random ones: the one whose left-differenced bytes deflate
     * to the most (a stand-in for the PNG size Toderici et al. 2017 ranked their "high entropy" training patches by).
     * 1 is plain random crops.
     */
    public void sample(Random r, float[] out, int batch, int candidates) {
        if (candidates < 1) throw new IllegalArgumentException("candidates " + candidates);
        fill(train, r, out, batch, true, candidates);
    }

    /** A fixed set of validation crops, the same for a given count and seed. */
    public float[] validationSet(int count, long seed) {
        float[] out = new float[count * patch * patch * 3];
        fill(validation, new Random(seed), out, count, false, 1);
        return out;
    }

    private void fill(List<Picture> pics, Random r, float[] out, int batch, boolean flips, int candidates) {
        int per = patch * patch * 3;
        Deflater deflater = candidates > 1 ? new Deflater(6) : null;
        byte[] scratch = candidates > 1 ? new byte[per] : null, sink = candidates > 1 ? new byte[per + 1024] : null;
        try {
            for (int b = 0; b < batch; b++) {
                Picture p = null;
                int x0 = 0, y0 = 0, best = -1;
                for (int c = 0; c < candidates; c++) {
                    Picture pc = pics.get(r.nextInt(pics.size()));
                    int xc = r.nextInt(pc.w() - patch + 1), yc = r.nextInt(pc.h() - patch + 1);
                    int score = candidates > 1 ? deflatedSize(pc, xc, yc, deflater, scratch, sink) : 0;
                    if (score > best) {
                        best = score;
                        p = pc;
                        x0 = xc;
                        y0 = yc;
                    }
                }
                boolean fx = flips && r.nextBoolean(), fy = flips && r.nextBoolean();
                copy(p, x0, y0, fx, fy, out, b * per);
            }
        } finally {
            if (deflater != null) deflater.end();
        }
    }

    /** Deflated size of a crop's bytes, each the difference to its left neighbour (PNG's Sub filter). */
    int deflatedSize(Picture p, int x0, int y0, Deflater d, byte[] scratch, byte[] sink) {
        int i = 0;
        for (int y = 0; y < patch; y++) {
            int row = 3 * ((y0 + y) * p.w() + x0);
            for (int x = 0; x < 3 * patch; x++, i++)
                scratch[i] = (byte) (p.rgb()[row + x] - (x >= 3 ? p.rgb()[row + x - 3] : 0));
        }
        d.reset();
        d.setInput(scratch, 0, i);
        d.finish();
        int n = 0;
        while (!d.finished()) n += d.deflate(sink);
        return n;
    }

    private void copy(Picture p, int x0, int y0, boolean fx, boolean fy, float[] out, int o) {
        for (int y = 0; y < patch; y++) {
            int sy = y0 + (fy ? patch - 1 - y : y);
            for (int x = 0; x < patch; x++) {
                int sx = x0 + (fx ? patch - 1 - x : x);
                int si = 3 * (sy * p.w() + sx);
                out[o++] = (p.rgb()[si] & 255) / 255f - 0.5f;
                out[o++] = (p.rgb()[si + 1] & 255) / 255f - 0.5f;
                out[o++] = (p.rgb()[si + 2] & 255) / 255f - 0.5f;
            }
        }
    }

    /** Prepares batches on a daemon thread so the training thread only feeds them. */
    public BlockingQueue<float[]> prefetch(long seed, int batch, int depth) {
        return prefetch(seed, batch, depth, 1);
    }

    /** As above, each crop the hardest of {@code candidates} ({@link #sample(Random, float[], int, int)}). */
    public BlockingQueue<float[]> prefetch(long seed, int batch, int depth, int candidates) {
        if (candidates < 1) throw new IllegalArgumentException("candidates " + candidates);
        BlockingQueue<float[]> q = new ArrayBlockingQueue<>(depth);
        Thread t = new Thread(() -> {
            Random r = new Random(seed);
            try {
                while (true) {
                    float[] buf = new float[batch * patch * patch * 3];
                    sample(r, buf, batch, candidates);
                    q.put(buf);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "rnc-patches");
        t.setDaemon(true);
        t.start();
        return q;
    }
}

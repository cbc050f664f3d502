package org.rnc.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.rnc.metrics.ImageQuality;

/**
 * A codec reached through an ImageIO writer and reader, swept over a list of settings. Encoding and decoding
 * work in memory; a call that takes under {@value #REPEAT_BELOW_MS} ms is repeated (5 runs in all) and the
 * median time kept, so the fast codecs' times are not just timer noise.
 */
public abstract class ImageIoCodec implements BenchCodec {
    static final double REPEAT_BELOW_MS = 100;
    static final int REPEATS = 5;

    private final String name, formatName;
    private final List<String> settings;

    protected ImageIoCodec(String name, String formatName, List<String> settings) {
        this.name = name;
        this.formatName = formatName;
        this.settings = List.copyOf(settings);
    }

    @Override public String name() { return name; }

    @Override public int settingCount() { return settings.size(); }

    public List<String> settings() { return settings; }

    /** The write param for one setting of a writer from {@link #writer()}. */
    protected abstract ImageWriteParam param(ImageWriter writer, String setting);

    protected ImageWriter writer() throws IOException {
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName(formatName);
        if (!it.hasNext()) throw new IOException("no ImageIO writer for format '" + formatName + "' on the class path");
        return it.next();
    }

    protected ImageReader reader() throws IOException {
        Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(formatName);
        if (!it.hasNext()) throw new IOException("no ImageIO reader for format '" + formatName + "' on the class path");
        return it.next();
    }

    public byte[] encode(BufferedImage img, String setting) throws IOException {
        ImageWriter w = writer();
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bos)) {
            w.setOutput(out);
            w.write(null, new IIOImage(img, null, null), param(w, setting));
        } finally {
            w.dispose();
        }
        return bos.toByteArray();
    }

    public BufferedImage decode(byte[] file) throws IOException {
        ImageReader r = reader();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(file))) {
            r.setInput(in, true, true);
            BufferedImage img = r.read(0);
            if (img == null) throw new IOException(name + " reader returned no image");
            return img;
        } finally {
            r.dispose();
        }
    }

    /** Encodes and decodes a 192x128 picture at the middle setting (a setting of its own may still fail). */
    @Override
    public void probe() throws Exception {
        int w = 192, h = 128;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) img.setRGB(x, y, (x * 4 % 256) << 16 | (y * 2) << 8 | ((x ^ y) & 255));
        String s = settings.get(settings.size() / 2);
        byte[] f = encode(img, s);
        if (f.length == 0) throw new IOException("setting " + s + " wrote an empty file");
        BufferedImage d = decode(f);
        if (d.getWidth() != w || d.getHeight() != h)
            throw new IOException("decoded " + d.getWidth() + "x" + d.getHeight() + ", expected " + w + "x" + h);
    }

    @Override
    public List<Result> measure(BufferedImage original, boolean keepDecoded, IntConsumer done, Consumer<String> failed) {
        List<Result> out = new ArrayList<>();
        boolean ms = Math.min(original.getWidth(), original.getHeight()) >= 176;
        for (String s : settings) {
            try {
                byte[][] file = new byte[1][];
                double encMs = timed(() -> file[0] = encode(original, s));
                BufferedImage[] dec = new BufferedImage[1];
                double decMs = timed(() -> dec[0] = decode(file[0]));
                if (dec[0].getWidth() != original.getWidth() || dec[0].getHeight() != original.getHeight())
                    throw new IOException("decoded " + dec[0].getWidth() + "x" + dec[0].getHeight());
                out.add(new Result(s, file[0].length, ImageQuality.psnr(original, dec[0]),
                        ms ? ImageQuality.msSsim(original, dec[0]) : Double.NaN, encMs, decMs, keepDecoded ? dec[0] : null));
            } catch (Exception | LinkageError e) {
                failed.accept(s + ": " + BenchRunner.reason(e));
            }
            done.accept(1);
        }
        return out;
    }

    interface IoAction {
        void run() throws IOException;
    }

    /** Milliseconds of one run, or the median of {@value #REPEATS} when one run is fast. */
    static double timed(IoAction a) throws IOException {
        long t0 = System.nanoTime();
        a.run();
        double first = (System.nanoTime() - t0) / 1e6;
        if (first >= REPEAT_BELOW_MS) return first;
        double[] t = new double[REPEATS];
        t[0] = first;
        for (int i = 1; i < REPEATS; i++) {
            long s = System.nanoTime();
            a.run();
            t[i] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(t);
        return t[REPEATS / 2];
    }
}

package org.rnc;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;

import javax.imageio.ImageReadParam;

import org.rnc.imageio.RncIO;


/** Synthetic test pictures and one-call encode/decode helpers. */
public final class TestImages {
    private TestImages() {}

    /** A smooth photo-like RGB picture: gradients, a disc, a bar, mild texture. */
    public static BufferedImage photo(int w, int h, int type) {
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(40, 90, 160), w, h, new Color(220, 180, 90)));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(200, 60, 50));
        g.fillOval(w / 4, h / 4, Math.max(1, w / 2), Math.max(1, h / 2));
        g.setColor(new Color(30, 120, 60));
        g.fillRect(w / 8, h * 3 / 4, Math.max(1, w * 3 / 4), Math.max(1, h / 10));
        g.dispose();
        java.util.Random r = new java.util.Random(7);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int p = rgb.getRGB(x, y), n = r.nextInt(7) - 3;
                int cr = clamp(((p >> 16) & 255) + n), cg = clamp(((p >> 8) & 255) + n), cb = clamp((p & 255) + n);
                rgb.setRGB(x, y, 0xFF000000 | cr << 16 | cg << 8 | cb);
            }
        if (type == BufferedImage.TYPE_INT_RGB) return rgb;
        BufferedImage out = new BufferedImage(w, h, type);
        Graphics2D g2 = out.createGraphics();
        g2.drawImage(rgb, 0, 0, null);
        g2.dispose();
        return out;
    }

    /** The photo with an alpha ramp (left transparent, right opaque) in the given ARGB-capable type. */
    public static BufferedImage withAlpha(int w, int h, int type) {
        BufferedImage src = photo(w, h, BufferedImage.TYPE_INT_RGB);
        BufferedImage argb = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int a = w == 1 ? 255 : x * 255 / (w - 1);
                argb.setRGB(x, y, a << 24 | (src.getRGB(x, y) & 0xFFFFFF));
            }
        if (type == BufferedImage.TYPE_INT_ARGB) return argb;
        BufferedImage out = new BufferedImage(w, h, type);
        out.getRaster(); // copy non-premultiplied values through setRGB, which premultiplies for _PRE types
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) out.setRGB(x, y, argb.getRGB(x, y));
        return out;
    }

    static int clamp(int v) { return Math.max(0, Math.min(255, v)); }

    /**
     * Every block at every iteration (the writer's default rate is adaptive), no restoration filter (which belongs to
     * a whole file, RestorationFilterTest), no post-filter (which a file names when it pays, PostFilterTest) and no code
     * search (which changes the codes that end a file, CodeSearchTest), so a k-iteration file is a prefix of longer ones.
     */
    public static byte[] encode(BufferedImage img, int iterations) throws IOException {
        return RncIO.encode(img, p -> {
            p.setIterations(iterations);
            p.setAdaptiveRate(false);
            p.setRestorationFilter(false);
            p.setPostFilter(false);
            p.setSearchEffort(0);
        });
    }

    /** As above, with RAW codes (exact, predictable sizes) or with the shipped entropy model. */
    public static byte[] encode(BufferedImage img, int iterations, boolean entropy) throws IOException {
        return RncIO.encode(img, p -> {
            p.setIterations(iterations);
            p.setEntropyCoding(entropy);
            p.setAdaptiveRate(false);
            p.setRestorationFilter(false);
            p.setPostFilter(false);
            p.setSearchEffort(0);
        });
    }

    public static BufferedImage decode(byte[] file) throws IOException {
        return RncIO.decode(file, null, null);
    }

    /** Decodes with an optional param, collecting warnings into {@code warnings} when given. */
    public static BufferedImage decode(byte[] file, ImageReadParam param, List<String> warnings) throws IOException {
        return RncIO.decode(file, param, warnings);
    }

    /**
     * Recomputes the CRC of the chunk whose length field starts at byte {@code at} of an in-memory file (in a format 4
     * file's body, the record whose type byte is there), after a test edited its type or payload (so that only what lies
     * behind the CRC can notice the edit).
     */
    public static void fixChunkCrc(byte[] f, int at) {
        if (at > 8 && (f[16] & 255) >= 4) { // a format 4 record: type byte, LEB128 length, payload, CRC (none for ITER)
            if (f[at] == 7) return;
            int len = 0, i = at + 1;
            for (int shift = 0; ; shift += 7) {
                int b = f[i++] & 255;
                len |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) break;
            }
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(f, at, 1);
            crc.update(f, i, len);
            long c = crc.getValue();
            for (int k = 0; k < 4; k++) f[i + len + k] = (byte) (c >>> (24 - 8 * k));
            return;
        }
        int len = ((f[at] & 255) << 24) | ((f[at + 1] & 255) << 16) | ((f[at + 2] & 255) << 8) | (f[at + 3] & 255);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(f, at + 4, 4 + len);
        long c = crc.getValue();
        for (int i = 0; i < 4; i++) f[at + 8 + len + i] = (byte) (c >>> (24 - 8 * i));
    }

    public static double psnr(BufferedImage a, BufferedImage b) {
        return org.rnc.metrics.ImageQuality.psnr(a, b);
    }
}

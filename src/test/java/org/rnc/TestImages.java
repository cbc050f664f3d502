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
     * Where the chunk at byte {@code at} of an in-memory file lies: its type bytes (what its CRC starts with), its payload
     * and its whole size. Chunks of formats 1-3 and the HEAD chunk: length, 4-byte type, payload, CRC; after HEAD in a
     * format 4 file, records: type byte, LEB128 length, payload, CRC (none for iterations, type 7). Null when the bytes
     * end before the length does.
     */
    public record ChunkSpan(int typeAt, int typeBytes, int payload, long length, long size, boolean crc) {}

    public static ChunkSpan chunkSpan(byte[] f, int at) {
        if (at > 8 && f.length > 16 && (f[16] & 255) >= 4) { // HEAD's major version
            long len = 0;
            int i = at + 1;
            for (int shift = 0; ; shift += 7) {
                if (i >= f.length || shift > 28) return null;
                int b = f[i++] & 255;
                len |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) break;
            }
            boolean crc = f[at] != 7;
            return new ChunkSpan(at, 1, i, len, i - at + len + (crc ? 4 : 0), crc);
        }
        if (at + 8 > f.length) return null;
        long len = ((f[at] & 0xFFL) << 24) | ((f[at + 1] & 0xFF) << 16) | ((f[at + 2] & 0xFF) << 8) | (f[at + 3] & 0xFF);
        return new ChunkSpan(at + 4, 4, at + 8, len, 12 + len, true);
    }

    /**
     * Recomputes the CRC of the chunk at byte {@code at} of an in-memory file ({@link #chunkSpan}), after a test edited its
     * type or payload (so that only what lies behind the CRC can notice the edit); a format 4 iteration has none.
     */
    public static void fixChunkCrc(byte[] f, int at) {
        ChunkSpan s = chunkSpan(f, at);
        if (!s.crc()) return;
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(f, s.typeAt(), s.typeBytes());
        crc.update(f, s.payload(), (int) s.length());
        long c = crc.getValue();
        int end = s.payload() + (int) s.length();
        for (int i = 0; i < 4; i++) f[end + i] = (byte) (c >>> (24 - 8 * i));
    }

    public static double psnr(BufferedImage a, BufferedImage b) {
        return org.rnc.metrics.ImageQuality.psnr(a, b);
    }
}

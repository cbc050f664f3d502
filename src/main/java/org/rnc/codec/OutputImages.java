package org.rnc.codec;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;

import javax.imageio.ImageTypeSpecifier;

import org.rnc.format.RncHeader;
import org.rnc.model.PostFilterModel;

/** The image type a file decodes to, and the conversion from the network's output into it. */
public final class OutputImages {
    private OutputImages() {}

    /** RGB: INT_RGB / INT_ARGB; grey: 8- or 16-bit grey, with an alpha band when the file has alpha. */
    public static ImageTypeSpecifier typeFor(RncHeader h) {
        if (h.colour() == RncHeader.Colour.RGB)
            return ImageTypeSpecifier.createFromBufferedImageType(h.hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        int dataType = h.sampleBits() == 16 ? DataBuffer.TYPE_USHORT : DataBuffer.TYPE_BYTE;
        if (!h.hasAlpha())
            return ImageTypeSpecifier.createFromBufferedImageType(h.sampleBits() == 16 ? BufferedImage.TYPE_USHORT_GRAY : BufferedImage.TYPE_BYTE_GRAY);
        return ImageTypeSpecifier.createGrayscale(h.sampleBits(), dataType, false, false);
    }

    /**
     * As {@link #typeFor(RncHeader)}, in the colour space of the file's ICC profile when it has one (and the profile
     * is usable for its colour model): 8-bit RGB or 8/16-bit grey samples, interleaved, alpha last.
     */
    public static ImageTypeSpecifier typeFor(RncHeader h, byte[] icc) {
        ImageTypeSpecifier t = icc == null ? null : iccType(icc, h);
        return t != null ? t : typeFor(h);
    }

    /** The type in the profile's colour space, or null if the profile is unusable here (then the reader warns). */
    public static ImageTypeSpecifier iccType(byte[] icc, RncHeader h) {
        try {
            ICC_ColorSpace cs = new ICC_ColorSpace(ICC_Profile.getInstance(icc));
            int want = h.colour() == RncHeader.Colour.RGB ? ColorSpace.TYPE_RGB : ColorSpace.TYPE_GRAY;
            if (cs.getType() != want) return null;
            // a profile can load yet fail the colour engine (no tone curves, a device link): try it once here, as the
            // JDK's own TIFF reader does, rather than in the caller's drawImage
            cs.fromRGB(cs.toRGB(new float[cs.getNumComponents()]));
            int bands = cs.getNumComponents() + (h.hasAlpha() ? 1 : 0);
            int[] offsets = new int[bands];
            for (int i = 0; i < bands; i++) offsets[i] = i;
            int dataType = h.colour() == RncHeader.Colour.GRAY && h.sampleBits() == 16 ? DataBuffer.TYPE_USHORT : DataBuffer.TYPE_BYTE;
            return ImageTypeSpecifier.createInterleaved(cs, offsets, dataType, h.hasAlpha(), false);
        } catch (RuntimeException e) {
            return null; // not an ICC profile this JDK can use (IllegalArgumentException, CMMException, ...)
        }
    }

    /**
     * Writes a reconstruction (RGB floats of the padded-image region at x0, y0 of width rw and height rh) into
     * {@code img}, a full-size image of {@link #typeFor}; pixels outside the image (padding) are dropped.
     * Alpha, if any, comes from the lossless plane.
     */
    public static void fill(BufferedImage img, RncHeader h, float[] recon, int x0, int y0, int rw, int rh, byte[] alpha) {
        fill(img, h, recon, x0, y0, rw, rh, alpha, null);
    }

    /**
     * As above, with the file's restoration filter run on the region's 8-bit picture first (null: none; 16-bit grey
     * files have none).
     */
    public static void fill(BufferedImage img, RncHeader h, float[] recon, int x0, int y0, int rw, int rh, byte[] alpha,
                            Restoration filter) {
        fill(img, h, recon, x0, y0, rw, rh, alpha, null, 0, filter);
    }

    /**
     * As above, with the file's post-filter ({@code post}, null: none) run first on the region's 8-bit picture of
     * {@code passes} iterations, then the restoration filter (null: none). Both apply to 8-bit pictures only, the
     * post-filter to RGB ones.
     */
    public static void fill(BufferedImage img, RncHeader h, float[] recon, int x0, int y0, int rw, int rh, byte[] alpha,
                            PostFilterModel post, int passes, Restoration filter) {
        int w = Math.min(rw, h.width() - x0), ht = Math.min(rh, h.height() - y0), iw = h.width();
        if (w <= 0 || ht <= 0) return;
        WritableRaster r = img.getRaster();
        if (h.sampleBits() == 16) {
            fillGrey16(r, h, recon, x0, y0, rw, w, ht, alpha);
            return;
        }
        int[][] planes = planes(h, recon, rw, rh, post, passes);
        if (filter != null) planes = filter.apply(planes, rw, rh);
        if (h.colour() == RncHeader.Colour.RGB && !img.getColorModel().getColorSpace().isCS_sRGB()) {
            // the samples are in the file's own colour space: set them as they are, setRGB would convert from sRGB
            int[][] band = new int[4][w];
            for (int y = 0; y < ht; y++) {
                for (int x = 0; x < w; x++) {
                    for (int c = 0; c < 3; c++) band[c][x] = planes[c][y * rw + x];
                    if (alpha != null) band[3][x] = alpha[(y0 + y) * iw + x0 + x] & 255;
                }
                for (int c = 0; c < (alpha != null ? 4 : 3); c++) r.setSamples(x0, y0 + y, w, 1, c, band[c]);
            }
            return;
        }
        if (h.colour() == RncHeader.Colour.RGB) {
            int[] row = new int[w];
            for (int y = 0; y < ht; y++) {
                for (int x = 0; x < w; x++) {
                    int o = y * rw + x;
                    int a = alpha != null ? (alpha[(y0 + y) * iw + x0 + x] & 255) << 24 : 0xFF000000;
                    row[x] = a | planes[0][o] << 16 | planes[1][o] << 8 | planes[2][o];
                }
                img.setRGB(x0, y0 + y, w, 1, row, 0, w);
            }
            return;
        }
        int[] grey = new int[w];
        int[] a = new int[w];
        for (int y = 0; y < ht; y++) {
            System.arraycopy(planes[0], y * rw, grey, 0, w);
            r.setSamples(x0, y0 + y, w, 1, 0, grey);
            if (alpha != null) {
                for (int x = 0; x < w; x++) a[x] = alpha[(y0 + y) * iw + x0 + x] & 255;
                r.setSamples(x0, y0 + y, w, 1, 1, a);
            }
        }
    }

    /**
     * The 8-bit picture of a reconstruction region ({@code rw} x {@code rh}, padding included) as the reader shows it:
     * R, G and B planes, or one grey plane (the mean of the three), row-major. 8-bit files only.
     */
    public static int[][] planes(RncHeader h, float[] recon, int rw, int rh) {
        int n = rw * rh;
        if (h.colour() == RncHeader.Colour.RGB) {
            int[][] p = new int[3][n];
            for (int i = 0; i < n; i++)
                for (int c = 0; c < 3; c++) p[c][i] = to8(recon[3 * i + c]);
            return p;
        }
        int[] g = new int[n];
        for (int i = 0; i < n; i++) g[i] = grey(recon, 3 * i, 255);
        return new int[][]{g};
    }

    /** As {@link #planes(RncHeader, float[], int, int)}, then the post-filter (null: none; RGB only) of {@code passes}. */
    public static int[][] planes(RncHeader h, float[] recon, int rw, int rh, PostFilterModel post, int passes) {
        int[][] p = planes(h, recon, rw, rh);
        return post != null && p.length == 3 ? post.apply(p, rw, rh, passes) : p;
    }

    private static void fillGrey16(WritableRaster r, RncHeader h, float[] recon, int x0, int y0, int rw, int w, int ht,
                                   byte[] alpha) {
        int iw = h.width();
        int[] grey = new int[w];
        int[] a = new int[w];
        for (int y = 0; y < ht; y++) {
            for (int x = 0; x < w; x++) {
                grey[x] = grey(recon, 3 * (y * rw + x), 65535);
                if (alpha != null) a[x] = (alpha[(y0 + y) * iw + x0 + x] & 255) * (65535 / 255);
            }
            r.setSamples(x0, y0 + y, w, 1, 0, grey);
            if (alpha != null) r.setSamples(x0, y0 + y, w, 1, 1, a);
        }
    }

    private static int grey(float[] recon, int o, int max) {
        float v = (recon[o] + recon[o + 1] + recon[o + 2]) / 3f + 0.5f;
        return Math.round(Math.min(1f, Math.max(0f, v)) * max);
    }

    /** A reconstruction (RGB floats of a padded region rw wide) as a w x h sRGB image, rounded as {@link #fill} does. */
    public static java.awt.image.BufferedImage rgb(float[] recon, int rw, int w, int h) {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = 3 * (y * rw + x);
                row[x] = to8(recon[o]) << 16 | to8(recon[o + 1]) << 8 | to8(recon[o + 2]);
            }
            img.setRGB(0, y, w, 1, row, 0, w);
        }
        return img;
    }

    static int to8(float v) {
        int i = Math.round((v + 0.5f) * 255f);
        return i < 0 ? 0 : Math.min(255, i);
    }
}

package org.rnc.codec;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.awt.image.RenderedImage;

import org.rnc.format.RncHeader;

/**
 * An image prepared for the network: RGB samples kept compactly (16 bits each), handed out as padded float
 * tiles in [-0.5, 0.5] (NHWC, edge replication beyond the image), plus what is needed to restore its colour
 * model (grey, 16-bit grey, alpha). The whole padded image never exists as floats, so memory stays bounded
 * for large images.
 */
public final class SourceImage {
    public final int width, height, paddedWidth, paddedHeight;
    public final RncHeader.Colour colour;
    public final int sampleBits;
    /** Alpha plane (width*height, 8 bits) or null when the source has none. */
    public final byte[] alpha;
    /**
     * The ICC profile the samples are in, when that is not sRGB (RGB) or Java's default grey: stored with the file
     * so that the reader restores the same colour space. Null otherwise.
     */
    public final byte[] iccProfile;
    /** Unpadded RGB, height * width * 3, as 16-bit values (value / 65535 is the intensity). */
    private final short[] samples;

    private SourceImage(int w, int h, int block, RncHeader.Colour colour, int bits, byte[] alpha, short[] samples, byte[] icc) {
        this.iccProfile = icc;
        this.width = w;
        this.height = h;
        this.paddedWidth = (w + block - 1) / block * block;
        this.paddedHeight = (h + block - 1) / block * block;
        this.colour = colour;
        this.sampleBits = bits;
        this.alpha = alpha;
        this.samples = samples;
    }

    /** The padded-image region at (x0, y0) of size tw x th as floats in [-0.5, 0.5], NHWC. */
    public float[] tile(int x0, int y0, int tw, int th) {
        float[] out = new float[tw * th * 3];
        for (int y = 0; y < th; y++) {
            int sy = Math.min(y0 + y, height - 1);
            for (int x = 0; x < tw; x++) {
                int sx = Math.min(x0 + x, width - 1), si = 3 * (sy * width + sx), o = 3 * (y * tw + x);
                out[o] = (samples[si] & 0xFFFF) / 65535f - 0.5f;
                out[o + 1] = (samples[si + 1] & 0xFFFF) / 65535f - 0.5f;
                out[o + 2] = (samples[si + 2] & 0xFFFF) / 65535f - 0.5f;
            }
        }
        return out;
    }

    /**
     * The padded-image region at (x0, y0) of size tw x th as 8-bit planes (R, G, B; or grey alone when {@code planes}
     * is 1), row-major, edge-replicated past the image as {@link #tile} is.
     */
    public int[][] planes8(int x0, int y0, int tw, int th, int planes) {
        int[][] out = new int[planes][tw * th];
        for (int y = 0; y < th; y++) {
            int sy = Math.min(y0 + y, height - 1);
            for (int x = 0; x < tw; x++) {
                int si = 3 * (sy * width + Math.min(x0 + x, width - 1));
                for (int c = 0; c < planes; c++) out[c][y * tw + x] = Math.round((samples[si + c] & 0xFFFF) * 255f / 65535f);
            }
        }
        return out;
    }

    /** Converts any RenderedImage (every BufferedImage type, indexed and custom ones included). */
    public static SourceImage of(RenderedImage img, int block) {
        int w = img.getWidth(), h = img.getHeight();
        if (w <= 0 || h <= 0) throw new IllegalArgumentException("image has no pixels (" + w + "x" + h + ")");
        ColorModel cm = img.getColorModel();
        // getData() is located at the image's origin (getMinX/getMinY), which need not be (0, 0): move it there,
        // since everything below (BufferedImage.setData included) addresses pixels from (0, 0)
        Raster r = img instanceof BufferedImage b ? b.getRaster() : img.getData();
        if (r.getMinX() != 0 || r.getMinY() != 0) r = r.createTranslatedChild(0, 0);
        boolean gray = cm != null && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && !(cm instanceof java.awt.image.IndexColorModel);
        boolean hasAlpha = cm != null && cm.hasAlpha();
        int sampleBits = gray && (r.getTransferType() == DataBuffer.TYPE_USHORT || cm.getComponentSize(0) > 8) ? 16 : 8;
        short[] rgb = new short[w * h * 3];
        byte[] alpha = hasAlpha ? new byte[w * h] : null;
        BufferedImage bi = img instanceof BufferedImage b ? b : null;
        byte[] icc = null;
        ColorSpace cs = cm != null ? cm.getColorSpace() : null;
        // grey samples are read as they are below (not premultiplied ones, which go through sRGB)
        if (gray && !cm.isAlphaPremultiplied() && cs instanceof ICC_ColorSpace ics && cs != ColorSpace.getInstance(ColorSpace.CS_GRAY))
            icc = canonical(ics.getProfile());
        boolean ownRgbSpace = !gray && cs instanceof ICC_ColorSpace && cs.getType() == ColorSpace.TYPE_RGB && !cs.isCS_sRGB()
                && !(cm instanceof java.awt.image.IndexColorModel);
        // an embedded sRGB profile (what PNG and JPEG readers attach) is sRGB: its samples are coded as sRGB, no profile
        boolean srgbProfile = ownRgbSpace && actsAsSrgb((ICC_ColorSpace) cs);
        byte[] rgbIcc = ownRgbSpace && !srgbProfile ? canonical(((ICC_ColorSpace) cs).getProfile()) : null;
        if (srgbProfile) {
            readComponents(cm, r, w, h, rgb, alpha);
        } else if (rgbIcc != null) {
            // samples in their own RGB colour space (Display P3, Adobe RGB, a camera's), kept with its profile: getRGB
            // would convert them to sRGB, clipping what lies outside it
            icc = rgbIcc;
            readComponents(cm, r, w, h, rgb, alpha);
        } else if (gray && !cm.isAlphaPremultiplied()) {
            // read grey samples directly: getRGB would apply a gamma conversion to linear-grey spaces
            int type = r.getTransferType();
            double scale = unitScale(type, cm.getComponentSize(0));
            double alphaScale = hasAlpha ? unitScale(type, cm.getComponentSize(cm.getNumComponents() - 1)) : 0;
            double[] row = new double[w];
            double[] arow = new double[w];
            for (int y = 0; y < h; y++) {
                r.getSamples(0, y, w, 1, 0, row);
                if (hasAlpha) r.getSamples(0, y, w, 1, r.getNumBands() - 1, arow);
                for (int x = 0; x < w; x++) {
                    short v = (short) Math.round(unit(row[x], type, scale) * 65535);
                    int o = 3 * (y * w + x);
                    rgb[o] = rgb[o + 1] = rgb[o + 2] = v;
                    if (hasAlpha) alpha[y * w + x] = (byte) Math.round(unit(arow[x], type, alphaScale) * 255);
                }
            }
        } else {
            if (bi == null) {
                bi = new BufferedImage(cm, r.createCompatibleWritableRaster(), cm.isAlphaPremultiplied(), null);
                bi.setData(r);
            }
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                bi.getRGB(0, y, w, 1, row, 0, w); // non-premultiplied sRGB whatever the source
                for (int x = 0; x < w; x++) {
                    int p = row[x], o = 3 * (y * w + x);
                    rgb[o] = (short) (((p >> 16) & 255) * 257);
                    rgb[o + 1] = (short) (((p >> 8) & 255) * 257);
                    rgb[o + 2] = (short) ((p & 255) * 257);
                    if (hasAlpha) alpha[y * w + x] = (byte) (p >>> 24);
                }
            }
            if (gray) sampleBits = cm.getComponentSize(0) > 8 ? 16 : 8;
        }
        return new SourceImage(w, h, block, gray ? RncHeader.Colour.GRAY : RncHeader.Colour.RGB, sampleBits, alpha, rgb, icc);
    }

    /**
     * Whether an RGB colour space maps colours as sRGB does, to within a quarter of an 8-bit step on a 6x6x6 grid
     * (an embedded copy of the sRGB profile, or one of its variants): such samples need no profile.
     */
    static boolean actsAsSrgb(ICC_ColorSpace cs) {
        ColorSpace srgb = ColorSpace.getInstance(ColorSpace.CS_sRGB);
        try {
            float[] c = new float[3];
            for (int r = 0; r <= 5; r++)
                for (int g = 0; g <= 5; g++)
                    for (int b = 0; b <= 5; b++) {
                        c[0] = r / 5f;
                        c[1] = g / 5f;
                        c[2] = b / 5f;
                        float[] a = cs.toCIEXYZ(c), e = srgb.toCIEXYZ(c);
                        for (int i = 0; i < 3; i++) if (Math.abs(a[i] - e[i]) > 0.25f / 255) return false;
                    }
            return true;
        } catch (RuntimeException e) {
            return false; // a profile the colour engine cannot use is not sRGB; canonical() decides what happens to it
        }
    }

    /**
     * A profile's bytes as the colour engine writes them once it has used the profile. The JDK hands out a profile's
     * original bytes until the engine has used it and its own serialisation after that (the same colours, other
     * bytes); taking the latter always keeps the same image writing the same file.
     */
    static byte[] canonical(java.awt.color.ICC_Profile p) {
        try {
            byte[] d = p.getData();
            for (int round = 0; round < 4; round++) { // the engine's serialisation is a fixed point after one pass
                java.awt.color.ICC_Profile q = java.awt.color.ICC_Profile.getInstance(d);
                new ICC_ColorSpace(q).toCIEXYZ(new float[q.getNumComponents()]);
                byte[] next = q.getData();
                if (java.util.Arrays.equals(next, d)) return d;
                d = next;
            }
            return d;
        } catch (RuntimeException e) {
            return null; // a profile the colour engine cannot use: the samples go through sRGB instead
        }
    }

    /** The colour components (and alpha) of every pixel as the colour model normalises them, not premultiplied. */
    private static void readComponents(ColorModel cm, Raster r, int w, int h, short[] rgb, byte[] alpha) {
        if (cm.isAlphaPremultiplied()) {
            WritableRaster copy = r.createCompatibleWritableRaster();
            copy.setRect(r);
            cm = cm.coerceData(copy, false);
            r = copy;
        }
        if (cm instanceof java.awt.image.ComponentColorModel && r.getTransferType() != DataBuffer.TYPE_FLOAT
                && r.getTransferType() != DataBuffer.TYPE_DOUBLE && r.getTransferType() != DataBuffer.TYPE_SHORT) {
            // unsigned integer samples: scaled exactly (8 bits: v * 257), as the sRGB path does
            int[] px = null;
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    px = r.getPixel(x, y, px);
                    int o = 3 * (y * w + x);
                    for (int c = 0; c < 3; c++) rgb[o + c] = (short) Math.round(px[c] * 65535.0 / ((1L << cm.getComponentSize(c)) - 1));
                    if (alpha != null) alpha[y * w + x] = (byte) Math.round(px[3] * 255.0 / ((1L << cm.getComponentSize(3)) - 1));
                }
            return;
        }
        Object px = null;
        float[] norm = new float[cm.getNumComponents()];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                px = r.getDataElements(x, y, px);
                cm.getNormalizedComponents(px, norm, 0);
                int o = 3 * (y * w + x);
                for (int c = 0; c < 3; c++) rgb[o + c] = (short) Math.round(clamp01(norm[c]) * 65535);
                if (alpha != null) alpha[y * w + x] = (byte) Math.round(clamp01(norm[3]) * 255);
            }
    }

    private static double clamp01(float v) {
        return v > 0 ? Math.min(v, 1) : 0; // NaN as 0
    }

    /**
     * Factor from a raw sample to its nominal [0, 1] value, as ComponentColorModel normalises: float and double
     * samples are that value already; signed shorts map 0 .. 32767 to 0 .. 1 (negative ones lie below black);
     * unsigned integers map 0 .. 2^bits-1 to 0 .. 1.
     */
    static double unitScale(int transferType, int bits) {
        return switch (transferType) {
            case DataBuffer.TYPE_FLOAT, DataBuffer.TYPE_DOUBLE -> 1;
            case DataBuffer.TYPE_SHORT -> 1.0 / Short.MAX_VALUE;
            default -> 1 / (Math.pow(2, bits) - 1);
        };
    }

    /** A raw sample as a value in [0, 1]: scaled, clamped (floats may stray outside), NaN as 0. */
    static double unit(double sample, int transferType, double scale) {
        // TYPE_INT samples of 32 significant bits come back from the raster as negative ints
        if (transferType == DataBuffer.TYPE_INT && sample < 0) sample += 0x1p32;
        double v = sample * scale;
        return v > 0 ? Math.min(v, 1) : 0;
    }
}

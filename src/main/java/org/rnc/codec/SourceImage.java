package org.rnc.codec;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.RenderedImage;

import org.rnc.format.RncHeader;

/**
 * An image prepared for the network: RGB in [-0.5, 0.5], NHWC, padded to the block multiple by edge
 * replication, plus what is needed to restore its colour model (grey, 16-bit grey, alpha).
 */
public final class SourceImage {
    public final int width, height, paddedWidth, paddedHeight;
    public final RncHeader.Colour colour;
    public final int sampleBits;
    /** Alpha plane (width*height, 8 bits) or null when the source has none. */
    public final byte[] alpha;
    /** Padded RGB, paddedHeight * paddedWidth * 3. */
    public final float[] rgb;

    private SourceImage(int w, int h, int block, RncHeader.Colour colour, int bits, byte[] alpha, float[] unpadded) {
        this.width = w;
        this.height = h;
        this.paddedWidth = (w + block - 1) / block * block;
        this.paddedHeight = (h + block - 1) / block * block;
        this.colour = colour;
        this.sampleBits = bits;
        this.alpha = alpha;
        this.rgb = pad(unpadded, w, h, paddedWidth, paddedHeight);
    }

    /** Converts any RenderedImage (every BufferedImage type, indexed and custom ones included). */
    public static SourceImage of(RenderedImage img, int block) {
        int w = img.getWidth(), h = img.getHeight();
        if (w <= 0 || h <= 0) throw new IllegalArgumentException("image has no pixels (" + w + "x" + h + ")");
        ColorModel cm = img.getColorModel();
        Raster r = img instanceof BufferedImage b ? b.getRaster() : img.getData();
        boolean gray = cm != null && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && !(cm instanceof java.awt.image.IndexColorModel);
        boolean hasAlpha = cm != null && cm.hasAlpha();
        int sampleBits = gray && (r.getTransferType() == DataBuffer.TYPE_USHORT || cm.getComponentSize(0) > 8) ? 16 : 8;
        float[] rgb = new float[w * h * 3];
        byte[] alpha = hasAlpha ? new byte[w * h] : null;
        BufferedImage bi = img instanceof BufferedImage b ? b : null;
        if (gray && !cm.isAlphaPremultiplied()) {
            // read grey samples directly: getRGB would apply a gamma conversion to linear-grey spaces
            int maxV = (1 << cm.getComponentSize(0)) - 1;
            double alphaScale = hasAlpha ? 255.0 / ((1 << cm.getComponentSize(cm.getNumComponents() - 1)) - 1) : 0;
            int[] row = new int[w];
            int[] arow = new int[w];
            int ox = r.getMinX(), oy = r.getMinY();
            for (int y = 0; y < h; y++) {
                r.getSamples(ox, oy + y, w, 1, 0, row);
                if (hasAlpha) r.getSamples(ox, oy + y, w, 1, r.getNumBands() - 1, arow);
                for (int x = 0; x < w; x++) {
                    float v = row[x] / (float) maxV - 0.5f;
                    int o = 3 * (y * w + x);
                    rgb[o] = rgb[o + 1] = rgb[o + 2] = v;
                    if (hasAlpha) alpha[y * w + x] = (byte) Math.round(arow[x] * alphaScale);
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
                    rgb[o] = ((p >> 16) & 255) / 255f - 0.5f;
                    rgb[o + 1] = ((p >> 8) & 255) / 255f - 0.5f;
                    rgb[o + 2] = (p & 255) / 255f - 0.5f;
                    if (hasAlpha) alpha[y * w + x] = (byte) (p >>> 24);
                }
            }
            if (gray) sampleBits = cm.getComponentSize(0) > 8 ? 16 : 8;
        }
        return new SourceImage(w, h, block, gray ? RncHeader.Colour.GRAY : RncHeader.Colour.RGB, sampleBits, alpha, rgb);
    }

    static float[] pad(float[] src, int w, int h, int pw, int ph) {
        if (pw == w && ph == h) return src;
        float[] out = new float[pw * ph * 3];
        for (int y = 0; y < ph; y++) {
            int sy = Math.min(y, h - 1);
            System.arraycopy(src, sy * w * 3, out, y * pw * 3, w * 3);
            for (int x = w; x < pw; x++) System.arraycopy(src, (sy * w + w - 1) * 3, out, (y * pw + x) * 3, 3);
        }
        return out;
    }
}

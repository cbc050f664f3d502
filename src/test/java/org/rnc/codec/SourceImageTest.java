package org.rnc.codec;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.Rectangle;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.RenderedImage;
import java.awt.image.SampleModel;
import java.awt.image.WritableRaster;
import java.util.Vector;

import org.junit.jupiter.api.Test;
import org.rnc.TestImages;
import org.rnc.format.RncHeader;

/** What the network sees of a source: origin-independent, and in range for every sample type. */
class SourceImageTest {

    /** A BufferedImage's pixels presented as one tile at (x0, y0), as JAI-style images are. */
    record Shifted(BufferedImage img, int x0, int y0) implements RenderedImage {
        public Vector<RenderedImage> getSources() { return null; }
        public Object getProperty(String name) { return java.awt.Image.UndefinedProperty; }
        public String[] getPropertyNames() { return null; }
        public ColorModel getColorModel() { return img.getColorModel(); }
        public SampleModel getSampleModel() { return img.getSampleModel(); }
        public int getWidth() { return img.getWidth(); }
        public int getHeight() { return img.getHeight(); }
        public int getMinX() { return x0; }
        public int getMinY() { return y0; }
        public int getNumXTiles() { return 1; }
        public int getNumYTiles() { return 1; }
        public int getMinTileX() { return 0; }
        public int getMinTileY() { return 0; }
        public int getTileWidth() { return img.getWidth(); }
        public int getTileHeight() { return img.getHeight(); }
        public int getTileGridXOffset() { return x0; }
        public int getTileGridYOffset() { return y0; }
        public Raster getTile(int tx, int ty) { return getData(); }
        public Raster getData() { return img.copyData(null).createTranslatedChild(x0, y0); }
        public Raster getData(Rectangle r) { return getData().createChild(r.x, r.y, r.width, r.height, r.x, r.y, null); }
        public WritableRaster copyData(WritableRaster r) { throw new UnsupportedOperationException(); }
    }

    static float[] samples(RenderedImage img) {
        return SourceImage.of(img, 16).tile(0, 0, img.getWidth(), img.getHeight());
    }

    @Test
    void originOtherThanZeroIsNotAShift() {
        for (int type : new int[]{BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_INT_ARGB}) {
            BufferedImage img = type == BufferedImage.TYPE_INT_ARGB ? TestImages.withAlpha(37, 23, type)
                    : TestImages.photo(37, 23, type);
            float[] expected = samples(img);
            assertArrayEquals(expected, samples(new Shifted(img, 5, 5)), "type " + type);
            assertArrayEquals(expected, samples(new Shifted(img, -3, 7)), "type " + type);
            if (type == BufferedImage.TYPE_INT_ARGB)
                assertArrayEquals(SourceImage.of(img, 16).alpha, SourceImage.of(new Shifted(img, 5, 5), 16).alpha);
        }
        // a subimage's raster is offset inside its parent's data
        BufferedImage big = TestImages.photo(60, 40, BufferedImage.TYPE_INT_RGB);
        BufferedImage sub = big.getSubimage(5, 7, 37, 23);
        BufferedImage copy = new BufferedImage(37, 23, BufferedImage.TYPE_INT_RGB);
        copy.setData(sub.copyData(null));
        assertArrayEquals(samples(copy), samples(sub));
    }

    static BufferedImage grey(int transferType, double... values) {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), false, false,
                Transparency.OPAQUE, transferType);
        WritableRaster r = cm.createCompatibleWritableRaster(values.length, 1);
        for (int x = 0; x < values.length; x++) r.setSample(x, 0, 0, values[x]);
        return new BufferedImage(cm, r, false, null);
    }

    static void assertGrey(BufferedImage img, double... expected) {
        SourceImage s = SourceImage.of(img, 16);
        assertEquals(RncHeader.Colour.GRAY, s.colour);
        assertEquals(16, s.sampleBits);
        float[] t = s.tile(0, 0, expected.length, 1);
        for (int i = 0; i < t.length; i++) {
            assertTrue(Float.isFinite(t[i]) && t[i] >= -0.5f && t[i] <= 0.5f, "sample " + i + " = " + t[i]);
            assertEquals(expected[i / 3] - 0.5, t[i], 1e-4, "sample " + i);
        }
    }

    @Test
    void floatAndSignedGreySamplesAreNominalAndClamped() {
        // float and double: the value itself is the intensity, clamped to [0, 1]
        for (int type : new int[]{DataBuffer.TYPE_FLOAT, DataBuffer.TYPE_DOUBLE})
            assertGrey(grey(type, 0, 0.25, 1, -0.5, 1.5, Double.NaN), 0, 0.25, 1, 0, 1, 0);
        // signed short: 0 .. 32767 is black .. white, as ComponentColorModel normalises; negatives are black
        assertGrey(grey(DataBuffer.TYPE_SHORT, 0, 16384, 32767, -1, -32768), 0, 16384 / 32767.0, 1, 0, 0);
        // unsigned types keep their exact scale
        assertGrey(grey(DataBuffer.TYPE_USHORT, 0, 257 * 100, 65535), 0, 100 / 255.0, 1);
    }

    @Test
    void onlyProfilesThatMapAsSrgbCountAsSrgb() {
        java.awt.color.ICC_Profile srgb = java.awt.color.ICC_Profile.getInstance(ColorSpace.CS_sRGB);
        assertTrue(SourceImage.actsAsSrgb(new java.awt.color.ICC_ColorSpace(java.awt.color.ICC_Profile.getInstance(srgb.getData()))));
        assertFalse(SourceImage.actsAsSrgb((java.awt.color.ICC_ColorSpace) ColorSpace.getInstance(ColorSpace.CS_LINEAR_RGB)));
    }
}

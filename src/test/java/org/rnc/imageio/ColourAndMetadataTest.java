package org.rnc.imageio;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

import org.junit.jupiter.api.Test;
import org.rnc.TestImages;

/**
 * What images carry survives a round trip: the samples' ICC colour space (not converted to sRGB), EXIF and XMP,
 * given as RNC metadata or taken over from a JPEG's.
 */
class ColourAndMetadataTest {
    /** A TIFF structure with one entry, Orientation = 6 (rotate 90 degrees clockwise), as EXIF carries it. */
    static final byte[] EXIF = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0};
    static final String XMP = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/></x:xmpmeta>";

    @Test
    void aNonSrgbImageKeepsItsSamplesAndItsProfile() throws IOException {
        BufferedImage srgb = TestImages.photo(96, 64, BufferedImage.TYPE_INT_RGB);
        // the same numbers, meant in linear RGB (a real non-sRGB ICC profile, as Display P3 or Adobe RGB would be)
        ColorSpace linear = ColorSpace.getInstance(ColorSpace.CS_LINEAR_RGB);
        ComponentColorModel cm = new ComponentColorModel(linear, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster r = cm.createCompatibleWritableRaster(96, 64);
        for (int y = 0; y < 64; y++)
            for (int x = 0; x < 96; x++) {
                int p = srgb.getRGB(x, y);
                r.setPixel(x, y, new int[]{(p >> 16) & 255, (p >> 8) & 255, p & 255});
            }
        BufferedImage img = new BufferedImage(cm, r, false, null);
        byte[] file = TestImages.encode(img, 3, true), plain = TestImages.encode(srgb, 3, true);
        assertTrue(file.length > plain.length, "the profile is stored");

        BufferedImage back = TestImages.decode(file);
        ColorSpace cs = back.getColorModel().getColorSpace();
        assertFalse(cs.isCS_sRGB(), "decoded in the file's colour space");
        // the same colour space (the colour engine may re-serialise the profile's bytes once it has used it)
        for (float[] c : new float[][]{{0.5f, 0.2f, 0.8f}, {1, 1, 1}, {0.05f, 0.6f, 0.3f}})
            assertArrayEquals(linear.toCIEXYZ(c), cs.toCIEXYZ(c), 1e-3f);
        // the samples were coded as they are: exactly the numbers an sRGB image with the same numbers decodes to
        BufferedImage ref = TestImages.decode(plain);
        for (int y = 0; y < 64; y++)
            for (int x = 0; x < 96; x++) {
                int p = ref.getRGB(x, y);
                assertArrayEquals(new int[]{(p >> 16) & 255, (p >> 8) & 255, p & 255}, back.getRaster().getPixel(x, y, (int[]) null),
                        "pixel " + x + "," + y);
            }

        // the reader tells the type, and hands the profile over in the metadata, without decoding
        ImageReader reader = ImageIO.getImageReadersByFormatName("rnc").next();
        reader.setInput(ImageIO.createImageInputStream(new ByteArrayInputStream(file)));
        ImageTypeSpecifier type = reader.getImageTypes(0).next();
        assertFalse(type.getColorModel().getColorSpace().isCS_sRGB());
        IIOMetadataNode tree = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree(RncMetadata.NATIVE_FORMAT);
        IIOMetadataNode icc = (IIOMetadataNode) tree.getElementsByTagName("ICCProfile").item(0);
        ColorSpace fromMetadata = new ICC_ColorSpace(java.awt.color.ICC_Profile.getInstance((byte[]) icc.getUserObject()));
        for (float[] c : new float[][]{{0.5f, 0.2f, 0.8f}, {0.05f, 0.6f, 0.3f}})
            assertArrayEquals(linear.toCIEXYZ(c), fromMetadata.toCIEXYZ(c), 1e-3f);
        reader.dispose();

        // a caller's destination in the same profile (another instance of it) takes the samples as they are
        ComponentColorModel sameProfile = new ComponentColorModel(new ICC_ColorSpace(java.awt.color.ICC_Profile.getInstance(
                (byte[]) icc.getUserObject())), false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        BufferedImage dest = new BufferedImage(sameProfile, sameProfile.createCompatibleWritableRaster(96, 64), false, null);
        javax.imageio.ImageReadParam toDest = new javax.imageio.ImageReadParam();
        toDest.setDestination(dest);
        TestImages.decode(file, toDest, null);
        for (int y = 0; y < 64; y += 7)
            for (int x = 0; x < 96; x += 5)
                assertArrayEquals(back.getRaster().getPixel(x, y, (int[]) null), dest.getRaster().getPixel(x, y, (int[]) null),
                        "pixel " + x + "," + y);

        // an sRGB image stores no profile
        reader = ImageIO.getImageReadersByFormatName("rnc").next();
        reader.setInput(ImageIO.createImageInputStream(new ByteArrayInputStream(plain)));
        tree = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree(RncMetadata.NATIVE_FORMAT);
        assertEquals(0, tree.getElementsByTagName("ICCProfile").getLength());
        assertTrue(reader.read(0).getColorModel().getColorSpace().isCS_sRGB());
        reader.dispose();
    }

    @Test
    void anEmbeddedSrgbProfileIsSrgb() throws IOException {
        // what PNG and JPEG readers hand over: a colour space made from a copy of the sRGB profile's bytes
        ColorSpace copy = new ICC_ColorSpace(java.awt.color.ICC_Profile.getInstance(
                java.awt.color.ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData()));
        assertFalse(copy.isCS_sRGB());
        BufferedImage srgb = TestImages.photo(64, 48, BufferedImage.TYPE_INT_RGB);
        ComponentColorModel cm = new ComponentColorModel(copy, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster r = cm.createCompatibleWritableRaster(64, 48);
        for (int y = 0; y < 48; y++)
            for (int x = 0; x < 64; x++) {
                int p = srgb.getRGB(x, y);
                r.setPixel(x, y, new int[]{(p >> 16) & 255, (p >> 8) & 255, p & 255});
            }
        byte[] file = TestImages.encode(new BufferedImage(cm, r, false, null), 2, true);
        assertArrayEquals(TestImages.encode(srgb, 2, true), file, "the same file as the sRGB image's, no profile in it");
        assertTrue(TestImages.decode(file).getColorModel().getColorSpace().isCS_sRGB());
    }

    @Test
    void exifAndXmpGivenAsRncMetadataSurvive() throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("rnc").next();
        IIOMetadata md = w.getDefaultImageMetadata(null, null);
        assertNotNull(md);
        assertFalse(md.isReadOnly());
        IIOMetadataNode root = new IIOMetadataNode(RncMetadata.NATIVE_FORMAT);
        IIOMetadataNode exif = new IIOMetadataNode("EXIF");
        exif.setUserObject(EXIF);
        root.appendChild(exif);
        IIOMetadataNode xmp = new IIOMetadataNode("XMP");
        xmp.setAttribute("value", XMP);
        root.appendChild(xmp);
        md.mergeTree(RncMetadata.NATIVE_FORMAT, root);
        byte[] file = write(w, new IIOImage(TestImages.photo(48, 32, BufferedImage.TYPE_INT_RGB), null, md));
        assertMetadata(file);
    }

    @Test
    void exifAndXmpOfAJpegAreKeptWhenItIsRewrittenAsRnc() throws IOException {
        // a JPEG with EXIF and XMP in APP1 segments, as cameras and editors write them
        BufferedImage img = TestImages.photo(48, 32, BufferedImage.TYPE_INT_RGB);
        ImageWriter jw = ImageIO.getImageWritersByFormatName("jpeg").next();
        IIOMetadata jmd = jw.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), null);
        IIOMetadataNode jroot = (IIOMetadataNode) jmd.getAsTree("javax_imageio_jpeg_image_1.0");
        IIOMetadataNode seq = (IIOMetadataNode) jroot.getElementsByTagName("markerSequence").item(0);
        seq.appendChild(app1(concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), EXIF)));
        seq.appendChild(app1(concat("http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.ISO_8859_1), XMP.getBytes(StandardCharsets.UTF_8))));
        jmd.setFromTree("javax_imageio_jpeg_image_1.0", jroot);
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(jpeg)) {
            jw.setOutput(out);
            jw.write(null, new IIOImage(img, null, jmd), null);
        }
        jw.dispose();
        ImageReader jr = ImageIO.getImageReadersByFormatName("jpeg").next();
        jr.setInput(ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg.toByteArray())));
        IIOImage read = jr.readAll(0, null);
        jr.dispose();

        byte[] file = write(ImageIO.getImageWritersByFormatName("rnc").next(), read);
        assertMetadata(file);
    }

    @Test
    void anUnusableProfileDecodesWithoutItAndWarns() throws IOException {
        byte[] good = TestImages.encode(TestImages.photo(48, 32, BufferedImage.TYPE_INT_RGB), 2, true);
        // the same file with an ICC profile that is no profile (its zlib stream and CRC are fine)
        org.rnc.format.RncFileReader r = new org.rnc.format.RncFileReader(new ByteArrayInputStream(good));
        org.rnc.format.RncHeader h = r.readHeader();
        java.util.List<org.rnc.format.RncFileReader.Iteration> its = r.readBody(Integer.MAX_VALUE).iterations();
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        org.rnc.format.RncFileWriter w = new org.rnc.format.RncFileWriter(bos);
        w.writeHeader(h);
        w.writeExtras(new org.rnc.format.RncFileReader.Extras(new byte[300], null, null));
        for (org.rnc.format.RncFileReader.Iteration it : its) w.writeIteration(it.data());
        w.finish();
        java.util.List<String> warnings = new java.util.ArrayList<>();
        BufferedImage bad = TestImages.decode(bos.toByteArray(), null, warnings);
        assertTrue(warnings.stream().anyMatch(m -> m.contains("ICC")), warnings.toString());
        assertTrue(bad.getColorModel().getColorSpace().isCS_sRGB());
        BufferedImage ok = TestImages.decode(good);
        assertArrayEquals(ok.getRGB(0, 0, 48, 32, null, 0, 48), bad.getRGB(0, 0, 48, 32, null, 0, 48), "the same samples, as sRGB");
    }

    @Test
    void exifMustBeATiffStructureAndLosesAnApp1Prefix() throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("rnc").next();
        IIOMetadata md = w.getDefaultImageMetadata(null, null);
        IIOMetadataNode root = new IIOMetadataNode(RncMetadata.NATIVE_FORMAT);
        IIOMetadataNode exif = new IIOMetadataNode("EXIF");
        exif.setUserObject(concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), EXIF));
        root.appendChild(exif);
        md.mergeTree(RncMetadata.NATIVE_FORMAT, root);
        IIOMetadataNode back = (IIOMetadataNode) md.getAsTree(RncMetadata.NATIVE_FORMAT);
        assertArrayEquals(EXIF, (byte[]) ((IIOMetadataNode) back.getElementsByTagName("EXIF").item(0)).getUserObject());
        exif.setUserObject(new byte[]{1, 2, 3, 4, 5, 6, 7, 8});
        assertThrows(javax.imageio.metadata.IIOInvalidTreeException.class, () -> md.mergeTree(RncMetadata.NATIVE_FORMAT, root));
        assertThrows(IllegalArgumentException.class, () -> md.mergeTree(RncMetadata.NATIVE_FORMAT, null));
        w.dispose();
    }

    private static IIOMetadataNode app1(byte[] data) {
        IIOMetadataNode n = new IIOMetadataNode("unknown");
        n.setAttribute("MarkerTag", "225");
        n.setUserObject(data);
        return n;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static byte[] write(ImageWriter w, IIOImage image) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bos)) {
            w.setOutput(out);
            RncImageWriteParam p = (RncImageWriteParam) w.getDefaultWriteParam();
            p.setIterations(2);
            w.write(null, image, p);
        } finally {
            w.dispose();
        }
        return bos.toByteArray();
    }

    private static void assertMetadata(byte[] file) throws IOException {
        ImageReader r = ImageIO.getImageReadersByFormatName("rnc").next();
        r.setInput(ImageIO.createImageInputStream(new ByteArrayInputStream(file)));
        IIOMetadataNode tree = (IIOMetadataNode) r.getImageMetadata(0).getAsTree(RncMetadata.NATIVE_FORMAT);
        assertArrayEquals(EXIF, (byte[]) ((IIOMetadataNode) tree.getElementsByTagName("EXIF").item(0)).getUserObject());
        assertEquals(XMP, ((IIOMetadataNode) tree.getElementsByTagName("XMP").item(0)).getAttribute("value"));
        assertEquals(48, r.read(0).getWidth(), "the picture still decodes");
        r.dispose();
    }
}

package org.rnc.imageio;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceLoader;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.spi.ImageWriterSpi;
import javax.imageio.stream.ImageInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnc.TestImages;
import org.rnc.format.RncFileReader;

/** Round trips through the ImageIO facade: discovery, image types, sizes. */
class RoundTripTest {

    @Test
    void spiIsDiscoveredFromTheClassPath() {
        assertTrue(ServiceLoader.load(ImageReaderSpi.class).stream().anyMatch(p -> p.type() == RncImageReaderSpi.class));
        assertTrue(ServiceLoader.load(ImageWriterSpi.class).stream().anyMatch(p -> p.type() == RncImageWriterSpi.class));
        assertInstanceOf(RncImageReader.class, ImageIO.getImageReadersByFormatName("rnc").next());
        assertInstanceOf(RncImageReader.class, ImageIO.getImageReadersBySuffix("rnc").next());
        assertInstanceOf(RncImageReader.class, ImageIO.getImageReadersByMIMEType("image/x-rnc").next());
        assertInstanceOf(RncImageWriter.class, ImageIO.getImageWritersByFormatName("RNC").next());
        assertInstanceOf(RncImageWriter.class, ImageIO.getImageWritersBySuffix("rnc").next());
        assertInstanceOf(RncImageWriter.class, ImageIO.getImageWritersByMIMEType("image/x-rnc").next());
        assertTrue(List.of(ImageIO.getReaderFormatNames()).contains("rnc"));
        // pairing
        ImageWriter w = ImageIO.getImageWritersByFormatName("rnc").next();
        assertInstanceOf(RncImageReader.class, ImageIO.getImageReader(w));
        assertNotNull(IIORegistry.getDefaultInstance().getServiceProviderByClass(RncImageReaderSpi.class));
    }

    @Test
    void oneLineWriteAndRead(@TempDir Path dir) throws IOException {
        BufferedImage img = TestImages.photo(64, 48, BufferedImage.TYPE_INT_RGB);
        File f = dir.resolve("a.rnc").toFile();
        assertTrue(ImageIO.write(img, "rnc", f));
        BufferedImage back = ImageIO.read(f);
        assertNotNull(back, "ImageIO.read finds the reader by magic bytes");
        assertEquals(64, back.getWidth());
        assertEquals(48, back.getHeight());
        assertEquals(BufferedImage.TYPE_INT_RGB, back.getType());
        // default: the adaptive rate capped at 8 iterations, entropy-coded; on this noisy photo every block runs to the cap
        try (InputStream in = new FileInputStream(f)) {
            assertEquals(RncImageWriteParam.DEFAULT_ITERATIONS, new RncFileReader(in).readHeader().iterations());
        }
        // no more than 8 iterations of 1/8 bpp stored raw, plus the header (two model names and hashes, about 120
        // bytes), the post-filter and restoration-filter chunks (54 and 55 bytes), 9 bytes per iteration chunk, END
        long raw = 8L * (64 / 16) * (48 / 16) * 32 / 8;
        assertTrue(f.length() < raw + 120 + 54 + 55 + 8 * 9 + 32, "size " + f.length());
        assertTrue(TestImages.psnr(img, back) > 18, "PSNR " + TestImages.psnr(img, back));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1x1", "17x33", "1000x3", "513x511", "16x16", "3x1000"})
    void anySize(String size) throws IOException {
        String[] wh = size.split("x");
        int w = Integer.parseInt(wh[0]), h = Integer.parseInt(wh[1]);
        BufferedImage img = TestImages.photo(w, h, BufferedImage.TYPE_INT_RGB);
        byte[] file = TestImages.encode(img, 2, false); // RAW: its size is known exactly
        BufferedImage back = TestImages.decode(file);
        assertEquals(w, back.getWidth());
        assertEquals(h, back.getHeight());
        long blocks = (long) ((w + 15) / 16) * ((h + 15) / 16);
        assertTrue(file.length >= 2 * blocks * 4, "two iterations of raw codes");
    }

    @ParameterizedTest
    @CsvSource({
            "TYPE_INT_RGB,RGB,false", "TYPE_INT_BGR,RGB,false", "TYPE_3BYTE_BGR,RGB,false",
            "TYPE_USHORT_565_RGB,RGB,false", "TYPE_USHORT_555_RGB,RGB,false", "TYPE_BYTE_INDEXED,RGB,false",
            "TYPE_BYTE_BINARY,RGB,false",
            "TYPE_INT_ARGB,RGB,true", "TYPE_INT_ARGB_PRE,RGB,true", "TYPE_4BYTE_ABGR,RGB,true",
            "TYPE_4BYTE_ABGR_PRE,RGB,true",
            "TYPE_BYTE_GRAY,GRAY,false", "TYPE_USHORT_GRAY,GRAY,false"})
    void everyBufferedImageType(String typeName, String colour, boolean alpha) throws Exception {
        int type = BufferedImage.class.getField(typeName).getInt(null);
        BufferedImage img = alpha ? TestImages.withAlpha(48, 32, type) : TestImages.photo(48, 32, type);
        byte[] file = TestImages.encode(img, 6);
        BufferedImage back = TestImages.decode(file);
        assertEquals(alpha, back.getColorModel().hasAlpha());
        assertEquals(colour.equals("GRAY"), back.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY);
        if (type == BufferedImage.TYPE_USHORT_GRAY) assertEquals(BufferedImage.TYPE_USHORT_GRAY, back.getType());
        if (type == BufferedImage.TYPE_BYTE_GRAY) assertEquals(BufferedImage.TYPE_BYTE_GRAY, back.getType());
        if (alpha) {
            for (int y = 0; y < 32; y += 3)
                for (int x = 0; x < 48; x += 5)
                    assertEquals(img.getRGB(x, y) >>> 24, back.getRGB(x, y) >>> 24, "alpha is lossless at " + x + "," + y);
        }
        if (type != BufferedImage.TYPE_BYTE_BINARY) {
            double psnr = TestImages.psnr(img, back);
            assertTrue(psnr > 16, typeName + " PSNR " + psnr);
        }
    }

    @Test
    void customTypesGreyAlphaAndFloat() throws IOException {
        // grey + alpha, 8 bit, no standard BufferedImage type
        var greyAlpha = javax.imageio.ImageTypeSpecifier.createGrayscale(8, java.awt.image.DataBuffer.TYPE_BYTE, false, false);
        BufferedImage ga = greyAlpha.createBufferedImage(40, 24);
        for (int y = 0; y < 24; y++)
            for (int x = 0; x < 40; x++) {
                ga.getRaster().setSample(x, y, 0, (x * 6 + y * 3) & 255);
                ga.getRaster().setSample(x, y, 1, (x * 255) / 39);
            }
        BufferedImage back = TestImages.decode(TestImages.encode(ga, 6));
        assertEquals(2, back.getRaster().getNumBands());
        assertEquals(java.awt.color.ColorSpace.TYPE_GRAY, back.getColorModel().getColorSpace().getType());
        for (int x = 0; x < 40; x++) assertEquals(ga.getRaster().getSample(x, 5, 1), back.getRaster().getSample(x, 5, 1));
        // float RGB (TYPE_CUSTOM)
        var floatRgb = new javax.imageio.ImageTypeSpecifier(
                new java.awt.image.ComponentColorModel(java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB),
                        false, false, java.awt.Transparency.OPAQUE, java.awt.image.DataBuffer.TYPE_FLOAT),
                new java.awt.image.PixelInterleavedSampleModel(java.awt.image.DataBuffer.TYPE_FLOAT, 1, 1, 3, 3, new int[]{0, 1, 2}));
        BufferedImage fl = floatRgb.createBufferedImage(32, 32);
        fl.createGraphics().drawImage(TestImages.photo(32, 32, BufferedImage.TYPE_INT_RGB), 0, 0, null);
        BufferedImage fb = TestImages.decode(TestImages.encode(fl, 6));
        assertTrue(TestImages.psnr(fl, fb) > 16);
    }

    @Test
    void canDecodeInputUsesMagicAndResetsTheStream() throws IOException {
        RncImageReaderSpi spi = new RncImageReaderSpi();
        byte[] file = TestImages.encode(TestImages.photo(16, 16, BufferedImage.TYPE_INT_RGB), 1);
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(file))) {
            assertTrue(spi.canDecodeInput(in));
            assertEquals(0, in.getStreamPosition());
        }
        for (byte[] other : new byte[][]{new byte[0], new byte[]{(byte) 0x89, 'R', 'N'}, "element foo { text }".getBytes()}) {
            try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(other))) {
                assertFalse(spi.canDecodeInput(in));
                assertEquals(0, in.getStreamPosition());
            }
        }
        assertFalse(spi.canDecodeInput("not a stream"));
        // PNG must not be claimed, and ImageIO.read of a non-image gives null, not an exception
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(TestImages.photo(8, 8, BufferedImage.TYPE_INT_RGB), "png", png);
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(png.toByteArray()))) {
            assertFalse(spi.canDecodeInput(in));
        }
    }

    @Test
    void sizeAndMetadataWithoutDecoding() throws IOException {
        byte[] file = TestImages.encode(TestImages.withAlpha(40, 20, BufferedImage.TYPE_INT_ARGB), 3);
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(file))) {
            ImageReader r = ImageIO.getImageReaders(in).next();
            r.setInput(in);
            assertEquals(40, r.getWidth(0));
            assertEquals(20, r.getHeight(0));
            assertEquals(1, r.getNumImages(true));
            Iterator<javax.imageio.ImageTypeSpecifier> types = r.getImageTypes(0);
            assertEquals(BufferedImage.TYPE_INT_ARGB, types.next().getBufferedImageType());
            RncMetadata m = (RncMetadata) r.getImageMetadata(0);
            assertEquals(3, m.iterations().size());
            var nat = (javax.imageio.metadata.IIOMetadataNode) m.getAsTree(RncMetadata.NATIVE_FORMAT);
            assertEquals("3", ((javax.imageio.metadata.IIOMetadataNode) nat.getElementsByTagName("Header").item(0)).getAttribute("iterations"));
            assertEquals(3, nat.getElementsByTagName("Iteration").getLength());
            var std = (javax.imageio.metadata.IIOMetadataNode) m.getAsTree("javax_imageio_1.0");
            assertEquals("RNC", ((javax.imageio.metadata.IIOMetadataNode) std.getElementsByTagName("CompressionTypeName").item(0)).getAttribute("value"));
            assertEquals("FALSE", ((javax.imageio.metadata.IIOMetadataNode) std.getElementsByTagName("Lossless").item(0)).getAttribute("value"));
            assertEquals("3", ((javax.imageio.metadata.IIOMetadataNode) std.getElementsByTagName("NumProgressiveScans").item(0)).getAttribute("value"));
            assertEquals("nonpremultipled", ((javax.imageio.metadata.IIOMetadataNode) std.getElementsByTagName("Alpha").item(0)).getAttribute("value"));
            assertThrows(IllegalStateException.class, () -> m.mergeTree(RncMetadata.NATIVE_FORMAT, nat));
            assertThrows(IndexOutOfBoundsException.class, () -> r.getWidth(1));
            r.dispose();
        }
    }

    @Test
    void writerRejectsWhatTheContractsName() throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("rnc").next();
        assertThrows(IllegalStateException.class, () -> w.write(TestImages.photo(8, 8, BufferedImage.TYPE_INT_RGB)));
        w.setOutput(ImageIO.createImageOutputStream(new ByteArrayOutputStream()));
        assertThrows(IllegalArgumentException.class, () -> w.write((javax.imageio.IIOImage) null));
        assertFalse(w.canWriteRasters());
        var raster = TestImages.photo(8, 8, BufferedImage.TYPE_INT_RGB).getRaster();
        assertThrows(UnsupportedOperationException.class,
                () -> w.write(new javax.imageio.IIOImage(raster, null, null)));
        w.dispose();
    }
}

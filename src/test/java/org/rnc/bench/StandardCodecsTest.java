package org.rnc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;

import org.junit.jupiter.api.Test;
import org.rnc.TestImages;
import org.w3c.dom.NodeList;

class StandardCodecsTest {
    static final BufferedImage IMG = BenchRunner.toRgb(TestImages.photo(240, 180, BufferedImage.TYPE_INT_RGB));

    static List<BenchCodec.Result> measure(BenchCodec c) throws Exception {
        c.probe();
        List<String> failed = new ArrayList<>();
        int[] done = {0};
        List<BenchCodec.Result> r = c.measure(IMG, false, n -> done[0] += n, failed::add);
        assertEquals(List.of(), failed);
        assertEquals(c.settingCount(), done[0]);
        return r;
    }

    @Test
    void jpegIsYCbCr420WithOptimisedHuffmanTables() throws Exception {
        StandardCodecs.Jpeg jpeg = new StandardCodecs.Jpeg();
        byte[] f = jpeg.encode(IMG, "q0.50");
        ImageReader r = ImageIO.getImageReadersByFormatName("jpeg").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(f))) {
            r.setInput(in);
            IIOMetadataNode root = (IIOMetadataNode) r.getImageMetadata(0).getAsTree("javax_imageio_jpeg_image_1.0");
            NodeList comps = root.getElementsByTagName("componentSpec");
            assertEquals(3, comps.getLength());
            assertEquals("2", ((IIOMetadataNode) comps.item(0)).getAttribute("HsamplingFactor"));
            assertEquals("2", ((IIOMetadataNode) comps.item(0)).getAttribute("VsamplingFactor"));
            assertEquals("1", ((IIOMetadataNode) comps.item(1)).getAttribute("HsamplingFactor"));
            assertEquals("1", ((IIOMetadataNode) comps.item(2)).getAttribute("VsamplingFactor"));
        } finally {
            r.dispose();
        }
        // optimised tables make a smaller file than the standard ones at the same quality
        javax.imageio.ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        javax.imageio.plugins.jpeg.JPEGImageWriteParam p = (javax.imageio.plugins.jpeg.JPEGImageWriteParam) w.getDefaultWriteParam();
        p.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(0.5f);
        java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
        try (javax.imageio.stream.ImageOutputStream o = ImageIO.createImageOutputStream(bos)) {
            w.setOutput(o);
            w.write(null, new javax.imageio.IIOImage(IMG, null, null), p);
        }
        assertTrue(f.length < bos.size(), f.length + " vs standard tables " + bos.size());
    }

    @Test
    void jpegSweepGrowsInRateAndQuality() throws Exception {
        List<BenchCodec.Result> r = measure(new StandardCodecs.Jpeg());
        assertEquals(23, r.size());
        assertEquals("q0.01", r.get(0).setting());
        assertEquals("q0.05", r.get(4).setting());
        assertEquals("q0.95", r.get(22).setting());
        assertTrue(r.get(22).bytes() > 3 * r.get(0).bytes());
        assertTrue(r.get(22).psnr() > r.get(0).psnr() + 5);
    }

    @Test
    void jpeg2000HitsItsTargetRates() throws Exception {
        List<BenchCodec.Result> r = measure(new StandardCodecs.Jpeg2000());
        assertEquals(StandardCodecs.JPEG2000_RATES.size(), r.size());
        double pixels = IMG.getWidth() * IMG.getHeight();
        for (BenchCodec.Result x : r) {
            double target = StandardCodecs.value(x.setting()), bpp = x.bytes() * 8 / pixels;
            // JJ2000's rate control lands near the target up to 1 bpp; on a 240x180 picture the JP2 boxes and
            // codestream headers (~60 bytes, 0.01-0.02 bpp here) push the smallest rates a little over. (Above
            // 1 bpp this smooth synthetic picture runs out of bit planes or overshoots; on Kodak it stays within
            // 1 % up to 2 bpp. The bench records the real size either way.)
            if (target <= 1.0) {
                assertTrue(bpp <= target * 1.02 + 0.02, x.setting() + " made " + bpp + " bpp");
                assertTrue(bpp >= target * 0.8, x.setting() + " made " + bpp + " bpp");
            }
            assertTrue(Double.isFinite(x.psnr()), x.setting());
        }
        assertTrue(r.get(r.size() - 1).psnr() > r.get(0).psnr() + 5);
    }

    @Test
    void webpReallyEncodesLossyAtSeveralQualities() throws Exception {
        List<BenchCodec.Result> r = measure(new StandardCodecs.Webp());
        assertEquals(StandardCodecs.WEBP_QUALITIES.size(), r.size());
        assertTrue(r.stream().map(BenchCodec.Result::bytes).distinct().count() >= r.size() - 2,
                "different qualities must give different sizes");
        for (BenchCodec.Result x : r) assertTrue(Double.isFinite(x.psnr()), "lossy, so finite PSNR: " + x.setting());
        assertTrue(r.get(r.size() - 1).bytes() > 3 * r.get(0).bytes());
        assertTrue(r.get(r.size() - 1).psnr() > r.get(0).psnr() + 5);
    }

    @Test
    void pngIsLossless() throws Exception {
        List<BenchCodec.Result> r = measure(new StandardCodecs.Png());
        assertEquals(1, r.size());
        assertEquals(Double.POSITIVE_INFINITY, r.get(0).psnr());
        assertEquals(1.0, r.get(0).msssim(), 1e-12);
    }
}

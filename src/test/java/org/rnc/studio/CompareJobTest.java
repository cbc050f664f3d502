package org.rnc.studio;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.rnc.TestImages;

class CompareJobTest {

    @Test
    void matchesEachCodecToTheRncFileSizeAndMeasuresIt() throws Exception {
        // 176 pixels on the short side: MS-SSIM is defined
        BufferedImage img = TestImages.photo(256, 176, BufferedImage.TYPE_INT_RGB);
        CompareJob.Options o = new CompareJob.Options();
        o.iterations = 3;
        List<Double> progress = new ArrayList<>();
        CompareJob.Result r = new CompareJob(o).run(img, "photo", (f, what) -> progress.add(f));
        assertFalse(r.stopped());
        assertEquals(List.of("rnc", "jpeg", "jpeg2000", "webp"), r.entries().stream().map(CompareJob.Entry::codec).toList());
        CompareJob.Entry rnc = r.entry("rnc");
        assertEquals("it3", rnc.setting());
        for (CompareJob.Entry e : r.entries()) {
            assertTrue(e.ok(), e.codec() + ": " + e.error());
            assertEquals(e.bytes() * 8.0 / (256 * 176), e.bpp(), 1e-12);
            assertTrue(e.psnr() > 15 && e.psnr() < 60, e.codec() + " PSNR " + e.psnr());
            assertTrue(e.msssim() > 0.5 && e.msssim() <= 1, e.codec() + " MS-SSIM " + e.msssim());
            assertEquals(RunResult.psnrOf(e.mse()), e.psnr(), 1e-9);
            // the saved file is what the codec wrote: it decodes to the picture shown
            if (!e.codec().equals("rnc")) {
                BufferedImage back = ImageIO.read(new ByteArrayInputStream(e.file()));
                assertNotNull(back, e.codec());
                assertEquals(e.psnr(), TestImages.psnr(img, back), 1e-6, e.codec());
            }
            assertTrue(e.caption().startsWith(e.codec() + " "), e.caption());
        }
        for (String c : CompareJob.OTHER_CODECS) {
            double rel = Math.abs(r.entry(c).bytes() - rnc.bytes()) / (double) rnc.bytes();
            assertTrue(rel < 0.15, c + ": " + r.entry(c).bytes() + " bytes against RNC's " + rnc.bytes());
            assertTrue(r.curves().get(c).size() >= 3, c + " curve");
        }
        assertEquals(3, r.curves().get("rnc").size());
        assertTrue(r.curves().get("rnc").get(2).bpp() > r.curves().get("rnc").get(0).bpp());
        assertEquals(rnc.bpp(), r.curves().get("rnc").get(2).bpp(), 1e-12);
        assertEquals(1.0, progress.get(progress.size() - 1));

        List<RunResult> rows = CompareJob.rows(r);
        assertEquals(4, rows.size());
        assertEquals("photo", rows.get(0).source());
        assertEquals("jp2", CompareJob.suffix("jpeg2000"));
    }

    @Test
    void stopRequestedBeforehandEndsWithoutTheOtherCodecs() throws Exception {
        CompareJob j = new CompareJob(new CompareJob.Options());
        j.requestStop();
        CompareJob.Result r = j.run(TestImages.photo(48, 32, BufferedImage.TYPE_INT_RGB), "x", null);
        assertTrue(r.stopped());
        assertTrue(r.entries().isEmpty());
        CompareJob.Options bad = new CompareJob.Options();
        bad.iterations = 0;
        assertThrows(IllegalArgumentException.class, () -> new CompareJob(bad));
    }

    @Test
    void aCodecThatFailsIsReportedNotThrown() throws Exception {
        CompareJob.Options o = new CompareJob.Options();
        o.iterations = 1;
        o.codecs = List.of("jpeg", "nosuchcodec");
        CompareJob.Result r = new CompareJob(o).run(TestImages.photo(48, 32, BufferedImage.TYPE_INT_RGB), "x", null);
        assertTrue(r.entry("jpeg").ok());
        assertFalse(r.entry("nosuchcodec").ok());
        assertTrue(r.entry("nosuchcodec").error().contains("unknown codec"), r.entry("nosuchcodec").error());
        assertTrue(Double.isNaN(r.entry("rnc").msssim()), "MS-SSIM is not defined under 176 pixels");
        assertEquals(2, CompareJob.rows(r).size());
    }
}

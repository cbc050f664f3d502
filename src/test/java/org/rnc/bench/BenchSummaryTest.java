package org.rnc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class BenchSummaryTest {
    static final double PIXELS = 768 * 512;

    /** A JPEG-like curve on each image and a "better" codec needing 0.9 of JPEG's rate everywhere. */
    static List<BenchPoint> points() {
        List<BenchPoint> pts = new ArrayList<>();
        double[] q = {0.1, 0.3, 0.5, 0.7, 0.9};
        for (String img : List.of("img1", "img2")) {
            double off = img.equals("img1") ? 0 : -1.5;
            for (double s : q) {
                double bpp = 0.1 + 2 * s * s; // 0.12 .. 1.72
                double psnr = 24 + 10 * Math.log10(bpp / 0.1) + off;
                double ms = 1 - 0.1 * Math.pow(0.1 / bpp, 0.8);
                long bytes = Math.round(bpp * PIXELS / 8);
                pts.add(new BenchPoint("jpeg", StandardCodecs.quality(s), img, bytes, bytes * 8 / PIXELS, psnr, ms, 10, 5));
                long b2 = Math.round(bpp * 0.9 * PIXELS / 8);
                pts.add(new BenchPoint("webp", StandardCodecs.quality(s), img, b2, b2 * 8 / PIXELS, psnr, ms, 50, 4));
            }
            for (int k = 1; k <= 4; k++) {
                double bpp = 0.13 * k;
                long bytes = Math.round(bpp * PIXELS / 8);
                pts.add(new BenchPoint("rnc", "it" + k, img, bytes, bytes * 8 / PIXELS, 15 + k, 0.5 + 0.05 * k, 1000 * k, 400 * k));
            }
            pts.add(new BenchPoint("png", "lossless", img, 800000, 800000 * 8 / PIXELS, Double.POSITIVE_INFINITY, 1, 90, 20));
        }
        return pts;
    }

    @Test
    void bdRateOfTheScaledCodecIsAboutMinusTenPercent() {
        BenchSummary s = new BenchSummary(points());
        assertEquals(List.of("rnc", "jpeg", "webp", "png"), s.codecs());
        BenchSummary.Bd bd = s.bdRate("webp", BenchSummary.Metric.PSNR);
        assertEquals(2, bd.defined());
        assertEquals(-10.0, bd.mean(), 0.01); // byte rounding only
        assertEquals(-10.0, s.bdRate("webp", BenchSummary.Metric.MSSSIM_DB).mean(), 0.01);
        BenchSummary.Bd rnc = s.bdRate("rnc", BenchSummary.Metric.PSNR);
        assertTrue(Double.isNaN(rnc.mean()));
        assertTrue(rnc.whyUndefined().get("img1").contains("do not overlap"), rnc.whyUndefined().toString());
    }

    @Test
    void summaryHasTheTablesAndHonestGaps() {
        BenchSummary s = new BenchSummary(points());
        String md = s.summaryMarkdown(Map.of("jpeg2000", "NoClassDefFoundError: x"));
        assertTrue(md.contains("| codec | metric | 0.125 bpp | 0.25 bpp | 0.5 bpp | 0.75 bpp | 1.0 bpp |"), md);
        assertTrue(md.contains("| codec | MS-SSIM @ 0.25 bpp | PSNR @ 0.25 bpp | MS-SSIM @ 0.5 bpp | PSNR @ 0.5 bpp |"), md);
        assertTrue(md.contains("| webp | -10.0 % | -10.0 % | 2/2 |"), md);
        assertTrue(md.contains("| 3 | 2 | 0.3900 | 18.00 | 0.6500 |"), md); // RNC per iteration
        assertTrue(md.contains("- `jpeg2000`: NoClassDefFoundError: x"), md);
        // RNC's curve stops at 0.52 bpp: defined at 0.25 and 0.5, not at 0.75
        String rncPsnr = md.lines().filter(l -> l.startsWith("| rnc | PSNR")).findFirst().orElseThrow();
        assertTrue(rncPsnr.endsWith("| — | — |"), rncPsnr);
        // jpeg at 0.5 bpp: both images, interpolated in log(bpp) on 24 + 10 log10(bpp / 0.1) (-1.5 for img2)
        double expected = 24 + 10 * Math.log10(5) - 0.75;
        assertEquals(expected, s.meanAt("jpeg", BenchSummary.Metric.PSNR, 0.5).mean(), 1e-3);
        assertTrue(md.contains("mean 16.276 bpp over 2 images (2 of them decoded bit-exact)"), md);
    }

    /**
     * A codec a little ahead of JPEG (0.99 of its rate) is behind WebP (0.9 of JPEG's), which only the head-to-head
     * table shows; RNC's curve does not overlap WebP's in PSNR, so there it is n/a.
     */
    @Test
    void headToHeadRanksRncAgainstTheOtherCodecsDirectly() {
        List<BenchPoint> pts = new ArrayList<>(points());
        for (BenchPoint p : points())
            if (p.codec().equals("jpeg")) {
                long b = Math.round(p.bytes() * 0.99);
                pts.add(new BenchPoint("rnc-adaptive", p.setting(), p.image(), b, b * 8 / PIXELS, p.psnr(), p.msssim(), 1, 1));
            }
        BenchSummary s = new BenchSummary(pts);
        assertEquals(-1.0, s.bdRate("rnc-adaptive", BenchSummary.Metric.PSNR).mean(), 0.02);
        assertEquals(10.0, s.bdRate("rnc-adaptive", "webp", BenchSummary.Metric.PSNR).mean(), 0.05); // 0.99 / 0.9
        assertEquals(10.0, s.bdRate("rnc-adaptive", "webp", BenchSummary.Metric.MSSSIM_DB).mean(), 0.05);
        String md = s.summaryMarkdown(Map.of());
        assertTrue(md.contains("| rnc-adaptive | webp | +10.0 % | +10.0 % | 2/2 |"), md);
        assertTrue(md.contains("| rnc | webp | n/a | n/a | 0/2 |"), md);
        assertTrue(md.indexOf("Head to head") > md.indexOf("BD-rate against JPEG"), md);
        BenchSummary.Bd none = s.bdRate("rnc-adaptive", "jpeg2000", BenchSummary.Metric.PSNR);
        assertEquals("no jpeg2000 points", none.whyUndefined().get("img1"));
        // no rival in the run, no table
        assertFalse(new BenchSummary(points().stream().filter(p -> !p.codec().equals("webp")).toList())
                .summaryMarkdown(Map.of()).contains("Head to head"));
    }

    @Test
    void speedIsTheMedianOverImagesNearHalfABitPerPixel() {
        BenchSummary s = new BenchSummary(points());
        BenchSummary.Speed rnc = s.speedNear("rnc", 0.5);
        assertEquals("it4", rnc.settings());
        assertEquals(PIXELS / 1e6 / 4.0, rnc.encodeMpps(), 1e-6); // 4000 ms per image
        assertEquals(PIXELS / 1e6 / 1.6, rnc.decodeMpps(), 1e-6);
        List<BenchSummary.Speed> per = s.speedPerSetting("rnc");
        assertEquals(4, per.size());
        assertEquals(PIXELS / 1e6, per.get(0).encodeMpps(), 1e-6);
        RunInfo info = new RunInfo("java -jar target/rnc-cli.jar bench ...", "imgs", 4, "rnc-default", 2, 2, "jvm", "os",
                "now", 12.5, 1.0, 1 << 30, 1 << 28, 1 << 29, Map.of("jpeg", "JDK"), Map.of(), List.of());
        String report = s.reportMarkdown(info);
        assertTrue(report.contains("![MS-SSIM against bpp](rd-msssim.png)"), report);
        assertTrue(report.contains("- RNC / jpeg speed ratio near 0.5 bpp: encode"), report);
        assertTrue(report.contains("| 4 | 0.520 |"), report);
        assertTrue(report.contains("peak Java heap used: 256 MiB (maximum heap 1024 MiB)"), report);
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, BenchSummary.median(new double[]{3, 1, 2}));
        assertEquals(2.5, BenchSummary.median(new double[]{4, 1, 2, 3}));
        assertTrue(Double.isNaN(BenchSummary.median(new double[0])));
    }
}

package org.rnc.studio;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

class ChartsTest {

    @Test
    void lossChartFollowsItsSeriesInPlace(@TempDir Path dir) throws Exception {
        XYChart c = Charts.lossChart("loss", 400, 300);
        assertEquals(0, Charts.updateLosses(c, List.of()));
        LossSeries a = new LossSeries("a"), b = new LossSeries("b");
        a.add(1, 0.5);
        a.add(2, 0.25);
        assertEquals(1, Charts.updateLosses(c, List.of(a, b)), "an empty series is not drawn");
        assertEquals(java.util.Set.of("a"), c.getSeriesMap().keySet());
        assertTrue(c.getStyler().isYAxisLogarithmic());
        b.add(1, 2000);
        a.add(3, 0.1);
        assertEquals(2, Charts.updateLosses(c, List.of(a, b)));
        assertEquals(3, c.getSeriesMap().get("a").getXData().length);
        Path png = Charts.savePng(c, dir.resolve("loss"));
        assertEquals("loss.png", png.getFileName().toString());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(400, img.getWidth());
        b.add(2, -1); // a negative loss: linear axis
        Charts.updateLosses(c, List.of(a, b));
        assertFalse(c.getStyler().isYAxisLogarithmic());
    }

    @Test
    void rdChartDrawsEachCodecAndLeavesLosslessPointsOut(@TempDir Path dir) throws Exception {
        XYChart c = Charts.rdChart("rd", 500, 350);
        Map<String, List<CompareJob.Point>> curves = new java.util.LinkedHashMap<>();
        curves.put("rnc", List.of(new CompareJob.Point(0.13, 24), new CompareJob.Point(0.26, 27)));
        curves.put("jpeg", List.of(new CompareJob.Point(0.3, 25), new CompareJob.Point(3, Double.POSITIVE_INFINITY)));
        assertEquals(2, Charts.updateRd(c, curves));
        assertEquals(1, c.getSeriesMap().get("jpeg").getXData().length);
        Path png = Charts.savePng(c, dir.resolve("rd.png"));
        assertTrue(Files.size(png) > 1000);
        assertEquals(0, Charts.updateRd(c, Map.of()));
        assertFalse(c.getSeriesMap().containsKey("rnc"));
    }
}

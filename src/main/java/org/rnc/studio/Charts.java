package org.rnc.studio;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The Studio's XChart charts (loss curves, rate-distortion curves), kept up to date in place, and their PNGs. */
public final class Charts {
    private Charts() {}

    static final Map<String, Color> CODEC_COLOURS = Map.of("rnc", new Color(0xD62728), "jpeg", new Color(0x1F77B4),
            "jpeg2000", new Color(0x2CA02C), "webp", new Color(0xFF7F0E));

    public static XYChart lossChart(String title, int width, int height) {
        XYChart c = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle("epoch / step")
                .yAxisTitle("loss").build();
        style(c);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setMarkerSize(4);
        return c;
    }

    public static XYChart rdChart(String title, int width, int height) {
        XYChart c = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle("bits per pixel (whole file)")
                .yAxisTitle("PSNR (dB)").build();
        style(c);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        c.getStyler().setMarkerSize(6);
        c.getStyler().setXAxisDecimalPattern("0.000");
        c.getStyler().setYAxisDecimalPattern("0.0");
        return c;
    }

    private static void style(XYChart c) {
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotBackgroundColor(Color.WHITE);
        c.getStyler().setPlotGridLinesColor(new Color(0xDDDDDD));
        c.getStyler().setLegendBackgroundColor(new Color(255, 255, 255, 210));
    }

    /**
     * Sets the chart's series to the given loss series (adding, updating, removing in place so a live panel
     * keeps its chart). The y axis is logarithmic when every value is positive, so losses of different scales
     * fit one plot. Returns the number of series drawn.
     */
    public static int updateLosses(XYChart chart, List<LossSeries> series) {
        Set<String> keep = new HashSet<>();
        boolean allPositive = true;
        int drawn = 0;
        for (LossSeries s : series) {
            double[][] xy = s.snapshot();
            if (xy[0].length == 0) continue;
            for (double v : xy[1]) allPositive &= v > 0;
            keep.add(s.name());
            put(chart, s.name(), xy[0], xy[1], null);
            drawn++;
        }
        removeOthers(chart, keep);
        chart.getStyler().setYAxisLogarithmic(drawn > 0 && allPositive);
        if (drawn == 0) placeholder(chart, "no training run yet");
        return drawn;
    }

    /** Sets the chart's series to one comparison's curves (PSNR over bpp; lossless points left out). */
    public static int updateRd(XYChart chart, Map<String, List<CompareJob.Point>> curves) {
        Set<String> keep = new HashSet<>();
        int drawn = 0;
        for (Map.Entry<String, List<CompareJob.Point>> e : curves.entrySet()) {
            List<CompareJob.Point> pts = e.getValue().stream()
                    .filter(p -> Double.isFinite(p.bpp()) && Double.isFinite(p.psnr())).toList();
            if (pts.isEmpty()) continue;
            double[] x = new double[pts.size()], y = new double[pts.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = pts.get(i).bpp();
                y[i] = pts.get(i).psnr();
            }
            keep.add(e.getKey());
            XYSeries s = put(chart, e.getKey(), x, y, CODEC_COLOURS.get(e.getKey()));
            s.setMarker(SeriesMarkers.CIRCLE);
            drawn++;
        }
        removeOthers(chart, keep);
        if (drawn == 0) placeholder(chart, "no comparison yet");
        return drawn;
    }

    private static final String PLACEHOLDER_SUFFIX = " ";

    private static void placeholder(XYChart chart, String text) {
        String name = text + PLACEHOLDER_SUFFIX;
        if (!chart.getSeriesMap().containsKey(name)) {
            XYSeries s = chart.addSeries(name, new double[]{0, 1}, new double[]{1, 1});
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(new Color(0, 0, 0, 0));
        }
    }

    private static XYSeries put(XYChart chart, String name, double[] x, double[] y, Color colour) {
        XYSeries s;
        if (chart.getSeriesMap().containsKey(name)) {
            s = chart.updateXYSeries(name, x, y, null);
        } else {
            s = chart.addSeries(name, x, y);
            s.setLineStyle(new BasicStroke(2f));
        }
        if (colour != null) {
            s.setLineColor(colour);
            s.setMarkerColor(colour);
        }
        return s;
    }

    private static void removeOthers(XYChart chart, Set<String> keep) {
        for (String name : List.copyOf(chart.getSeriesMap().keySet()))
            if (!keep.contains(name)) chart.removeSeries(name);
    }

    /** Writes the chart as a PNG ({@code .png} is added when missing). */
    public static Path savePng(XYChart chart, Path file) throws IOException {
        Path f = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png") ? file
                : file.resolveSibling(file.getFileName() + ".png");
        Path parent = f.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        // BitmapEncoder adds ".png" to a name without it; give it the name without the suffix
        String s = f.toString();
        BitmapEncoder.saveBitmap(chart, s.substring(0, s.length() - 4), BitmapEncoder.BitmapFormat.PNG);
        return f;
    }
}

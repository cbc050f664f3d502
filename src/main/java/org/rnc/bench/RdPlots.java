package org.rnc.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code rd-msssim.png} and {@code rd-psnr.png} with XChart: for each lossy codec the mean curve over the
 * images (interpolated in log(bpp) on a fine grid, drawn where every image is covered) and, as markers, the
 * per-setting means (mean bpp, mean quality of each setting).
 */
public final class RdPlots {
    private RdPlots() {}

    public static final double MAX_BPP = 2.0;
    static final Map<String, Color> COLOURS = Map.of("rnc", new Color(0xD62728), "jpeg", new Color(0x1F77B4),
            "jpeg2000", new Color(0x2CA02C), "webp", new Color(0xFF7F0E));

    public static void write(BenchSummary s, Path outDir) throws IOException {
        save(chart(s, BenchSummary.Metric.MSSSIM), outDir.resolve("rd-msssim.png"));
        save(chart(s, BenchSummary.Metric.PSNR), outDir.resolve("rd-psnr.png"));
    }

    static void save(XYChart chart, Path file) throws IOException {
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    public static XYChart chart(BenchSummary s, BenchSummary.Metric metric) {
        XYChart chart = new XYChartBuilder().width(900).height(620)
                .title(metric.label + " against bit rate, mean over " + s.images().size() + " image"
                        + (s.images().size() == 1 ? "" : "s"))
                .xAxisTitle("bits per pixel (whole file)").yAxisTitle(metric.label).build();
        org.knowm.xchart.style.XYStyler st = chart.getStyler();
        st.setLegendPosition(Styler.LegendPosition.InsideSE);
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotGridLinesColor(new Color(0xDDDDDD));
        st.setXAxisMin(0.0);
        st.setXAxisMax(MAX_BPP);
        st.setXAxisDecimalPattern("0.00");
        st.setYAxisDecimalPattern(metric == BenchSummary.Metric.MSSSIM ? "0.000" : "0.0");
        st.setMarkerSize(7);

        double[] grid = grid();
        int added = 0;
        for (String codec : s.lossyCodecs()) {
            Color colour = COLOURS.getOrDefault(codec, Color.DARK_GRAY);
            double[][] curve = s.meanCurve(codec, metric, grid);
            double[][] means = settingMeans(s, codec, metric);
            if (curve[0].length > 1) {
                XYSeries line = chart.addSeries(codec, curve[0], curve[1]);
                line.setMarker(SeriesMarkers.NONE);
                line.setLineColor(colour);
                line.setLineStyle(new BasicStroke(2.2f));
                added++;
            }
            if (means[0].length > 0) {
                XYSeries pts = chart.addSeries(codec + " settings", means[0], means[1]);
                pts.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                pts.setMarker(SeriesMarkers.CIRCLE);
                pts.setMarkerColor(colour);
                pts.setShowInLegend(curve[0].length <= 1);
                added++;
            }
        }
        if (added == 0) {
            XYSeries none = chart.addSeries("no lossy points", new double[]{0}, new double[]{0});
            none.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    static double[] grid() {
        double[] g = RdCurves.logGrid(0.02, MAX_BPP, 120);
        double[] all = new double[g.length + BenchSummary.TARGET_BPP.length];
        System.arraycopy(g, 0, all, 0, g.length);
        System.arraycopy(BenchSummary.TARGET_BPP, 0, all, g.length, BenchSummary.TARGET_BPP.length);
        java.util.Arrays.sort(all);
        return all;
    }

    /** Mean bpp and mean quality of each setting, over the images, within the plotted range. */
    static double[][] settingMeans(BenchSummary s, String codec, BenchSummary.Metric metric) {
        Map<String, double[]> acc = new LinkedHashMap<>();
        for (BenchPoint p : s.points()) {
            if (!p.codec().equals(codec)) continue;
            double[] a = acc.computeIfAbsent(p.setting(), k -> new double[3]);
            a[0] += p.bpp();
            a[1] += metric.value.applyAsDouble(p);
            a[2]++;
        }
        List<double[]> pts = new ArrayList<>();
        for (double[] a : acc.values()) {
            double x = a[0] / a[2], y = a[1] / a[2];
            if (x <= MAX_BPP && Double.isFinite(y)) pts.add(new double[]{x, y});
        }
        pts.sort((a, b) -> Double.compare(a[0], b[0]));
        double[][] r = new double[2][pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            r[0][i] = pts.get(i)[0];
            r[1][i] = pts.get(i)[1];
        }
        return r;
    }
}

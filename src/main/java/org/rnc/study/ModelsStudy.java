package org.rnc.study;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.rnc.bench.BenchPoint;
import org.rnc.bench.BenchRunner;
import org.rnc.bench.BenchSummary;
import org.rnc.bench.PointsCsv;
import org.rnc.bench.RdCurves;
import org.rnc.bench.StandardCodecs;
import org.rnc.imageio.RncImageWriteParam;
import org.rnc.model.CodecConfig;
import org.rnc.model.CodecModel;
import org.rnc.model.ModelRegistry;

/**
 * The recurrent-codec study's "Models 1-4" table (docs/models-1-4.md): each trained layout measured on a folder of
 * images with {@code rnc bench}'s code (RAW files, so every model is compared by its networks alone, without an
 * entropy model of its own), beside JPEG and JPEG 2000 from the same run, with the layout's cost; and a figure of
 * one crop coded by each model and by JPEG and JPEG 2000 at the same file size.
 */
public final class ModelsStudy {
    private ModelsStudy() {}

    /** MS-SSIM the study reports for its Models 1-4, JPEG and JPEG 2000 (rate and test set not given there). */
    static final double[] STUDY_MSSSIM = {0.794, 0.819, 0.823, 0.863};
    static final double STUDY_JPEG = 0.872, STUDY_JPEG2000 = 0.906;

    public static final class Options {
        public Path images, out;
        public List<String> models = List.of();
        public int iterations = 6, threads = 1;
        /** Image (file name without extension) and crop {x, y, size} of the figure; null: no figure. */
        public String figureImage;
        public int[] crop = {0, 0, 192};
        /** Measure again even where a model's points.csv is there from an earlier run. */
        public boolean remeasure;
        public String commandLine = "";
    }

    /** One model's row of the table. */
    public record Row(String model, CodecConfig config, long parameters, String steps, String cpuHours, double decodeMacs,
                      double decodeMsAt4, double[] msssim, double[] psnr) {}

    public static String run(Options o, PrintStream log) throws Exception {
        Files.createDirectories(o.out);
        List<Row> rows = new ArrayList<>();
        for (String m : o.models) {
            List<BenchPoint> pts = measure(o, "rnc-" + m, List.of("rnc"), m, log);
            CodecModel model = ModelRegistry.get(m);
            CodecConfig c = model.config();
            BenchSummary s = new BenchSummary(pts);
            double dec4 = pts.stream().filter(p -> p.setting().equals("it4")).mapToDouble(BenchPoint::decodeMs).average().orElse(Double.NaN);
            String cpu = model.property("training.cpuSeconds");
            rows.add(new Row(m, c, c.parameterCount(), String.valueOf(model.property("training.step")),
                    cpu == null ? "?" : String.format(Locale.ROOT, "%.2f", Double.parseDouble(cpu) / 3600), c.decoderMacsPerPixel(), dec4,
                    at(s, "rnc", BenchSummary.Metric.MSSSIM), at(s, "rnc", BenchSummary.Metric.PSNR)));
        }
        BenchSummary classic = new BenchSummary(measure(o, "classic", List.of("jpeg", "jpeg2000"), null, log));
        String table = table(rows, classic, o);
        if (o.figureImage != null) figure(o, log);
        Files.writeString(o.out.resolve("table.md"), table, StandardCharsets.UTF_8);
        return table;
    }

    /** The bench's points for these codecs, from an earlier run in {@code out/bench-NAME} unless asked to measure again. */
    private static List<BenchPoint> measure(Options o, String name, List<String> codecs, String model, PrintStream log) throws Exception {
        Path dir = o.out.resolve("bench-" + name), csv = dir.resolve("points.csv");
        if (!o.remeasure && Files.exists(csv)) {
            log.println("study: " + name + ": points from " + csv);
            return PointsCsv.read(csv);
        }
        log.println("study: measuring " + name);
        return BenchRunner.run(new BenchRunner.Options(o.images, dir, false, o.iterations, model, o.threads, codecs,
                o.commandLine), log).points();
    }

    private static double[] at(BenchSummary s, String codec, BenchSummary.Metric metric) {
        double[] v = new double[BenchSummary.THESIS_BPP.length];
        for (int i = 0; i < v.length; i++) {
            RdCurves.Mean m = s.meanAt(codec, metric, BenchSummary.THESIS_BPP[i]);
            v[i] = m.mean();
        }
        return v;
    }

    static String table(List<Row> rows, BenchSummary classic, Options o) {
        StringBuilder sb = new StringBuilder();
        sb.append("| model | cells at H/16 (encoder; the decoder mirrors them) | parameters | training steps | CPU-hours | decode multiply-adds per pixel per iteration | decode ms at 4 iterations | MS-SSIM @ 0.25 bpp | PSNR @ 0.25 | MS-SSIM @ 0.5 bpp | PSNR @ 0.5 | study's MS-SSIM |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            int[] e = r.config().encoderWidths();
            StringBuilder inner = new StringBuilder();
            for (int k = 3; k < e.length; k++) inner.append(k > 3 ? " -> " : "").append(e[k]);
            String study = r.model().matches(".*m[1-4]$")
                    ? String.format(Locale.ROOT, "%.3f", STUDY_MSSSIM[r.model().charAt(r.model().length() - 1) - '1']) : "";
            sb.append(String.format(Locale.ROOT, "| %s | %s | %,d | %s | %s | %,.0f | %.0f | %s | %s | %s | %s | %s |%n", r.model(), inner,
                    r.parameters(), r.steps(), r.cpuHours(), r.decodeMacs(), r.decodeMsAt4(), f4(r.msssim()[0]), f2(r.psnr()[0]),
                    f4(r.msssim()[1]), f2(r.psnr()[1]), study));
        }
        for (String c : List.of("jpeg", "jpeg2000")) {
            double[] ms = at(classic, c, BenchSummary.Metric.MSSSIM), ps = at(classic, c, BenchSummary.Metric.PSNR);
            sb.append(String.format(Locale.ROOT, "| %s | | | | | | | %s | %s | %s | %s | %.3f |%n", c.equals("jpeg") ? "JPEG" : "JPEG 2000",
                    f4(ms[0]), f2(ps[0]), f4(ms[1]), f2(ps[1]), c.equals("jpeg") ? STUDY_JPEG : STUDY_JPEG2000));
        }
        sb.append(String.format(Locale.ROOT, "%nRNC files RAW (no entropy model: every model is judged by its networks alone), "
                + "%d iterations measured per image and the mean curve interpolated at the rate; %d images of %s. "
                + "JPEG: %s. JPEG 2000: %s. — = not every image's curve reaches that rate.%n",
                o.iterations, classic.images().size(), o.images.getFileName(), new StandardCodecs.Jpeg().description(),
                new StandardCodecs.Jpeg2000().description()));
        return sb.toString();
    }

    private static String f4(double v) { return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.4f", v); }

    private static String f2(double v) { return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.2f", v); }

    /**
     * One crop of one image: the original, each model at 2 iterations (0.25 bpp RAW), JPEG and JPEG 2000 at the largest
     * setting whose file is no larger than the models' mean; labels give each file's size.
     */
    static void figure(Options o, PrintStream log) throws IOException {
        Path src = BenchRunner.listImages(o.images).stream().filter(p -> BenchRunner.imageName(p).equals(o.figureImage))
                .findFirst().orElseThrow(() -> new IOException("no image " + o.figureImage + " in " + o.images));
        BufferedImage original = BenchRunner.toRgb(ImageIO.read(src.toFile()));
        int x = o.crop[0], y = o.crop[1], size = o.crop[2];
        if (x < 0 || y < 0 || x + size > original.getWidth() || y + size > original.getHeight())
            throw new IllegalArgumentException("crop " + x + "," + y + "," + size + " is outside the " + original.getWidth() + "x" + original.getHeight() + " image");
        List<String> labels = new ArrayList<>();
        List<BufferedImage> tiles = new ArrayList<>();
        labels.add("original");
        tiles.add(original);
        long bytesSum = 0;
        for (String m : o.models) {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            ImageWriter w = ImageIO.getImageWritersByFormatName("rnc").next();
            try (ImageOutputStream out = new MemoryCacheImageOutputStream(bos)) {
                RncImageWriteParam p = (RncImageWriteParam) w.getDefaultWriteParam();
                p.setIterations(2);
                p.setAdaptiveRate(false); // the layouts compared at equal rate
                p.setSearchEffort(0); // and on their own encoders' codes
                p.setModelName(m);
                p.setEntropyCoding(false);
                w.setOutput(out);
                w.write(null, new IIOImage(original, null, null), p);
            } finally {
                w.dispose();
            }
            bytesSum += bos.size();
            labels.add(String.format(Locale.ROOT, "%s, %d B", m, bos.size()));
            tiles.add(ImageIO.read(new java.io.ByteArrayInputStream(bos.toByteArray())));
        }
        long budget = o.models.isEmpty() ? original.getWidth() * original.getHeight() / 32 : bytesSum / o.models.size();
        for (var codec : List.of(new StandardCodecs.Jpeg(), new StandardCodecs.Jpeg2000())) {
            byte[] best = null;
            for (String setting : codec.settings()) {
                byte[] f;
                try {
                    f = codec.encode(original, setting);
                } catch (IOException | RuntimeException tooLow) { // JJ2000 refuses rates below its headers
                    continue;
                }
                if (f.length <= budget && (best == null || f.length > best.length)) best = f;
            }
            if (best == null) {
                log.println("study: " + codec.name() + " has no setting within " + budget + " bytes; left out of the figure");
                continue;
            }
            labels.add(String.format(Locale.ROOT, "%s, %d B", codec.name().equals("jpeg") ? "JPEG" : "JPEG 2000", best.length));
            tiles.add(codec.decode(best));
        }
        int label = 18, pad = 4, n = tiles.size();
        BufferedImage fig = new BufferedImage(n * (size + pad) - pad, size + label, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = fig.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, fig.getWidth(), fig.getHeight());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.setColor(Color.BLACK);
            for (int i = 0; i < n; i++) {
                g.drawImage(tiles.get(i).getSubimage(x, y, size, size), i * (size + pad), 0, null);
                g.drawString(labels.get(i), i * (size + pad) + 2, size + label - 5);
            }
        } finally {
            g.dispose();
        }
        Path file = o.out.resolve("figure-" + o.figureImage + ".png");
        ImageIO.write(fig, "png", file.toFile());
        log.println("study: wrote " + file);
    }
}

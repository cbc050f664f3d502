package org.rnc.studio;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.rnc.bench.BenchRunner;
import org.rnc.bench.ImageIoCodec;
import org.rnc.bench.StandardCodecs;
import org.rnc.imageio.RncIO;
import org.rnc.metrics.ImageQuality;

/**
 * The Compare tab's work: encodes the original with RNC at a chosen iteration count, then finds the setting
 * of JPEG, JPEG 2000 and WebP whose file is nearest the RNC file's size ({@link SizeMatcher}), and measures
 * bpp, MSE, PSNR and MS-SSIM of each. RNC's per-iteration points and every probe of the others are kept as
 * rate-distortion curves for the Plots tab. Runs on a worker thread; {@link #requestStop()} ends it early.
 */
public final class CompareJob {
    public static final List<String> OTHER_CODECS = List.of("jpeg", "jpeg2000", "webp");
    /** MS-SSIM's five scales need at least this many pixels on the short side. */
    public static final int MS_SSIM_MIN_SIDE = 176;

    public static final class Options {
        public int iterations = 4;
        /** RNC model name; null: the default model. */
        public String model;
        public List<String> codecs = OTHER_CODECS;
        public int maxProbes = 9;
    }

    /** One codec's file beside the original. {@code error} is set (and the numbers NaN) when it failed. */
    public record Entry(String codec, String setting, String suffix, byte[] file, BufferedImage decoded, double bpp,
                        double mse, double psnr, double msssim, double encodeMs, String error) {
        public boolean ok() { return error == null; }

        public long bytes() { return file == null ? 0 : file.length; }

        /** One line for the tile's caption. */
        public String caption() {
            if (!ok()) return codec + ": " + error;
            return String.format(Locale.ROOT, "%s %s: %,d B, %.3f bpp, PSNR %s dB, MS-SSIM %s", codec, setting, bytes(), bpp,
                    Double.isInfinite(psnr) ? "inf" : String.format(Locale.ROOT, "%.2f", psnr),
                    Double.isNaN(msssim) ? "n/a" : String.format(Locale.ROOT, "%.4f", msssim));
        }
    }

    /** One rate-distortion point. */
    public record Point(double bpp, double psnr) {}

    public record Result(String image, BufferedImage original, List<Entry> entries, Map<String, List<Point>> curves,
                         boolean stopped) {
        public Entry entry(String codec) {
            for (Entry e : entries) if (e.codec().equals(codec)) return e;
            return null;
        }
    }

    public interface Progress {
        void update(double fraction, String what);
    }

    private final Options o;
    private final AtomicBoolean stop = new AtomicBoolean();
    private volatile ProgressiveDecode decoding;

    public CompareJob(Options o) {
        if (o.iterations < 1 || o.iterations > 64) throw new IllegalArgumentException("iterations " + o.iterations);
        this.o = o;
    }

    public void requestStop() {
        stop.set(true);
        ProgressiveDecode d = decoding;
        if (d != null) d.cancel();
    }

    public boolean stopRequested() { return stop.get(); }

    public static String suffix(String codec) {
        return switch (codec) {
            case "jpeg" -> "jpg";
            case "jpeg2000" -> "jp2";
            default -> codec;
        };
    }

    public Result run(BufferedImage input, String imageName, Progress progress) throws IOException {
        Progress p = progress != null ? progress : (f, w) -> {};
        BufferedImage original = BenchRunner.toRgb(input);
        double pixels = (double) original.getWidth() * original.getHeight();
        boolean ms = Math.min(original.getWidth(), original.getHeight()) >= MS_SSIM_MIN_SIDE;
        List<Entry> entries = new ArrayList<>();
        Map<String, List<Point>> curves = new LinkedHashMap<>();
        double steps = 2 + o.codecs.size();

        p.update(0, "RNC: encoding " + o.iterations + " iterations");
        long t0 = System.nanoTime();
        byte[] rnc = RncIO.encode(original, s -> {
            s.setIterations(o.iterations);
            if (o.model != null) s.setModelName(o.model);
        });
        double rncMs = (System.nanoTime() - t0) / 1e6;
        p.update(1 / steps, "RNC: decoding progressively");
        ProgressiveDecode dec = new ProgressiveDecode();
        decoding = dec;
        ProgressiveDecode.Result d;
        try {
            d = dec.decode(rnc, null);
        } finally {
            decoding = null;
        }
        if (d.aborted() || stop.get()) return new Result(imageName, original, entries, curves, true);
        List<Point> rncCurve = new ArrayList<>();
        for (int k = 1; k <= d.passes().size(); k++)
            rncCurve.add(new Point(d.info().bppAfter(k), ImageQuality.psnr(original, d.passes().get(k - 1))));
        curves.put("rnc", rncCurve);
        BufferedImage rncImg = d.last();
        entries.add(measured("rnc", "it" + o.iterations, "rnc", rnc, rncImg, original, pixels, ms, rncMs));

        int i = 0;
        for (String codec : o.codecs) {
            if (stop.get()) break;
            p.update((2 + i++) / steps, codec + ": matching " + String.format(Locale.ROOT, "%,d", rnc.length) + " bytes");
            try {
                entries.add(match(codec, original, rnc.length, pixels, ms, curves));
            } catch (Exception | LinkageError e) {
                entries.add(new Entry(codec, "", suffix(codec), null, null, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN, Errors.message(e)));
            }
        }
        p.update(1, stop.get() ? "stopped" : "done");
        return new Result(imageName, original, List.copyOf(entries), curves, stop.get());
    }

    private record Encoded(String setting, byte[] file, BufferedImage decoded, double encodeMs) {}

    private Entry match(String codec, BufferedImage original, long target, double pixels, boolean ms,
                        Map<String, List<Point>> curves) throws IOException {
        ImageIoCodec c;
        double lo, hi;
        boolean log;
        String prefix;
        double targetBpp = target * 8 / pixels;
        switch (codec) {
            case "jpeg" -> { c = new StandardCodecs.Jpeg(); lo = 0.01; hi = 1.0; log = false; prefix = "q"; }
            case "webp" -> { c = new StandardCodecs.Webp(); lo = 0.0; hi = 1.0; log = false; prefix = "q"; }
            case "jpeg2000" -> {
                c = new StandardCodecs.Jpeg2000();
                lo = Math.max(0.005, targetBpp / 8);
                hi = Math.min(24, targetBpp * 4);
                log = true;
                prefix = "bpp";
            }
            default -> throw new IllegalArgumentException("unknown codec '" + codec + "' (known: " + OTHER_CODECS + ")");
        }
        ImageIoCodec codecRef = c;
        SizeMatcher.Match<Encoded> m = SizeMatcher.match(param -> {
            String setting = prefix + String.format(Locale.ROOT, prefix.equals("q") ? "%.3f" : "%.4f", param);
            long s = System.nanoTime();
            byte[] f = codecRef.encode(original, setting);
            double encMs = (System.nanoTime() - s) / 1e6;
            BufferedImage back = codecRef.decode(f);
            return new Encoded(setting, f, back, encMs);
        }, e -> e.file().length, lo, hi, log, target, o.maxProbes, stop::get);
        if (m.best() == null) throw new IOException("stopped");
        List<Point> curve = new ArrayList<>();
        for (SizeMatcher.Probe<Encoded> pr : m.probes())
            curve.add(new Point(pr.bytes() * 8 / pixels, ImageQuality.psnr(original, pr.value().decoded())));
        curve.sort((a, b) -> Double.compare(a.bpp(), b.bpp()));
        curves.put(codec, curve);
        Encoded best = m.best().value();
        return measured(codec, best.setting(), suffix(codec), best.file(), best.decoded(), original, pixels, ms, best.encodeMs());
    }

    private static Entry measured(String codec, String setting, String suffix, byte[] file, BufferedImage decoded,
                                  BufferedImage original, double pixels, boolean ms, double encodeMs) {
        double mse = ImageQuality.mse(original, decoded) / (255.0 * 255.0); // 0..1 scale, like the study's
        return new Entry(codec, setting, suffix, file, decoded, file.length * 8 / pixels, mse, ImageQuality.psnr(original, decoded),
                ms ? ImageQuality.msSsim(original, decoded) : Double.NaN, encodeMs, null);
    }

    /** The Results tab's rows for a comparison (the codecs that ran). */
    public static List<RunResult> rows(Result r) {
        List<RunResult> out = new ArrayList<>();
        for (Entry e : r.entries())
            if (e.ok()) out.add(new RunResult(e.codec(), r.image(), e.setting(), e.bpp(), e.mse(), e.psnr(), e.msssim(),
                    e.encodeMs() / 1000));
        return out;
    }
}

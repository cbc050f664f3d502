package org.rnc.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The tables of {@code summary.md} and {@code report.md}, computed from the points alone: mean curves at
 * common bit rates ({@link RdCurves}), the 0.25 / 0.5 bpp table, BD-rates against JPEG ({@link BdRate}) and
 * speed at comparable bit rates.
 */
public final class BenchSummary {
    public static final double[] TARGET_BPP = {0.125, 0.25, 0.5, 0.75, 1.0};
    public static final double[] THESIS_BPP = {0.25, 0.5};
    public static final double SPEED_BPP = 0.5;
    public static final List<String> CODEC_ORDER = List.of("rnc", "rnc-adaptive", "rnc-adaptive-nopost", "rnc-adaptive-nofilter", "rnc-search",
            "rnc-adaptive-search", "rnc-adaptive-search-fast", "jpeg", "jpeg2000", "webp", "png");
    public static final String REFERENCE = "jpeg";
    static final String NA = "—";

    /** A quality measure of a point. */
    public enum Metric {
        PSNR("PSNR (dB)", BenchPoint::psnr),
        MSSSIM("MS-SSIM", BenchPoint::msssim),
        MSSSIM_DB("MS-SSIM (dB)", BenchPoint::msssimDb);

        public final String label;
        public final ToDoubleFunction<BenchPoint> value;

        Metric(String label, ToDoubleFunction<BenchPoint> value) {
            this.label = label;
            this.value = value;
        }
    }

    /** BD-rate of one codec against the reference: mean over the images where it is defined. */
    public record Bd(double mean, Map<String, Double> perImage, Map<String, String> whyUndefined, int defined, int images) {}

    /** Speed of one codec over the images at the setting nearest a bit rate (or at one setting). */
    public record Speed(String codec, String settings, double meanBpp, double encodeMpps, double decodeMpps,
                        double medianEncodeMs, double medianDecodeMs, int images) {}

    private final List<BenchPoint> points;
    private final List<String> images, codecs;

    public BenchSummary(List<BenchPoint> points) {
        this.points = List.copyOf(points);
        LinkedHashSet<String> imgs = new LinkedHashSet<>(), cs = new LinkedHashSet<>();
        for (BenchPoint p : points) {
            imgs.add(p.image());
            cs.add(p.codec());
        }
        images = List.copyOf(imgs);
        List<String> ordered = new ArrayList<>();
        for (String c : CODEC_ORDER) if (cs.contains(c)) ordered.add(c);
        for (String c : cs) if (!ordered.contains(c)) ordered.add(c);
        codecs = List.copyOf(ordered);
    }

    public List<BenchPoint> points() { return points; }

    public List<String> images() { return images; }

    /** Codecs with points, in the report's order. */
    public List<String> codecs() { return codecs; }

    /** Codecs with a curve (more than one setting): every one but PNG. */
    public List<String> lossyCodecs() {
        return codecs.stream().filter(c -> !c.equals("png")).toList();
    }

    public RdCurves.Mean meanAt(String codec, Metric metric, double bpp) {
        return RdCurves.mean(RdCurves.byImage(points, codec), images, metric.value, bpp);
    }

    /** Mean curve of a codec on a log grid: {bpp[], value[]} where every image is covered. */
    public double[][] meanCurve(String codec, Metric metric, double[] grid) {
        return RdCurves.meanCurve(RdCurves.byImage(points, codec), images, metric.value, grid);
    }

    /** BD-rate (percent) of {@code codec} against JPEG, per image then averaged; MS-SSIM is taken in dB. */
    public Bd bdRate(String codec, Metric metric) {
        return bdRate(codec, REFERENCE, metric);
    }

    /** BD-rate (percent) of {@code codec} against {@code reference}, per image then averaged. */
    public Bd bdRate(String codec, String reference, Metric metric) {
        Map<String, List<BenchPoint>> ref = RdCurves.byImage(points, reference), test = RdCurves.byImage(points, codec);
        Map<String, Double> per = new LinkedHashMap<>();
        Map<String, String> why = new LinkedHashMap<>();
        double sum = 0;
        int n = 0;
        for (String img : images) {
            List<BenchPoint> r = ref.get(img), t = test.get(img);
            double v = Double.NaN;
            if (r != null && t != null) {
                double[] rr = r.stream().mapToDouble(BenchPoint::bpp).toArray(), rq = r.stream().mapToDouble(metric.value).toArray();
                double[] tr = t.stream().mapToDouble(BenchPoint::bpp).toArray(), tq = t.stream().mapToDouble(metric.value).toArray();
                v = BdRate.percent(rr, rq, tr, tq);
                if (!Double.isFinite(v)) why.put(img, BdRate.undefinedReason(rr, rq, tr, tq));
            } else why.put(img, r == null ? "no " + reference + " points" : "no points");
            per.put(img, v);
            if (Double.isFinite(v)) {
                sum += v;
                n++;
            }
        }
        return new Bd(n > 0 ? sum / n : Double.NaN, per, why, n, images.size());
    }

    /** Speed over the images, each at its point nearest {@code bpp} in log(bpp). */
    public Speed speedNear(String codec, double bpp) {
        List<BenchPoint> chosen = new ArrayList<>();
        for (List<BenchPoint> curve : RdCurves.byImage(points, codec).values()) {
            BenchPoint best = null;
            for (BenchPoint p : curve)
                if (p.bpp() > 0 && (best == null || Math.abs(Math.log(p.bpp() / bpp)) < Math.abs(Math.log(best.bpp() / bpp))))
                    best = p;
            if (best != null) chosen.add(best);
        }
        return speed(codec, chosen);
    }

    /** RNC's speed at each iteration count. */
    public List<Speed> speedPerSetting(String codec) {
        Map<String, List<BenchPoint>> bySetting = new LinkedHashMap<>();
        for (BenchPoint p : points) if (p.codec().equals(codec)) bySetting.computeIfAbsent(p.setting(), k -> new ArrayList<>()).add(p);
        List<Speed> out = new ArrayList<>();
        for (List<BenchPoint> l : bySetting.values()) out.add(speed(codec, l));
        return out;
    }

    /** Medians over the images, so that one descheduled call does not move the figure. */
    static Speed speed(String codec, List<BenchPoint> chosen) {
        int n = chosen.size();
        double[] encRate = new double[n], decRate = new double[n], enc = new double[n], dec = new double[n];
        double bpp = 0;
        LinkedHashSet<String> settings = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            BenchPoint p = chosen.get(i);
            encRate[i] = p.pixels() / 1e3 / p.encodeMs();
            decRate[i] = p.pixels() / 1e3 / p.decodeMs();
            enc[i] = p.encodeMs();
            dec[i] = p.decodeMs();
            bpp += p.bpp();
            settings.add(p.setting());
        }
        String s = settings.size() <= 3 ? String.join(", ", settings) : settings.size() + " settings";
        return new Speed(codec, s, n > 0 ? bpp / n : Double.NaN, median(encRate), median(decRate), median(enc),
                median(dec), n);
    }

    static double median(double[] v) {
        double[] f = java.util.Arrays.stream(v).filter(Double::isFinite).sorted().toArray();
        if (f.length == 0) return Double.NaN;
        return f.length % 2 == 1 ? f[f.length / 2] : (f[f.length / 2 - 1] + f[f.length / 2]) / 2;
    }

    // ---------------------------------------------------------------- Markdown

    /** {@code summary.md}: curves at common bit rates, the 0.25 / 0.5 bpp table, BD-rates, lossless size. */
    public String summaryMarkdown(Map<String, String> unavailable) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Benchmark summary\n\n");
        sb.append(String.format(Locale.ROOT, "%d images: %s. Codecs measured: %s.%n%n", images.size(),
                abbreviate(images), String.join(", ", codecs)));
        appendUnavailable(sb, unavailable);
        appendRdSections(sb, "##");
        return sb.toString();
    }

    static void appendUnavailable(StringBuilder sb, Map<String, String> unavailable) {
        if (unavailable == null || unavailable.isEmpty()) return;
        sb.append("**Not measured** (the codec could not run here, so it has no points):\n\n");
        unavailable.forEach((c, why) -> sb.append("- `").append(c).append("`: ").append(why).append('\n'));
        sb.append('\n');
    }

    void appendRdSections(StringBuilder sb, String h) {
        List<String> lossy = lossyCodecs();
        sb.append(h).append(" Mean rate-distortion curves at common bit rates\n\n");
        sb.append("Each image's curve is interpolated linearly in log(bpp) between its measured points, then the values are "
                + "averaged over the images. bpp counts the whole file over the original's pixels. " + NA
                + " = not every image's curve reaches that rate (nothing is extrapolated).\n\n");
        sb.append("| codec | metric |");
        for (double b : TARGET_BPP) sb.append(String.format(Locale.ROOT, " %s bpp |", trim(b)));
        sb.append("\n|---|---|");
        for (int i = 0; i < TARGET_BPP.length; i++) sb.append("---:|");
        sb.append('\n');
        for (String c : lossy)
            for (Metric m : new Metric[]{Metric.MSSSIM, Metric.PSNR}) {
                sb.append("| ").append(c).append(" | ").append(m.label).append(" |");
                for (double b : TARGET_BPP) sb.append(' ').append(fmt(meanAt(c, m, b), m)).append(" |");
                sb.append('\n');
            }
        sb.append('\n');

        sb.append(h).append(" Quality at 0.25 and 0.5 bpp\n\n");
        sb.append("| codec | MS-SSIM @ 0.25 bpp | PSNR @ 0.25 bpp | MS-SSIM @ 0.5 bpp | PSNR @ 0.5 bpp |\n");
        sb.append("|---|---:|---:|---:|---:|\n");
        for (String c : lossy) {
            sb.append("| ").append(c).append(" |");
            for (double b : THESIS_BPP)
                sb.append(' ').append(fmt(meanAt(c, Metric.MSSSIM, b), Metric.MSSSIM)).append(" | ")
                        .append(fmt(meanAt(c, Metric.PSNR, b), Metric.PSNR)).append(" |");
            sb.append('\n');
        }
        sb.append('\n');

        appendRncPerIteration(sb, h);

        sb.append(h).append(" BD-rate against JPEG\n\n");
        if (!codecs.contains(REFERENCE)) {
            sb.append("No JPEG points, so no BD-rates.\n\n");
        } else {
            sb.append("Bjontegaard-delta rate: cubic fit of log(rate) against quality for each curve, integrated over the "
                    + "quality range both curves cover; computed per image and averaged over the images where the "
                    + "ranges overlap. Negative = fewer bits than JPEG for the same quality. MS-SSIM is taken in dB, "
                    + "-10 log10(1 - MS-SSIM).\n\n");
            sb.append("| codec | BD-rate, MS-SSIM (dB) | BD-rate, PSNR | images |\n|---|---:|---:|---:|\n");
            List<String> notes = new ArrayList<>();
            for (String c : lossy) {
                if (c.equals(REFERENCE)) {
                    sb.append("| jpeg | 0 (reference) | 0 (reference) | ").append(images.size()).append(" |\n");
                    continue;
                }
                Bd ms = bdRate(c, Metric.MSSSIM_DB), ps = bdRate(c, Metric.PSNR);
                sb.append("| ").append(c).append(" | ").append(pct(ms.mean())).append(" | ").append(pct(ps.mean()))
                        .append(" | ").append(imagesCell(ms, ps)).append(" |\n");
                for (Bd b : List.of(ms, ps))
                    if (!b.whyUndefined().isEmpty()) notes.add(String.format(Locale.ROOT, "%s, %s: n/a for %d of %d images: %s",
                            c, b == ms ? "MS-SSIM" : "PSNR", b.whyUndefined().size(), images.size(),
                            abbreviateReasons(b.whyUndefined())));
            }
            sb.append('\n');
            for (String note : notes) sb.append("- ").append(note).append('\n');
            if (!notes.isEmpty()) sb.append('\n');
        }
        appendHeadToHead(sb, h, lossy);

        if (codecs.contains("png")) {
            List<BenchPoint> png = points.stream().filter(p -> p.codec().equals("png")).toList();
            double bpp = png.stream().mapToDouble(BenchPoint::bpp).average().orElse(Double.NaN);
            long lossless = png.stream().filter(p -> p.psnr() == Double.POSITIVE_INFINITY).count();
            sb.append(h).append(" Lossless\n\n");
            sb.append(String.format(Locale.ROOT, "PNG (JDK writer, default settings): mean %.3f bpp over %d images "
                    + "(%d of them decoded bit-exact).%n%n", bpp, png.size(), lossless));
        }
    }

    /** How many images a pair of BD-rates is defined on: "n/N", or "m / n of N" when they differ. */
    private String imagesCell(Bd ms, Bd ps) {
        return ms.defined() == ps.defined() ? ms.defined() + "/" + images.size()
                : ms.defined() + " / " + ps.defined() + " of " + images.size();
    }

    /** Classical codecs RNC is compared with head to head. */
    static final List<String> RIVALS = List.of("jpeg2000", "webp");

    /**
     * RNC's codecs against JPEG 2000 and WebP directly. A BD-rate against JPEG averages over the quality range a codec
     * shares with JPEG, and RNC's range ends lower than theirs, so two codecs' BD-rates against JPEG do not rank them.
     */
    private void appendHeadToHead(StringBuilder sb, String h, List<String> lossy) {
        List<String> rivals = RIVALS.stream().filter(lossy::contains).toList();
        List<String> rnc = lossy.stream().filter(c -> c.startsWith("rnc")).toList();
        if (rivals.isEmpty() || rnc.isEmpty()) return;
        sb.append(h).append(" Head to head\n\n");
        sb.append("Each codec's BD-rate against JPEG is averaged over the quality range it shares with JPEG, and those "
                + "ranges differ (RNC's ends lower), so they do not rank the codecs against each other. Here RNC against "
                + "each other codec directly, over the range the two share; positive = RNC needs more bits.\n\n");
        sb.append("| codec | against | BD-rate, MS-SSIM (dB) | BD-rate, PSNR | images |\n|---|---|---:|---:|---:|\n");
        for (String c : rnc)
            for (String r : rivals) {
                Bd ms = bdRate(c, r, Metric.MSSSIM_DB), ps = bdRate(c, r, Metric.PSNR);
                sb.append("| ").append(c).append(" | ").append(r).append(" | ").append(pct(ms.mean())).append(" | ")
                        .append(pct(ps.mean())).append(" | ").append(imagesCell(ms, ps)).append(" |\n");
            }
        sb.append('\n');
    }

    /** {@code report.md}: the summary plus plots, per-image BD-rates, speed, memory and the run's conditions. */
    public String reportMarkdown(RunInfo info) {
        StringBuilder sb = new StringBuilder();
        sb.append("# RNC benchmark report\n\n");
        sb.append("```\n").append(info.command()).append("\n```\n\n");
        sb.append(String.format(Locale.ROOT, "- started %s, wall time %.1f s%n", info.started(), info.wallSeconds()));
        sb.append(String.format(Locale.ROOT, "- images: %d from `%s` (%s)%n", images.size(), info.imagesDir(), abbreviate(images)));
        sb.append(String.format(Locale.ROOT, "- RNC: model `%s`, iterations 1..%d%n", info.model(), info.iterations()));
        sb.append(String.format(Locale.ROOT, "- machine: %d cores, %s, %s; %d worker threads over images%s%n", info.cores(),
                info.java(), info.os(), info.threads(),
                info.loadAverage() >= 0 ? String.format(Locale.ROOT, "; load average %.2f at the start", info.loadAverage()) : ""));
        sb.append("- outputs: [points.csv](points.csv), [summary.md](summary.md), [rd-msssim.png](rd-msssim.png), "
                + "[rd-psnr.png](rd-psnr.png)\n\n");

        sb.append("## Codecs\n\n| codec | what is measured |\n|---|---|\n");
        info.codecs().forEach((c, d) -> sb.append("| ").append(c).append(" | ").append(d.replace("|", "\\|")).append(" |\n"));
        info.unavailable().forEach((c, d) -> sb.append("| ").append(c).append(" | **not measured**: ")
                .append(d.replace("|", "\\|")).append(" |\n"));
        sb.append('\n');

        sb.append("## Rate-distortion\n\n");
        sb.append("![MS-SSIM against bpp](rd-msssim.png)\n\n![PSNR against bpp](rd-psnr.png)\n\n");
        sb.append("Lines: the mean over the images of each image's curve interpolated in log(bpp), drawn where every "
                + "image's curve reaches. Dots: per-setting means (mean bpp, mean quality of one quality setting, "
                + "target rate or iteration count). PNG (lossless) is off these axes.\n\n");
        appendRdSections(sb, "###");

        if (codecs.contains(REFERENCE) && lossyCodecs().size() > 1) {
            sb.append("### BD-rate against JPEG per image\n\n| image |");
            List<String> others = lossyCodecs().stream().filter(c -> !c.equals(REFERENCE)).toList();
            for (String c : others) sb.append(' ').append(c).append(" MS-SSIM | ").append(c).append(" PSNR |");
            sb.append("\n|---|");
            for (int i = 0; i < others.size(); i++) sb.append("---:|---:|");
            sb.append('\n');
            Map<String, Bd> ms = new LinkedHashMap<>(), ps = new LinkedHashMap<>();
            for (String c : others) {
                ms.put(c, bdRate(c, Metric.MSSSIM_DB));
                ps.put(c, bdRate(c, Metric.PSNR));
            }
            for (String img : images) {
                sb.append("| ").append(img).append(" |");
                for (String c : others)
                    sb.append(' ').append(pct(ms.get(c).perImage().get(img))).append(" | ")
                            .append(pct(ps.get(c).perImage().get(img))).append(" |");
                sb.append('\n');
            }
            sb.append('\n');
        }

        appendSpeed(sb, info);

        sb.append("## Memory\n\n");
        sb.append(String.format(Locale.ROOT, "- peak Java heap used: %s (maximum heap %s)%n", mib(info.peakHeapBytes()),
                mib(info.maxHeapBytes())));
        sb.append("- peak resident set of the process (TensorFlow's native memory included): "
                + (info.peakRssBytes() > 0 ? mib(info.peakRssBytes()) : "unknown on this OS") + "\n\n");

        if (!info.errors().isEmpty()) {
            sb.append("## Failed measurements\n\n");
            for (String e : info.errors()) sb.append("- ").append(e).append('\n');
            sb.append('\n');
        }
        return sb.toString();
    }

    /** RNC's own points: mean bpp, PSNR and MS-SSIM at each iteration count, over the images that have it. */
    void appendRncPerIteration(StringBuilder sb, String h) {
        Map<Integer, List<BenchPoint>> byIt = new java.util.TreeMap<>();
        for (BenchPoint p : points)
            if (p.codec().equals("rnc") && p.setting().startsWith("it"))
                byIt.computeIfAbsent(Integer.parseInt(p.setting().substring(2)), k -> new ArrayList<>()).add(p);
        if (byIt.isEmpty()) return;
        sb.append(h).append(" RNC per iteration\n\n");
        sb.append("Means over the images of each iteration count's points (whole-file bpp).\n\n");
        sb.append("| iterations | images | mean bpp | PSNR (dB) | MS-SSIM |\n|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<Integer, List<BenchPoint>> e : byIt.entrySet()) {
            List<BenchPoint> l = e.getValue();
            double bpp = l.stream().mapToDouble(BenchPoint::bpp).average().orElse(Double.NaN);
            double psnr = l.stream().mapToDouble(BenchPoint::psnr).average().orElse(Double.NaN);
            double ms = l.stream().mapToDouble(BenchPoint::msssim).average().orElse(Double.NaN);
            sb.append(String.format(Locale.ROOT, "| %d | %d | %.4f | %.2f | %.4f |%n", e.getKey(), l.size(), bpp, psnr, ms));
        }
        sb.append('\n');
    }

    void appendSpeed(StringBuilder sb, RunInfo info) {
        sb.append("## Speed\n\n");
        sb.append(String.format(Locale.ROOT, "Megapixels (of the original) per second, wall clock, in memory (no disk), each "
                + "image at the setting whose bpp is nearest %s bpp; MP/s and ms are medians over the images. %d worker threads shared %d cores, so these are "
                + "throughputs under that load, comparable within this run. Calls under %.0f ms were repeated %d times "
                + "and the median kept; each codec was warmed up first. RNC's time at k iterations is the time to the "
                + "end of iteration k in one encode (decode), which is what a k-iteration write (read) does.%n%n",
                trim(SPEED_BPP), info.threads(), info.cores(), ImageIoCodec.REPEAT_BELOW_MS, ImageIoCodec.REPEATS));
        sb.append("| codec | settings | mean bpp | encode MP/s | decode MP/s | encode ms | decode ms |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|\n");
        Map<String, Speed> at = new LinkedHashMap<>();
        for (String c : codecs) {
            Speed s = speedNear(c, SPEED_BPP);
            at.put(c, s);
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %s | %s | %.1f | %.1f |%n", c, s.settings(), s.meanBpp(),
                    mpps(s.encodeMpps()), mpps(s.decodeMpps()), s.medianEncodeMs(), s.medianDecodeMs()));
        }
        sb.append('\n');
        Speed rnc = at.get("rnc");
        if (rnc != null) {
            for (String ref : List.of("jpeg", "jpeg2000")) {
                Speed r = at.get(ref);
                if (r == null) continue;
                sb.append(String.format(Locale.ROOT, "- RNC / %s speed ratio near %s bpp: encode %s (RNC %s), decode %s (RNC %s)%n",
                        ref, trim(SPEED_BPP), ratio(rnc.encodeMpps() / r.encodeMpps()),
                        slower(rnc.encodeMpps(), r.encodeMpps()), ratio(rnc.decodeMpps() / r.decodeMpps()),
                        slower(rnc.decodeMpps(), r.decodeMpps())));
            }
            sb.append("\nRNC per iteration count:\n\n");
            sb.append("| iterations | mean bpp | encode MP/s | decode MP/s | encode ms | decode ms |\n");
            sb.append("|---:|---:|---:|---:|---:|---:|\n");
            for (Speed s : speedPerSetting("rnc"))
                sb.append(String.format(Locale.ROOT, "| %s | %.3f | %s | %s | %.1f | %.1f |%n", s.settings().replace("it", ""),
                        s.meanBpp(), mpps(s.encodeMpps()), mpps(s.decodeMpps()), s.medianEncodeMs(), s.medianDecodeMs()));
            sb.append('\n');
        }
    }

    // ---------------------------------------------------------------- formatting

    static String fmt(RdCurves.Mean m, Metric metric) {
        if (!m.defined()) return NA;
        return String.format(Locale.ROOT, metric == Metric.MSSSIM ? "%.4f" : "%.2f", m.mean());
    }

    static String pct(Double v) {
        if (v == null || !Double.isFinite(v)) return "n/a";
        return String.format(Locale.ROOT, "%+.1f %%", v);
    }

    static String mpps(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, v >= 10 ? "%.1f" : v >= 0.1 ? "%.2f" : "%.4f", v) : "n/a";
    }

    static String ratio(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, v >= 0.1 ? "%.2f" : "%.4f", v) : "n/a";
    }

    static String slower(double a, double b) {
        if (!Double.isFinite(a) || !Double.isFinite(b) || a <= 0 || b <= 0) return "n/a";
        return a < b ? String.format(Locale.ROOT, "%.1fx slower", b / a) : String.format(Locale.ROOT, "%.1fx faster", a / b);
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
    }

    static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.4f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s + "0" : s;
    }

    /** "image: reason" for a few images, distinct reasons once. */
    static String abbreviateReasons(Map<String, String> why) {
        Map<String, List<String>> byReason = new LinkedHashMap<>();
        why.forEach((img, r) -> byReason.computeIfAbsent(r, k -> new ArrayList<>()).add(img));
        List<String> parts = new ArrayList<>();
        byReason.forEach((r, imgs) -> parts.add(abbreviate(imgs) + ": " + r));
        return String.join("; ", parts);
    }

    static String abbreviate(List<String> names) {
        return names.size() <= 6 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 3)) + ", ..., " + names.get(names.size() - 1);
    }
}

package org.rnc.bench;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.rnc.model.ModelRegistry;

/**
 * {@code rnc bench}: every image of a folder through every codec, then points.csv, summary.md, the RD plots
 * and report.md. Images are spread over a small thread pool; each image's measurements are made by one
 * thread and the points are written in a fixed order (images sorted by name, codecs, settings), so the
 * metrics and the files do not depend on the scheduling (only the times do).
 */
public final class BenchRunner {
    private BenchRunner() {}

    public static final List<String> ALL_CODECS = List.of("rnc", "rnc-adaptive", "rnc-adaptive-nopost", "rnc-adaptive-nofilter", "rnc-search",
            "rnc-adaptive-search", "rnc-adaptive-search-fast", "jpeg", "jpeg2000", "webp", "png");

    /** What {@code rnc bench} was asked to do. */
    public record Options(Path images, Path out, boolean keepDecoded, int iterations, String model, int threads,
                          List<String> codecs, String commandLine) {}

    /** What a run produced. */
    public record Outcome(List<BenchPoint> points, BenchSummary summary, RunInfo info) {}

    public static List<BenchCodec> codecs(Options o) {
        List<BenchCodec> out = new ArrayList<>();
        for (String c : o.codecs()) {
            out.add(switch (c) {
                case "rnc" -> new RncBenchCodec(o.iterations(), o.model());
                case "rnc-adaptive" -> new RncAdaptiveBenchCodec(o.iterations(), o.model(), true, true);
                case "rnc-adaptive-nopost" -> new RncAdaptiveBenchCodec(o.iterations(), o.model(), true, false);
                case "rnc-adaptive-nofilter" -> new RncAdaptiveBenchCodec(o.iterations(), o.model(), false, false);
                case "rnc-search" -> new RncSearchBenchCodec(o.iterations(), o.model(), false, 2);
                case "rnc-adaptive-search" -> new RncSearchBenchCodec(o.iterations(), o.model(), true, 2);
                case "rnc-adaptive-search-fast" -> new RncSearchBenchCodec(o.iterations(), o.model(), true, 1);
                case "jpeg" -> new StandardCodecs.Jpeg();
                case "jpeg2000" -> new StandardCodecs.Jpeg2000();
                case "webp" -> new StandardCodecs.Webp();
                case "png" -> new StandardCodecs.Png();
                default -> throw new IllegalArgumentException("unknown codec '" + c + "' (known: " + ALL_CODECS + ")");
            });
        }
        return out;
    }

    public static List<Path> listImages(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p)
                            && p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(png|jpg|jpeg|bmp)"))
                    .sorted().toList();
        }
    }

    public static String imageName(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** 8-bit RGB copy (alpha dropped) unless the image already is 3-byte BGR. */
    public static BufferedImage toRgb(BufferedImage img) {
        if (img.getType() == BufferedImage.TYPE_3BYTE_BGR) return img;
        int w = img.getWidth(), h = img.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        return out;
    }

    public static Outcome run(Options o, PrintStream log) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        double load = os.getSystemLoadAverage();
        List<Path> files = listImages(o.images());
        if (files.isEmpty()) throw new IOException("no png/jpg/bmp images in " + o.images());
        Files.createDirectories(o.out());
        PeakHeap heap = new PeakHeap();

        // Probe every codec: one that cannot run here is reported, not faked.
        List<BenchCodec> codecs = new ArrayList<>();
        Map<String, String> described = new LinkedHashMap<>(), unavailable = new LinkedHashMap<>();
        for (BenchCodec c : codecs(o)) {
            try {
                c.probe();
                codecs.add(c);
                described.put(c.name(), c.description());
            } catch (Exception | LinkageError e) {
                String why = reason(e);
                unavailable.put(c.name(), why);
                log.println("bench: " + c.name() + " is not available here and is left out: " + why);
            }
        }
        if (codecs.isEmpty()) throw new IOException("no codec can run here: " + unavailable);

        // Warm up (JIT, native libraries, the model) on the first image so the first timings are not cold.
        log.println("bench: " + files.size() + " images, codecs " + codecs.stream().map(BenchCodec::name).toList()
                + ", " + o.threads() + " threads; warming up");
        BufferedImage first = toRgb(read(files.get(0)));
        for (BenchCodec c : codecs) {
            try {
                warmUp(c, first, o);
            } catch (Exception | LinkageError e) {
                log.println("bench: warm-up of " + c.name() + " failed: " + reason(e));
            }
        }

        long perImage = codecs.stream().mapToLong(BenchCodec::settingCount).sum();
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        List<List<BenchPoint>> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, o.threads()), r -> {
            Thread t = new Thread(r, "bench-worker");
            t.setDaemon(true);
            return t;
        });
        try (ProgressBar bar = ProgressBar.onStderr(perImage * files.size())) {
            List<Future<List<BenchPoint>>> futures = new ArrayList<>();
            for (Path f : files) futures.add(pool.submit(() -> measureImage(f, codecs, o, bar, errors)));
            for (Future<List<BenchPoint>> fu : futures) {
                try {
                    results.add(fu.get());
                } catch (ExecutionException e) {
                    errors.add(reason(e.getCause()));
                    results.add(List.of());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        List<BenchPoint> points = new ArrayList<>();
        results.forEach(points::addAll);
        heap.close();

        PointsCsv.write(points, o.out().resolve("points.csv"));
        BenchSummary summary = new BenchSummary(points);
        Files.writeString(o.out().resolve("summary.md"), summary.summaryMarkdown(unavailable), StandardCharsets.UTF_8);
        try {
            RdPlots.write(summary, o.out());
        } catch (Exception | LinkageError e) {
            errors.add("plots: " + reason(e));
            log.println("bench: could not draw the plots: " + reason(e));
        }
        String model = o.model() != null ? o.model() : ModelRegistry.defaultModelName();
        RunInfo info = new RunInfo(o.commandLine(), o.images().toString(), o.iterations(), model, o.threads(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), started.toString(),
                (System.nanoTime() - t0) / 1e9, load, Runtime.getRuntime().maxMemory(), heap.peak(), peakRss(),
                described, unavailable, List.copyOf(errors));
        Files.writeString(o.out().resolve("report.md"), summary.reportMarkdown(info), StandardCharsets.UTF_8);
        return new Outcome(points, summary, info);
    }

    static BufferedImage read(Path f) throws IOException {
        BufferedImage img = ImageIO.read(f.toFile());
        if (img == null) throw new IOException("not a readable image: " + f);
        return img;
    }

    static void warmUp(BenchCodec c, BufferedImage img, Options o) throws IOException {
        if (c instanceof ImageIoCodec io) {
            String s = io.settings().get(io.settings().size() / 2);
            for (int i = 0; i < 3; i++) io.decode(io.encode(img, s));
        } else if (c instanceof RncBenchCodec || c instanceof RncAdaptiveBenchCodec || c instanceof RncSearchBenchCodec) {
            RncEvaluation.evaluateTimed(img, 1, o.model(), false);
        }
    }

    static List<BenchPoint> measureImage(Path f, List<BenchCodec> codecs, Options o, ProgressBar bar, List<String> errors)
            throws IOException {
        String name = imageName(f);
        BufferedImage img = toRgb(read(f));
        double pixels = (double) img.getWidth() * img.getHeight();
        List<BenchPoint> out = new ArrayList<>();
        for (BenchCodec c : codecs) {
            bar.note(name + " " + c.name());
            AtomicLong counted = new AtomicLong();
            try {
                for (BenchCodec.Result r : c.measure(img, o.keepDecoded(), n -> {
                    counted.addAndGet(n);
                    bar.advance(n);
                }, why -> errors.add(c.name() + " " + name + " " + why))) {
                    out.add(new BenchPoint(c.name(), r.setting(), name, r.bytes(), r.bytes() * 8 / pixels, r.psnr(),
                            r.msssim(), r.encodeMs(), r.decodeMs()));
                    if (r.decoded() != null)
                        ImageIO.write(r.decoded(), "png", o.out().resolve(name + "." + c.name() + "." + r.setting() + ".png").toFile());
                }
            } catch (Exception | LinkageError e) {
                errors.add(c.name() + " " + name + ": " + reason(e));
            }
            bar.advance(c.settingCount() - counted.get());
        }
        bar.note(null);
        return out;
    }

    static String reason(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 400; t = t.getCause() == t ? null : t.getCause()) {
            if (sb.length() > 0) sb.append(" <- ");
            sb.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) sb.append(": ").append(t.getMessage().replace('\n', ' '));
        }
        return sb.toString();
    }

    /** Peak resident set (VmHWM) of this process in bytes, -1 where /proc is not there. */
    static long peakRss() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status")))
                if (l.startsWith("VmHWM:")) return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    /** Largest used heap, sampled every 50 ms. */
    static final class PeakHeap implements AutoCloseable {
        private final AtomicLong peak = new AtomicLong();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-heap");
            t.setDaemon(true);
            return t;
        });

        PeakHeap() {
            timer.scheduleAtFixedRate(this::sample, 0, 50, TimeUnit.MILLISECONDS);
        }

        void sample() {
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            peak.accumulateAndGet(used, Math::max);
        }

        long peak() {
            sample();
            return peak.get();
        }

        @Override
        public void close() {
            sample();
            timer.shutdownNow();
        }
    }
}

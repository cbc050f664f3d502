package org.rnc.spark;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.apache.spark.sql.SparkSession;

/**
 * {@code rnc-spark bench --in DIR}: the same transcode at each master (default local[1], then local[2]), each in a
 * JVM of its own (one TensorFlow thread per call, one inter-op thread per task slot: a JVM's tasks share its loaded
 * model and so its pools), into a fresh folder; models loaded and one job run on two tiny images before the timed run
 * (a JVM's first job pays Spark's class loading and code generation, once per executor in a long job). Prints images per second, the speed-up over
 * the first master, and the task time per image from the report.
 */
final class Bench {
    private Bench() {}

    /** What Spark needs opened on Java 17 (the jar's manifest gives them to java -jar; a child JVM gets them here). */
    private static final String[] OPENS = {"java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net",
            "java.nio", "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "jdk.internal.ref",
            "sun.nio.ch", "sun.nio.cs", "sun.security.action", "sun.util.calendar"};

    static void main(String[] args) throws Exception {
        Main.Parsed p = Main.parse(args);
        String masters = "local[1],local[2]";
        List<String> rest = p.rest();
        if (rest.size() == 2 && rest.get(0).equals("--masters")) masters = rest.get(1);
        else if (!rest.isEmpty()) throw new IllegalArgumentException("unknown option " + rest.get(0));
        if (p.options().in == null) throw new IllegalArgumentException("bench needs --in DIR");
        System.out.printf(Locale.ROOT, "| master | inter-op threads | images | errors | seconds | images/s | speed-up | ms per image in its task (report) | first job, 2 tiny images (s) |%n|---|---|---|---|---|---|---|---|---|%n");
        double first = 0;
        for (String master : masters.split(",")) {
            int slots = slots(master);
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (String o : OPENS) cmd.add("--add-opens=java.base/" + o + "=ALL-UNNAMED");
            cmd.add("-Drnc.threads=1");
            cmd.add("-Drnc.interOpThreads=" + slots);
            for (String prop : List.of("rnc.cache.dir", "rnc.models.dir"))
                if (System.getProperty(prop) != null) cmd.add("-D" + prop + "=" + System.getProperty(prop));
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(Child.class.getName());
            cmd.add(master);
            for (String a : args) if (!a.equals("--masters") && !a.equals(masters)) cmd.add(a);
            Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String result = null;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) if (line.startsWith("RESULT ")) result = line;
            }
            if (child.waitFor() != 0 || result == null) throw new IllegalStateException("the run at " + master + " failed");
            String[] f = result.split(" ");
            long images = Long.parseLong(f[1]), errors = Long.parseLong(f[2]);
            double sec = Double.parseDouble(f[3]), ms = Double.parseDouble(f[4]), warm = Double.parseDouble(f[5]), rate = images / sec;
            if (first == 0) first = rate;
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %.1f | %.3f | %.2fx | %.0f | %.1f |%n", master, slots, images, errors,
                    sec, rate, rate / first, ms, warm);
        }
    }

    /** Task slots of a local master: local[N] is N, local[*] the processors. */
    static int slots(String master) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("local\\[(\\d+|\\*)(,\\d+)?]").matcher(master);
        if (!m.matches()) return 1;
        return m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(1));
    }

    /** One timed run in this JVM: {@code RESULT images errors seconds ms-per-image}. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            String master = args[0];
            Main.Parsed p = Main.parse(java.util.Arrays.copyOfRange(args, 1, args.length));
            TranscodeOptions o = p.options();
            if (o.iterations == null && o.quality == null && o.bpp == null) o.iterations = 4;
            // load the models and warm the code before timing anything
            Transcoder.ensurePlugin();
            Transcoder.read(Transcoder.encode(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), o));
            Path out = Files.createTempDirectory("rnc-spark-bench-");
            try (SparkSession spark = Main.session(master, "rnc-bench", 0)) {
                // one job on two tiny images first: a JVM's first Spark job pays class loading and code generation
                // (seconds), which a long archive job pays once; the timed run measures the work that scales
                String in = o.in;
                Path warmIn = Files.createDirectories(out.resolve("warm-in"));
                for (int i = 0; i < 2; i++)
                    javax.imageio.ImageIO.write(new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB), "png",
                            warmIn.resolve("w" + i + ".png").toFile());
                o.in = warmIn.toString();
                o.out = out.resolve("warm-out").toString();
                long w0 = System.nanoTime();
                TranscodeJob.run(spark, o);
                double warm = (System.nanoTime() - w0) / 1e9;
                o.in = in;
                o.out = out.resolve("out").toString();
                long t0 = System.nanoTime();
                TranscodeJob.Summary s = TranscodeJob.run(spark, o);
                double sec = (System.nanoTime() - t0) / 1e9;
                double ms = spark.read().parquet(TranscodeJob.escapeGlob(s.report()))
                        .filter("status = 'written'").agg(org.apache.spark.sql.functions.avg("millis")).first().getDouble(0);
                System.out.printf(Locale.ROOT, "RESULT %d %d %.3f %.1f %.3f%n", s.written(), s.errors(), sec, ms, warm);
            } finally {
                try (Stream<Path> w = Files.walk(out)) {
                    w.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }
}

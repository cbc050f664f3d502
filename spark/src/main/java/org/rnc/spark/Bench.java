package org.rnc.spark;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.apache.spark.sql.SparkSession;

/**
 * {@code rnc-spark bench --in DIR}: the same transcode at each master (default local[1], then local[2]) into a fresh
 * folder, timed, in one JVM (the models load once, before the first timed run): images per second and the
 * speed-up over the first master.
 */
final class Bench {
    private Bench() {}

    static void main(String[] args) throws Exception {
        Main.Parsed p = Main.parse(args);
        TranscodeOptions o = p.options();
        if (o.in == null) throw new IllegalArgumentException("bench needs --in DIR");
        if (o.iterations == null && o.quality == null && o.bpp == null) o.iterations = 4;
        String masters = "local[1],local[2]";
        List<String> rest = p.rest();
        if (rest.size() == 2 && rest.get(0).equals("--masters")) masters = rest.get(1);
        else if (!rest.isEmpty()) throw new IllegalArgumentException("unknown option " + rest.get(0));
        System.setProperty("rnc.threads", Integer.toString(o.tfThreads > 0 ? o.tfThreads : 1));
        // load the models and warm the code before timing anything
        BufferedImage warm = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Transcoder.read(Transcoder.encode(warm, o));
        System.out.printf(Locale.ROOT, "| master | images | errors | seconds | images/s | speed-up | ms per image in its task (report) | images/s per core the report implies |%n|---|---|---|---|---|---|---|---|%n");
        double first = 0;
        for (String master : masters.split(",")) {
            Path out = Files.createTempDirectory("rnc-spark-bench-");
            try (SparkSession spark = Main.session(master, "rnc-bench", o.tfThreads)) {
                o.out = out.toString();
                long t0 = System.nanoTime();
                TranscodeJob.Summary s = TranscodeJob.run(spark, o);
                double sec = (System.nanoTime() - t0) / 1e9, rate = s.written() / sec;
                if (first == 0) first = rate;
                double ms = spark.read().parquet(TranscodeJob.escapeGlob(s.report()))
                        .filter("status = 'written'").agg(org.apache.spark.sql.functions.avg("millis")).first().getDouble(0);
                System.out.printf(Locale.ROOT, "| %s | %d | %d | %.1f | %.3f | %.2fx | %.0f | %.3f |%n", master, s.written(), s.errors(),
                        sec, rate, rate / first, ms, 1000 / ms);
            } finally {
                try (Stream<Path> w = Files.walk(out)) {
                    w.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }
}

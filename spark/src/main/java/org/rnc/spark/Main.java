package org.rnc.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.spark.sql.SparkSession;

/**
 * {@code java -jar spark/target/rnc-spark.jar [--master URL] --in DIR --out DIR [options]}: transcodes a folder
 * tree with RNC on Spark (a local[N] master needs no Spark installation); {@code bench --in DIR} measures images
 * per second at local[1] and local[2]. Under spark-submit the master comes from spark-submit.
 */
public final class Main {
    static final String USAGE = """
            usage: rnc-spark [--master URL] --in DIR --out DIR [options]
                   rnc-spark bench --in DIR [--iterations N] [--masters local[1],local[2]]
              --in DIR            input folder (any Hadoop file system: file:, hdfs:, s3a:, ...)
              --out DIR           output folder; files keep their relative names, with .rnc (or .png) for the extension
              --decode            .rnc to PNG (default: images to .rnc)
              --glob PATTERN      file names to take (default: every file; *.rnc with --decode)
              --no-recursive      only the top folder
              -n, --iterations N  exact iterations (as rnc encode -n)
              -q, --quality Q     ImageIO quality 0..1 (as rnc encode -q)
              --bpp B             target bits per pixel (as rnc encode --bpp)
              --model NAME        codec model (default: the catalog's)
              --search-effort E   encoder code search 0 (default), 1 or 2 (as rnc encode; slower encodes, smaller files)
              --metrics           decode each written file and report PSNR and MS-SSIM (costs a decode)
              --report DIR        report folder (default OUT/rnc-report, Parquet)
              --csv               also write the report as CSV (REPORT-csv/)
              --tf-threads N      TensorFlow threads per task (default: spark.task.cpus); a JVM's tasks share one pool
            """;

    public static void main(String[] args) throws Exception {
        try {
            if (args.length > 0 && args[0].equals("bench")) {
                Bench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
                return;
            }
            Parsed p = parse(args);
            if (!p.rest.isEmpty()) throw new IllegalArgumentException("unknown option " + p.rest.get(0));
            if (p.options.in == null || p.options.out == null) throw new IllegalArgumentException("--in and --out are required");
            try (SparkSession spark = session(p.master, "rnc-transcode", p.options.tfThreads)) {
                TranscodeJob.Summary s = TranscodeJob.run(spark, p.options);
                System.out.printf(Locale.ROOT, "%d inputs: %d written, %d skipped (already there), %d errors; report: %s%n",
                        s.inputs(), s.written(), s.skipped(), s.errors(), s.report());
            }
        } catch (IllegalArgumentException e) { // NumberFormatException included
            System.err.println("rnc-spark: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        }
    }

    /**
     * A session on {@code master} (null: spark-submit's, else local[*]); local runs have no UI and size TensorFlow's
     * pools before any model loads: {@code tfThreads} (0: one) per call, one inter-op thread per task slot.
     */
    static SparkSession session(String master, String name, int tfThreads) {
        SparkSession.Builder b = SparkSession.builder().appName(name);
        String m = master != null ? master : System.getProperty("spark.master");
        if (m == null) m = "local[*]";
        b.master(m);
        if (m.startsWith("local")) {
            b.config("spark.ui.enabled", "false");
            // one JVM runs every task, and its tasks share the loaded model: each call gets the task's threads
            // (--tf-threads, default 1), and the inter-op pool one thread per task slot, so that calls run side by side
            if (System.getProperty("rnc.threads") == null)
                System.setProperty("rnc.threads", Integer.toString(Math.max(1, tfThreads)));
            if (System.getProperty("rnc.interOpThreads") == null)
                System.setProperty("rnc.interOpThreads", Integer.toString(Bench.slots(m)));
        }
        SparkSession s = b.getOrCreate();
        s.sparkContext().setLogLevel("WARN");
        return s;
    }

    record Parsed(String master, TranscodeOptions options, List<String> rest) {}

    static Parsed parse(String[] args) {
        TranscodeOptions o = new TranscodeOptions();
        String master = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--master" -> master = value(args, ++i, a);
                case "--in" -> o.in = value(args, ++i, a);
                case "--out" -> o.out = value(args, ++i, a);
                case "--decode" -> o.direction = TranscodeOptions.Direction.DECODE;
                case "--glob" -> o.glob = value(args, ++i, a);
                case "--no-recursive" -> o.recursive = false;
                case "-n", "--iterations" -> o.iterations = Integer.parseInt(value(args, ++i, a));
                case "-q", "--quality" -> o.quality = Float.parseFloat(value(args, ++i, a));
                case "--bpp" -> o.bpp = Double.parseDouble(value(args, ++i, a));
                case "--model" -> o.model = value(args, ++i, a);
                case "--search-effort" -> o.searchEffort = Integer.parseInt(value(args, ++i, a));
                case "--metrics" -> o.metrics = true;
                case "--report" -> o.report = value(args, ++i, a);
                case "--csv" -> o.csv = true;
                case "--tf-threads" -> o.tfThreads = Integer.parseInt(value(args, ++i, a));
                default -> rest.add(a);
            }
        }
        return new Parsed(master, o, rest);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
        return args[i];
    }
}

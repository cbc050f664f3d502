package org.rnc.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.row_number;

import java.io.IOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Transcodes every matching file under {@code in} to the same relative name under {@code out}: Spark's
 * {@code binaryFile} source lists the inputs (glob, recursive lookup; any Hadoop file system), tasks do the work
 * ({@link Transcoder}), and the report (one {@link ReportRow} per input) is written as Parquet, and CSV on request.
 */
public final class TranscodeJob {
    private TranscodeJob() {}

    /** What a run did, counted from its report. */
    public record Summary(long inputs, long written, long skipped, long errors, String report) {}

    private static final DateTimeFormatter RUN_NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    /** A literal path for Spark's load(), which reads glob characters in it as a pattern. */
    static String escapeGlob(String path) {
        return path.replaceAll("([\\\\\\[\\]{}*?])", "\\\\$1");
    }

    private static final StructType LISTED = new StructType()
            .add("path", DataTypes.StringType, false)
            .add("length", DataTypes.LongType, false)
            .add("output", DataTypes.StringType, false);

    public static Summary run(SparkSession spark, TranscodeOptions o) throws IOException {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        Path inRoot = new Path(o.in), outRoot = new Path(o.out);
        FileSystem inFs = inRoot.getFileSystem(hadoop), outFs = outRoot.getFileSystem(hadoop);
        if (!inFs.getFileStatus(inRoot).isDirectory()) throw new IllegalArgumentException(o.in + " is not a folder");
        String inPrefix = inFs.makeQualified(inRoot).toUri().getPath().replaceAll("/+$", "") + "/";
        String outBase = outFs.makeQualified(outRoot).toString().replaceAll("/+$", "") + "/";
        // every run its own report folder, never an existing one: writing a report deletes nothing
        Path reportPath = o.report != null ? new Path(o.report)
                : new Path(outBase + "rnc-report/run-" + RUN_NAME.format(LocalDateTime.now()));
        FileSystem reportFs = reportPath.getFileSystem(hadoop);
        if (reportFs.exists(reportPath)) throw new IllegalArgumentException("report folder " + reportPath + " exists: name a new one");
        String report = reportFs.makeQualified(reportPath).toString();
        String reportPrefix = reportFs.makeQualified(reportPath).toUri().getPath() + "/";

        // the listing: paths and lengths only (binaryFile reads a file's content only when asked for it); recursive
        // lookup always, so that folders named like key=value are not taken for partitions
        Dataset<Row> files = spark.read().format("binaryFile")
                .option("pathGlobFilter", o.glob())
                .option("recursiveFileLookup", "true")
                .load(escapeGlob(inFs.makeQualified(inRoot).toString()))
                .select("path", "length");
        TranscodeOptions opts = o;
        Dataset<Row> listed = files.map((MapFunction<Row, Row>) r -> {
            String path = r.getString(0);
            String p = new Path(path).toUri().getPath();
            // outside the input folder (cannot happen) or inside this run's report: no output name
            String output = p.startsWith(inPrefix) && !p.startsWith(reportPrefix)
                    ? outBase + opts.outputName(p.substring(inPrefix.length())) : "";
            return RowFactory.create(path, r.getLong(1), output);
        }, Encoders.row(LISTED)).filter(col("output").notEqual(""));
        if (!o.recursive) listed = listed.filter((org.apache.spark.api.java.function.FilterFunction<Row>)
                r -> !new Path(r.getString(0)).toUri().getPath().substring(inPrefix.length()).contains("/"));
        // two inputs with one output name (a.png and a.jpg): the first by path gets it, the others are errors
        Dataset<Row> ranked = listed
                .withColumn("rank", row_number().over(Window.partitionBy("output").orderBy("path")))
                .withColumn("owner", first("path").over(Window.partitionBy("output").orderBy("path")));
        // small files make few, large partitions: spread the images evenly over four tasks per core (no count
        // first: an empty partition costs nothing, a job before the work costs seconds)
        int partitions = Math.max(1, spark.sparkContext().defaultParallelism() * 4);
        Map<String, String> conf = new HashMap<>();
        for (Map.Entry<String, String> e : hadoop) conf.put(e.getKey(), e.getValue());
        // an executor's tasks share its loaded model: each call gets the task's cores, the inter-op pool one thread
        // per task slot (executor cores / task cores), so that the tasks' calls run side by side
        int taskCpus = Integer.parseInt(spark.conf().get("spark.task.cpus", "1"));
        int threads = o.tfThreads > 0 ? o.tfThreads : taskCpus;
        int slots = Math.max(1, Integer.parseInt(spark.conf().get("spark.executor.cores", "1")) / taskCpus);

        JavaRDD<Row> rows = ranked.repartition(partitions).javaRDD().mapPartitions(
                (FlatMapFunction<Iterator<Row>, Row>) it -> {
                    // the first task of an executor sizes TensorFlow's pools (models load once per JVM; local
                    // sessions have set them already)
                    if (System.getProperty("rnc.threads") == null) System.setProperty("rnc.threads", Integer.toString(threads));
                    if (System.getProperty("rnc.interOpThreads") == null)
                        System.setProperty("rnc.interOpThreads", Integer.toString(slots));
                    Configuration c = new Configuration(false);
                    conf.forEach(c::set);
                    List<Row> out = new ArrayList<>();
                    while (it.hasNext()) {
                        Row r = it.next();
                        String path = r.getString(0), output = r.getString(2);
                        if (new Path(path).toUri().getPath().equals(new Path(output).toUri().getPath())) {
                            ReportRow same = new ReportRow();
                            same.path = path;
                            same.output = output;
                            same.inputBytes = r.getLong(1);
                            same.status = "error";
                            same.error = "the output would overwrite its input";
                            out.add(same.toRow());
                        } else if (r.getInt(3) > 1) {
                            ReportRow collision = new ReportRow();
                            collision.path = path;
                            collision.output = output;
                            collision.inputBytes = r.getLong(1);
                            collision.status = "error";
                            collision.error = "output name " + output + " is taken by " + r.getString(4);
                            out.add(collision.toRow());
                        } else {
                            out.add(Transcoder.transcode(path, output, r.getLong(1), opts, c).toRow());
                        }
                    }
                    return out.iterator();
                });
        spark.createDataFrame(rows, ReportRow.SCHEMA).write().mode(SaveMode.ErrorIfExists).parquet(report);
        Dataset<Row> done = spark.read().parquet(escapeGlob(report));
        if (o.csv) done.coalesce(1).write().mode(SaveMode.ErrorIfExists).option("header", "true").csv(report + "-csv");
        Map<String, Long> byStatus = new HashMap<>();
        for (Row r : done.groupBy("status").count().collectAsList()) byStatus.put(r.getString(0), r.getLong(1));
        long written = byStatus.getOrDefault("written", 0L), skipped = byStatus.getOrDefault("skipped", 0L),
                errors = byStatus.getOrDefault("error", 0L);
        return new Summary(written + skipped + errors, written, skipped, errors, report);
    }
}

package org.rnc.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.rnc.model.CodecConfig;
import org.rnc.training.CodecNetwork;
import org.rnc.training.Trainer;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;

/**
 * Training speed of the codec on this machine: steps per second for each width preset and number of unrolled
 * iterations, measured by running the real trainer on fresh weights in a throw-away run directory (the first
 * steps, which build and warm up the graph, are not timed). Answers "how many hours does a preset need here".
 */
public final class TrainingSpeedBench {

    /** One measured configuration. */
    public record Row(String preset, long parameters, int iterations, int batch, int patch, int steps, double seconds,
                      double cpuSeconds) {
        public double stepsPerSecond() { return steps / seconds; }
        /** Training pixels per second: batch x patch^2 x steps / s. */
        public double pixelsPerSecond() { return (double) batch * patch * patch * steps / seconds; }
        /** Wall hours for 10,000 steps at this speed. */
        public double hoursPer10k() { return 10_000 / stepsPerSecond() / 3600; }
    }

    private TrainingSpeedBench() {}

    public static List<Row> run(List<Path> data, List<String> presets, List<Integer> iterations, int batch, int patch,
                                int warmup, int steps, PrintStream log) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String preset : presets) {
            for (int it : iterations) {
                rows.add(measure(data, preset, it, batch, patch, warmup, steps));
                Row r = rows.get(rows.size() - 1);
                log.printf(Locale.ROOT, "%-9s %2d iterations: %.3f steps/s (%.2f h per 10k steps)%n", preset, it,
                        r.stepsPerSecond(), r.hoursPer10k());
            }
        }
        return rows;
    }

    static Row measure(List<Path> data, String preset, int iterations, int batch, int patch, int warmup, int steps)
            throws IOException {
        Path dir = Files.createTempDirectory("rnc-train-speed");
        try {
            Trainer.Options o = new Trainer.Options();
            o.data = data;
            o.runDir = dir;
            o.preset = preset;
            o.iterations = iterations;
            o.batch = batch;
            o.patch = patch;
            o.maxSteps = warmup + steps;
            o.validateEvery = Integer.MAX_VALUE;
            o.checkpointMinutes = Double.POSITIVE_INFINITY;
            o.out = new PrintStream(OutputStream.nullOutputStream());
            long[] mark = new long[2]; // wall and process CPU nanos when the last warm-up step ended
            long[] end = new long[2];
            o.onStep = (step, loss) -> {
                long[] at = step == warmup ? mark : step == warmup + steps ? end : null;
                if (at != null) {
                    at[0] = System.nanoTime();
                    at[1] = processCpuNanos();
                }
            };
            new Trainer(o).run();
            if (end[0] == 0) throw new IOException("training stopped before step " + (warmup + steps));
            return new Row(preset, parameters(preset), iterations, batch, patch, steps,
                    (end[0] - mark[0]) / 1e9, (end[1] - mark[1]) / 1e9);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    static long parameters(String preset) {
        org.rnc.model.NativeLogs.quiet();
        try (Graph g = new Graph()) {
            return new CodecNetwork(Ops.create(g), CodecConfig.preset(preset), CodecNetwork.randomInit(1)).parameterCount();
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    public static String markdown(List<Row> rows, int cores) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "Training speed on this machine (%d cores), fresh weights, Adam, timed after the warm-up steps.%n%n", cores));
        sb.append("| preset | parameters | unrolled iterations | batch x patch | steps/s | pixels/s | CPU s per step | hours per 10k steps |\n");
        sb.append("|---|---:|---:|---|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %,d | %d | %d x %dx%d | %.3f | %,.0f | %.2f | %.2f |%n", r.preset(),
                    r.parameters(), r.iterations(), r.batch(), r.patch(), r.patch(), r.stepsPerSecond(), r.pixelsPerSecond(),
                    r.cpuSeconds() / r.steps(), r.hoursPer10k()));
        }
        return sb.toString();
    }

    public static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder("preset,parameters,iterations,batch,patch,steps,seconds,cpu_seconds,steps_per_s\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%d,%.3f,%.3f,%.4f%n", r.preset(), r.parameters(),
                    r.iterations(), r.batch(), r.patch(), r.steps(), r.seconds(), r.cpuSeconds(), r.stepsPerSecond()));
        }
        return sb.toString();
    }
}

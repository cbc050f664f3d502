package org.rnc.studio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.rnc.training.Trainer;

/**
 * Training the RNC codec on a folder of photos ({@link Trainer}) as a Train-tab task. Progress is the larger
 * of steps over the step limit and minutes over the time limit; the loss plot gets every step. When the run
 * returns, its last validation row in {@code log.csv} becomes a result: PSNR after all unrolled iterations
 * on the held-out crops, at the raw code rate of 1/8 bpp per iteration.
 */
public final class CodecTrainTask implements TrainingTask {

    /** What the task drives: {@link Trainer} itself, or a stand-in in tests. */
    public interface Runner {
        void run() throws IOException;

        void requestStop();
    }

    /** Makes the real {@link Trainer}. */
    public static final Function<Trainer.Options, Runner> TRAINER = o -> {
        Trainer t = new Trainer(o);
        return new Runner() {
            @Override public void run() throws IOException { t.run(); }

            @Override public void requestStop() { t.requestStop(); }
        };
    };

    private final Trainer.Options o;
    private final Runner runner;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final LossSeries loss = new LossSeries("rnc codec (L1 per iteration)");
    private volatile String status = "starting";
    private volatile long startNanos, lastStep, firstStep = -1;
    private volatile boolean done;
    private volatile List<RunResult> results = List.of();

    public CodecTrainTask(Trainer.Options o, Function<Trainer.Options, Runner> factory) {
        if (o.data == null || o.data.isEmpty()) throw new IllegalArgumentException("choose at least one folder of training photos");
        for (Path p : o.data)
            if (!Files.isDirectory(p)) throw new IllegalArgumentException("not a folder: " + p);
        if (o.runDir == null) throw new IllegalArgumentException("choose a run folder");
        if (o.maxSteps == Long.MAX_VALUE && Double.isInfinite(o.maxMinutes))
            throw new IllegalArgumentException("give a step or a time limit");
        this.o = o;
        o.out = LineSink.printStream(line -> status = line);
        o.onStep = (step, l) -> {
            if (firstStep < 0) firstStep = step - 1;
            lastStep = step;
            loss.add(step, l);
        };
        this.runner = factory.apply(o);
    }

    @Override public String title() { return "RNC codec training"; }

    @Override
    public void run() throws Exception {
        startNanos = System.nanoTime();
        try {
            runner.run();
        } finally {
            done = true;
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Optional<RunResult> r = fromLog(o.runDir.resolve("log.csv"), o.runDir.getFileName().toString(), o.preset, seconds);
        results = r.map(List::of).orElse(List.of());
        status = String.format(Locale.ROOT, "%s at step %d after %.0f s; checkpoint in %s%s", stop.get() ? "stopped" : "finished",
                lastStep, seconds, o.runDir, r.isPresent() ? "" : " (no validation row yet: no result)");
    }

    /**
     * The last validation row of a run's {@code log.csv} as a result: the highest iteration's PSNR column,
     * at {@code iterations / 8} bpp (raw codes, no header).
     */
    public static Optional<RunResult> fromLog(Path log, String source, String preset, double seconds) throws IOException {
        if (!Files.isRegularFile(log)) return Optional.empty();
        List<String> lines = Files.readAllLines(log);
        if (lines.size() < 2) return Optional.empty();
        String[] head = lines.get(0).split(",");
        int last = -1, iterations = 0, stepCol = -1;
        for (int i = 0; i < head.length; i++) {
            if (head[i].equals("step")) stepCol = i;
            if (head[i].startsWith("val_psnr_")) {
                last = i;
                iterations = Integer.parseInt(head[i].substring("val_psnr_".length()));
            }
        }
        if (last < 0) return Optional.empty();
        for (int k = lines.size() - 1; k >= 1; k--) {
            String[] f = lines.get(k).split(",");
            // a resumed run with fewer unrolled iterations leaves short rows: use the row's own last PSNR
            int col = Math.min(last, f.length - 1);
            if (col < 0 || !head[col].startsWith("val_psnr_")) continue;
            int it = Integer.parseInt(head[col].substring("val_psnr_".length()));
            double psnr;
            try {
                psnr = Double.parseDouble(f[col]);
            } catch (NumberFormatException e) {
                continue;
            }
            String step = stepCol >= 0 && stepCol < f.length ? f[stepCol] : "?";
            return Optional.of(new RunResult("rnc-train", source, "preset " + preset + ", step " + step + ", " + it
                    + " iterations (validation crops)", it / 8.0, RunResult.mseOf(psnr), psnr, Double.NaN, seconds));
        }
        return Optional.empty();
    }

    @Override public void requestStop() {
        stop.set(true);
        runner.requestStop();
    }

    @Override public boolean stopRequested() { return stop.get(); }

    @Override
    public double progress() {
        if (done) return 1;
        double p = 0;
        if (o.maxSteps != Long.MAX_VALUE && firstStep >= 0) {
            // a resumed run counts steps from where it started
            p = Math.max(p, (double) (lastStep - firstStep) / Math.max(1, o.maxSteps - firstStep));
        }
        if (Double.isFinite(o.maxMinutes) && startNanos > 0)
            p = Math.max(p, (System.nanoTime() - startNanos) / 60e9 / o.maxMinutes);
        return Math.min(1, p);
    }

    @Override public String status() { return status; }

    @Override public List<LossSeries> losses() { return List.of(loss); }

    @Override public List<RunResult> results() { return results; }
}

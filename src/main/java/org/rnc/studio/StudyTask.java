package org.rnc.studio;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.rnc.study.MnistStudy;

/** The MNIST study (autoencoder and VAE, with ZIP and RNC beside them) as a Train-tab task. */
public final class StudyTask implements TrainingTask {
    private final MnistStudy.Options o;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger epochsDone = new AtomicInteger();
    private final LossSeries ae = new LossSeries("autoencoder (MSE)"), vae = new LossSeries("vae (BCE+KL per batch)");
    private volatile String status = "starting";
    private volatile double progress;
    private volatile List<RunResult> results = List.of();

    /** {@code o}'s data, out, epochs and latent are the caller's; its listeners and log are the task's. */
    public StudyTask(MnistStudy.Options o) {
        if (o.data == null || o.out == null) throw new IllegalArgumentException("choose the MNIST folder and an output folder");
        if (o.epochs < 1) throw new IllegalArgumentException("epochs must be at least 1");
        if (o.latent < 1) throw new IllegalArgumentException("the latent size must be at least 1");
        this.o = o;
        o.stopRequested = stop::get;
        o.log = LineSink.printStream(line -> status = line);
        o.onEpoch = (model, epoch, loss) -> {
            (model.equals("vae") ? vae : ae).add(epoch, loss);
            // two networks' epochs are 90 % of the work; ZIP and RNC on the test digits the rest
            progress = 0.9 * epochsDone.incrementAndGet() / (2.0 * o.epochs);
        };
    }

    @Override public String title() { return "MNIST study"; }

    @Override
    public void run() throws Exception {
        long t0 = System.nanoTime();
        List<MnistStudy.Row> rows = new MnistStudy(o).run();
        List<RunResult> out = new ArrayList<>();
        for (MnistStudy.Row r : rows) out.add(row(r));
        results = List.copyOf(out);
        progress = 1;
        status = String.format(Locale.ROOT, "%s in %.0f s; results.csv and losses.png in %s",
                stop.get() ? "stopped" : "finished", (System.nanoTime() - t0) / 1e9, o.out);
    }

    static RunResult row(MnistStudy.Row r) {
        String setting = switch (r.model()) {
            case "zip" -> "deflate, level 9";
            case "rnc" -> r.latent() + " iterations";
            default -> String.format(Locale.ROOT, "latent %d, %d epochs", r.latent(), r.epochs());
        };
        // bits per 28x28 digit -> bits per pixel; MS-SSIM is not defined on 28x28 digits
        return new RunResult(r.model(), "mnist", setting, r.bitsPerImage() / 784, r.mse(), r.psnr(), Double.NaN, r.trainSeconds());
    }

    @Override public void requestStop() { stop.set(true); }

    @Override public boolean stopRequested() { return stop.get(); }

    @Override public double progress() { return progress; }

    @Override public String status() { return status; }

    @Override public List<LossSeries> losses() { return List.of(ae, vae); }

    @Override public List<RunResult> results() { return results; }

    Path out() { return o.out; }
}

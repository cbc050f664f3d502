package org.rnc.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.rnc.bench.BenchRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Rate-distortion and speed benchmark of RNC against JPEG, JPEG 2000, WebP and PNG.",
                "Writes points.csv, summary.md, rd-msssim.png, rd-psnr.png and report.md into --out."})
final class BenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--images", required = true, description = "Folder of images (png, jpg, bmp).") Path images;
    @Option(names = "--out", required = true, description = "Output folder (created if missing).") Path out;
    @Option(names = "--keep-decoded", description = "Also write every decoded image as <image>.<codec>.<setting>.png.") boolean keepDecoded;
    @Option(names = {"-n", "--iterations"}, defaultValue = "16", description = "RNC iterations 1..N to measure (default ${DEFAULT-VALUE}).") int iterations;
    @Option(names = "--model", description = "RNC model name (default: the writer's, models/catalog.properties).") String model;
    @Option(names = "--threads", defaultValue = "2", description = "Worker threads over images (default ${DEFAULT-VALUE}).") int threads;
    @Option(names = "--codecs", split = ",", defaultValue = "rnc,rnc-adaptive,jpeg,jpeg2000,webp,png",
            description = "Codecs to measure (default ${DEFAULT-VALUE}).") List<String> codecs;

    @Override
    public Integer call() throws Exception {
        System.setProperty("java.awt.headless", "true");
        if (threads < 1) throw new IllegalArgumentException("--threads must be at least 1");
        List<String> cs = codecs.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
        // originalArgs are the whole command line (the subcommand's name included), as typed
        String cmd = "java -jar target/rnc-cli.jar " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        BenchRunner.Outcome r = BenchRunner.run(new BenchRunner.Options(images, out, keepDecoded, iterations, model,
                threads, cs, cmd), System.err);
        System.out.print(r.summary().summaryMarkdown(r.info().unavailable()));
        System.out.printf(Locale.ROOT, "%d points in %.1f s; wrote %s%n", r.points().size(), r.info().wallSeconds(),
                out.resolve("report.md"));
        if (!r.info().errors().isEmpty())
            System.out.println(r.info().errors().size() + " measurement(s) failed; see report.md");
        return r.info().errors().isEmpty() ? 0 : 1;
    }

}

package org.rnc.cli;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import javax.imageio.ImageIO;

import org.rnc.bench.RncEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Encode every image of a folder with the shipped model; print bpp, PSNR and MS-SSIM per iteration.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--images", defaultValue = "conformance/images", description = "Folder of images (default ${DEFAULT-VALUE}).") Path images;
    @Option(names = {"-n", "--iterations"}, defaultValue = "16", description = "Iterations to encode (default ${DEFAULT-VALUE}).") int iterations;
    @Option(names = "--model", description = "Codec model name (default: the writer's, models/catalog.properties).") String model;

    @Override
    public Integer call() throws Exception {
        List<Path> files = org.rnc.bench.BenchRunner.listImages(images);
        if (files.isEmpty()) throw new IllegalArgumentException("no png/jpg/bmp images in " + images);
        double[][] sum = new double[iterations][3];
        int[] counts = new int[iterations];
        for (Path f : files) {
            BufferedImage img = ImageIO.read(f.toFile());
            if (img == null) continue;
            long t0 = System.nanoTime();
            List<RncEvaluation.Point> pts = RncEvaluation.evaluate(img, iterations, model);
            System.out.printf(Locale.ROOT, "%s (%dx%d): %d iterations in %.1f s%n", f.getFileName(), img.getWidth(), img.getHeight(),
                    pts.size(), (System.nanoTime() - t0) / 1e9);
            for (RncEvaluation.Point p : pts) {
                int k = p.iterations() - 1;
                sum[k][0] += p.bpp();
                sum[k][1] += p.psnr();
                sum[k][2] += p.msSsim();
                counts[k]++;
            }
        }
        System.out.println();
        System.out.println("| iterations | bpp | PSNR (dB) | MS-SSIM |");
        System.out.println("|---:|---:|---:|---:|");
        for (int k = 0; k < iterations; k++) {
            if (counts[k] == 0) continue;
            System.out.printf(Locale.ROOT, "| %d | %.4f | %.2f | %.4f |%n", k + 1, sum[k][0] / counts[k], sum[k][1] / counts[k],
                    sum[k][2] / counts[k]);
        }
        System.out.printf("(mean over %d images)%n", counts[0]);
        return 0;
    }
}

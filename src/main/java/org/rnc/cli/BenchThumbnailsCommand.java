package org.rnc.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.rnc.bench.ThumbnailBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench-thumbnails", mixinStandardHelpOptions = true,
        description = "Time and quality of thumbnails: full read, Thumbnailator on the file, subsampled reads.")
final class BenchThumbnailsCommand implements Callable<Integer> {
    @Option(names = "--images", required = true, description = "a folder of PNG/JPEG images") Path images;
    @Option(names = {"-n", "--iterations"}, split = ",", defaultValue = "8,16") int[] iterations;
    @Option(names = "--size", defaultValue = "160", description = "thumbnail box, pixels") int size;
    @Option(names = "--sweep", description = "PSNR of subsampled-read thumbnails per decoded iteration count, instead of timings") boolean sweep;

    @Override
    public Integer call() throws Exception {
        List<Path> files = org.rnc.bench.BenchRunner.listImages(images);
        if (files.isEmpty()) throw new IllegalArgumentException("no images in " + images);
        if (sweep) ThumbnailBench.sweep(files, iterations, size, System.out);
        else ThumbnailBench.run(files, iterations, size, System.out);
        return 0;
    }
}

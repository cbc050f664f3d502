package org.rnc.cli;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.util.Locale;
import java.util.concurrent.Callable;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.rnc.imageio.RncImageWriteParam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "encode", mixinStandardHelpOptions = true, description = "Compress an image (any format ImageIO reads) to .rnc.")
final class EncodeCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "Input image.") File input;
    @Parameters(index = "1", description = "Output .rnc file.") File output;
    @Option(names = {"-n", "--iterations"}, description = "Exact iteration count (1/8 bpp each before entropy coding).") Integer iterations;
    @Option(names = {"-q", "--quality"}, description = "ImageIO compression quality 0..1 (iterations = max(1, ceil(q*N))).") Float quality;
    @Option(names = "--bpp", description = "Target bits per pixel for the whole file.") Double bpp;
    @Option(names = "--model", description = "Codec model name (default: the writer's, models/catalog.properties).") String model;
    @Option(names = "--raw", description = "Store the codes without entropy coding.") boolean raw;
    @Option(names = "--uniform", description = "Every 16x16 block gets every iteration. By default the rate is spatially "
            + "adaptive: the iteration count caps every block and each stops earlier at its own PSNR target for that count.") boolean uniform;
    @Option(names = "--adaptive", hidden = true, description = "The default since format 3 became the writer's default; "
            + "accepted so that older scripts keep working.") boolean adaptive;
    @Option(names = "--block-psnr", description = "Spatially adaptive rate: each 16x16 block stops once its own PSNR "
            + "reaches this many dB (-n, -q or --bpp cap the iterations).") Double blockPsnr;
    @Option(names = "--block-ssim", description = "Spatially adaptive rate with a structural target: each block stops once "
            + "its SSIM reaches this (0..1).") Double blockSsim;
    @Option(names = "--min-block-iterations", description = "With --block-psnr or --block-ssim: the fewest iterations "
            + "a block gets (default 3).") Integer minBlockIterations;
    @Option(names = "--search-effort", description = "Encoder-side code search: 0 none (default), 1 fast, 2 thorough. "
            + "Smaller files at equal PSNR and MS-SSIM, most at low rates, for a 2-6x slower encode; the same format and decoder.") Integer searchEffort;
    @Option(names = "--no-filter", description = "Store no restoration filter (by default the writer fits one to the "
            + "image and keeps it when it pays for its bytes; readers run it after the last iteration).") boolean noFilter;
    @Option(names = "--older-container", description = "Write format 2.3 / 3.2 (readers of releases before 2026-12-08) "
            + "instead of the compact format 4; the same codes, about 150 bytes more.") boolean olderContainer;

    @Option(names = "--no-post-filter", description = "Name no learned post-filter (by default the writer names the "
            + "one its codec model is paired with when it pays for its bytes; readers run it on every picture).") boolean noPostFilter;

    @Override
    public Integer call() throws Exception {
        BufferedImage img = ImageIO.read(input);
        if (img == null) throw new IllegalArgumentException("no ImageIO reader understands " + input);
        ImageWriter w = ImageIO.getImageWritersByFormatName("rnc").next();
        Files.deleteIfExists(output.toPath()); // a FileImageOutputStream would not truncate an older, longer file
        try (ImageOutputStream out = ImageIO.createImageOutputStream(output)) {
            RncImageWriteParam p = (RncImageWriteParam) w.getDefaultWriteParam();
            if (iterations != null) p.setIterations(iterations);
            if (bpp != null) p.setTargetBitsPerPixel(bpp);
            if (quality != null) {
                p.setCompressionMode(RncImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality(quality);
            }
            p.setModelName(model);
            p.setEntropyCoding(!raw);
            p.setAdaptiveRate(!uniform);
            if (blockPsnr != null) p.setBlockTargetPsnr(blockPsnr);
            if (blockSsim != null) p.setBlockTargetSsim(blockSsim);
            if (minBlockIterations != null) p.setMinBlockIterations(minBlockIterations);
            if (searchEffort != null) p.setSearchEffort(searchEffort);
            if (noFilter) p.setRestorationFilter(false);
            if (noPostFilter) p.setPostFilter(false);
            if (olderContainer) p.setCompactContainer(false);
            w.setOutput(out);
            w.write(null, new IIOImage(img, null, null), p);
        } finally {
            w.dispose();
        }
        long bytes = output.length();
        System.out.printf(Locale.ROOT, "%s: %dx%d -> %d bytes, %.4f bpp%n", output, img.getWidth(), img.getHeight(), bytes,
                bytes * 8.0 / ((long) img.getWidth() * img.getHeight()));
        return 0;
    }
}

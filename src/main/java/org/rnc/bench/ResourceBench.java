package org.rnc.bench;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.rnc.imageio.RncIO;
import org.rnc.metrics.ImageQuality;

/**
 * Resource measurements: a soak loop (native memory and open file handles over minutes of encoding and
 * decoding) and large images (time and peak memory against megapixels). Linux only: reads /proc/self.
 */
public final class ResourceBench {
    private ResourceBench() {}

    static long rssBytes() throws IOException {
        String[] statm = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
        return Long.parseLong(statm[1]) * 4096;
    }

    static long peakRssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status")))
            if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        return -1;
    }

    static long openFiles() {
        String[] fds = new java.io.File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    /** A smooth gradient with a few shapes: seams between tiles would show in it. */
    public static BufferedImage gradient(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(30, 80, 170), w, h, new Color(240, 190, 80)));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(190, 50, 40));
        g.fillOval(w / 3, h / 3, w / 4, h / 4);
        g.dispose();
        return img;
    }

    /** Encodes and decodes a small image for {@code minutes}, printing native memory and handles each minute. */
    public static void soak(double minutes, PrintStream out) throws IOException {
        BufferedImage img = gradient(256, 192);
        long start = System.nanoTime(), nextReport = start;
        long ops = 0;
        out.println("minute  operations  RSS-MiB  heap-MiB  open-files");
        while ((System.nanoTime() - start) / 60e9 < minutes) {
            RncIO.decode(RncIO.encode(img, 4), null, null);
            ops += 2;
            if (System.nanoTime() >= nextReport) {
                System.gc();
                Runtime rt = Runtime.getRuntime();
                out.printf(Locale.ROOT, "%6.1f  %10d  %7d  %8d  %10d%n", (System.nanoTime() - start) / 60e9, ops,
                        rssBytes() >> 20, (rt.totalMemory() - rt.freeMemory()) >> 20, openFiles());
                nextReport += 60_000_000_000L;
            }
        }
    }

    /** Encodes and decodes gradients of the given megapixel counts (3:2), printing time and peak memory. */
    public static void large(double[] megapixels, int iterations, PrintStream out) throws IOException {
        out.println("| megapixels | size | encode s | decode s | bpp | PSNR dB | peak RSS MiB |");
        out.println("|---:|---|---:|---:|---:|---:|---:|");
        for (double mp : megapixels) {
            int w = (int) Math.round(Math.sqrt(mp * 1e6 * 1.5)), h = (int) Math.round(mp * 1e6 / w);
            BufferedImage img = gradient(w, h);
            long t0 = System.nanoTime();
            byte[] file = RncIO.encode(img, iterations);
            long t1 = System.nanoTime();
            BufferedImage back = RncIO.decode(file, null, null);
            long t2 = System.nanoTime();
            out.printf(Locale.ROOT, "| %.1f | %dx%d | %.1f | %.1f | %.3f | %.2f | %d |%n", mp, w, h, (t1 - t0) / 1e9,
                    (t2 - t1) / 1e9, file.length * 8.0 / ((double) w * h), ImageQuality.psnr(img, back), peakRssBytes() >> 20);
        }
    }
}

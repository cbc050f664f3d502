package org.rnc.spark;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.UUID;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.rnc.imageio.RncImageWriteParam;
import org.rnc.metrics.ImageQuality;

/**
 * One file's work, in a task: read the input from its file system, encode (or decode) it through
 * {@code javax.imageio} exactly as {@code rnc encode} does, write the output atomically (a hidden temporary file
 * renamed into place, so an output that exists is complete) and say what happened in a {@link ReportRow}.
 * A bad input is a row with an error, never an exception.
 */
final class Transcoder {
    private Transcoder() {}

    static ReportRow transcode(String input, String output, long inputBytes, TranscodeOptions o, Configuration conf) {
        long t0 = System.nanoTime();
        ensurePlugin();
        ReportRow row = new ReportRow();
        row.path = input;
        row.output = output;
        row.inputBytes = inputBytes;
        try {
            Path out = new Path(output);
            FileSystem fs = raw(out.getFileSystem(conf));
            if (fs.exists(out)) {
                // an earlier run finished this one: outputs only appear complete, by rename
                row.status = "skipped";
                row.outputBytes = fs.getFileStatus(out).getLen();
                describeExisting(fs, out, o, row);
            } else {
                byte[] source = readAll(new Path(input), conf);
                row.inputBytes = (long) source.length;
                BufferedImage img = read(source);
                row.width = img.getWidth();
                row.height = img.getHeight();
                byte[] result = o.direction == TranscodeOptions.Direction.ENCODE ? encode(img, o) : png(img);
                writeAtomically(fs, out, result);
                row.outputBytes = (long) result.length;
                row.status = "written";
                if (o.metrics && o.direction == TranscodeOptions.Direction.ENCODE) {
                    BufferedImage decoded = read(result);
                    row.psnr = ImageQuality.psnr(img, decoded);
                    // MS-SSIM's five scales need 176 pixels a side; below that the column stays empty
                    if (Math.min(img.getWidth(), img.getHeight()) >= 176) row.msSsim = ImageQuality.msSsim(img, decoded);
                }
            }
            if (row.width != null && row.width > 0 && row.height > 0 && row.outputBytes != null)
                row.bpp = row.outputBytes * 8.0 / ((long) row.width * row.height);
        } catch (Exception | OutOfMemoryError e) {
            // one image too large for the heap must not end the job either; the next one starts afresh
            row.status = "error";
            row.error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        row.millis = (System.nanoTime() - t0) / 1_000_000;
        return row;
    }

    /**
     * ImageIO registers the plugins it finds on first use, with the class loader of that moment; on an executor the
     * plugin may come with the job's jars (spark-submit --jars), in the task's class loader: look there once more.
     */
    static void ensurePlugin() {
        if (!ImageIO.getImageWritersByFormatName("rnc").hasNext()) ImageIO.scanForPlugins();
    }

    static BufferedImage read(byte[] bytes) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
        if (img == null) throw new IOException("not an image any ImageIO reader here understands");
        return img;
    }

    /** The same writer, settings and order of settings as {@code rnc encode}, so the same bytes. */
    static byte[] encode(BufferedImage img, TranscodeOptions o) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("rnc").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            RncImageWriteParam p = (RncImageWriteParam) w.getDefaultWriteParam();
            if (o.iterations != null) p.setIterations(o.iterations);
            if (o.bpp != null) p.setTargetBitsPerPixel(o.bpp);
            if (o.quality != null) {
                p.setCompressionMode(RncImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality(o.quality);
            }
            p.setModelName(o.model);
            if (o.searchEffort != null) p.setSearchEffort(o.searchEffort);
            w.setOutput(out);
            w.write(null, new IIOImage(img, null, null), p);
        } finally {
            w.dispose();
        }
        return bytes.toByteArray();
    }

    static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", bytes)) throw new IOException("no PNG writer for a " + img.getType() + " image");
        return bytes.toByteArray();
    }

    /** The local file system without its .crc side files (an output is one file, as rnc encode writes it). */
    private static FileSystem raw(FileSystem fs) {
        return fs instanceof org.apache.hadoop.fs.LocalFileSystem local ? local.getRaw() : fs;
    }

    private static byte[] readAll(Path p, Configuration conf) throws IOException {
        try (InputStream in = raw(p.getFileSystem(conf)).open(p)) {
            return in.readAllBytes();
        }
    }

    private static void writeAtomically(FileSystem fs, Path out, byte[] data) throws IOException {
        Path tmp = new Path(out.getParent(), "." + out.getName() + ".tmp-" + UUID.randomUUID());
        try {
            try (OutputStream os = fs.create(tmp, false)) {
                os.write(data);
            }
            if (!fs.rename(tmp, out) && !fs.exists(out)) throw new IOException("cannot rename " + tmp + " to " + out);
        } finally {
            if (fs.exists(tmp)) fs.delete(tmp, false);
        }
    }

    /** Width and height of an output written before, from its header (an .rnc) or its PNG header; no decode. */
    private static void describeExisting(FileSystem fs, Path out, TranscodeOptions o, ReportRow row) {
        try (InputStream in = fs.open(out); ImageInputStream iis = new javax.imageio.stream.MemoryCacheImageInputStream(in)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
            if (!readers.hasNext()) return;
            ImageReader r = readers.next();
            try {
                r.setInput(iis);
                row.width = r.getWidth(0);
                row.height = r.getHeight(0);
            } finally {
                r.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // the sizes are a courtesy for skipped rows
        }
    }
}

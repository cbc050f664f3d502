package org.rnc.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.event.IIOReadUpdateListener;
import javax.imageio.event.IIOWriteProgressListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.rnc.format.RncFileReader;
import org.rnc.imageio.RncImageWriteParam;
import org.rnc.imageio.RncMetadata;
import org.rnc.metrics.ImageQuality;

/**
 * Rate and quality of RNC at every iteration count from one encode: the image is written once with N
 * iterations and read back progressively; the file a k-iteration write would make is the prefix up to
 * iteration k plus the 12-byte END chunk, so its size is known exactly from the chunk offsets.
 */
public final class RncEvaluation {
    private RncEvaluation() {}

    /** One iteration count's point. */
    public record Point(int iterations, long bytes, double bpp, double psnr, double msSsim) {}

    public static List<Point> evaluate(BufferedImage original, int iterations, String model) throws IOException {
        List<Point> out = new ArrayList<>();
        for (Timed t : evaluateTimed(original, iterations, model, false)) out.add(t.point());
        return out;
    }

    /**
     * One iteration count's point with the time a k-iteration write and read would take, and optionally the
     * decoded image. Encoding and decoding are sequential over iterations, so these are the times from the
     * start of the one N-iteration write (read) to the end of its k-th iteration; the decoder's copies of the
     * intermediate images are not counted.
     */
    public record Timed(Point point, double encodeMs, double decodeMs, BufferedImage decoded) {}

    /** As {@link #evaluate} with times and, when {@code keepDecoded}, the decoded image of every iteration. */
    public static List<Timed> evaluateTimed(BufferedImage original, int iterations, String model, boolean keepDecoded)
            throws IOException {
        // every block at every iteration: the prefixes of one file are the uniform codec's k-iteration files
        return evaluateTimed(original, iterations, model, keepDecoded, p -> p.setAdaptiveRate(false));
    }

    /** As above, with further write settings (a block PSNR target: the points are then each block at min(k, its count)). */
    public static List<Timed> evaluateTimed(BufferedImage original, int iterations, String model, boolean keepDecoded,
                                            java.util.function.Consumer<RncImageWriteParam> settings) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        ImageWriter w = ImageIO.getImageWritersByFormatName("rnc").next();
        List<Long> encodedAt = new ArrayList<>();
        long encodeStart;
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bos)) {
            RncImageWriteParam p = (RncImageWriteParam) w.getDefaultWriteParam();
            p.setIterations(iterations);
            p.setModelName(model);
            settings.accept(p);
            w.setOutput(out);
            w.addIIOWriteProgressListener(new IIOWriteProgressListener() {
                @Override public void imageProgress(ImageWriter source, float percentageDone) { encodedAt.add(System.nanoTime()); }
                @Override public void imageStarted(ImageWriter source, int imageIndex) {}
                @Override public void imageComplete(ImageWriter source) {}
                @Override public void thumbnailStarted(ImageWriter source, int imageIndex, int thumbnailIndex) {}
                @Override public void thumbnailProgress(ImageWriter source, float percentageDone) {}
                @Override public void thumbnailComplete(ImageWriter source) {}
                @Override public void writeAborted(ImageWriter source) {}
            });
            encodeStart = System.nanoTime();
            w.write(null, new IIOImage(original, null, null), p);
        } finally {
            w.dispose();
        }
        byte[] file = bos.toByteArray();
        List<BufferedImage> passes = new ArrayList<>();
        RncMetadata meta;
        ImageReader r = ImageIO.getImageReadersByFormatName("rnc").next();
        PassCollector collector = new PassCollector(passes);
        long decodeStart = System.nanoTime();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new java.io.ByteArrayInputStream(file))) {
            r.setInput(in);
            meta = (RncMetadata) r.getImageMetadata(0);
            r.addIIOReadUpdateListener(collector);
            collector.start = decodeStart;
            r.read(0);
        } finally {
            r.dispose();
        }
        double pixels = (double) original.getWidth() * original.getHeight();
        boolean msOk = Math.min(original.getWidth(), original.getHeight()) >= 176;
        List<Timed> out = new ArrayList<>();
        for (int k = 0; k < passes.size(); k++) {
            RncFileReader.Iteration it = meta.iterations().get(k);
            long bytes = it.offset() + 12 + it.chunkLength() + 12;
            BufferedImage dec = passes.get(k);
            Point pt = new Point(k + 1, bytes, bytes * 8 / pixels, ImageQuality.psnr(original, dec),
                    msOk ? ImageQuality.msSsim(original, dec) : Double.NaN);
            double enc = k < encodedAt.size() ? (encodedAt.get(k) - encodeStart) / 1e6 : Double.NaN;
            out.add(new Timed(pt, enc, collector.decodeNanos.get(k) / 1e6, keepDecoded ? dec : null));
            if (!keepDecoded) passes.set(k, null);
        }
        return out;
    }

    /** Keeps a copy of the destination after every completed pass. */
    static final class PassCollector implements IIOReadUpdateListener {
        private final List<BufferedImage> passes;
        /** Decode time up to each completed pass, less the time spent here copying earlier passes. */
        final List<Long> decodeNanos = new ArrayList<>();
        long start = System.nanoTime();
        private long copying;

        PassCollector(List<BufferedImage> passes) { this.passes = passes; }

        @Override
        public void passComplete(ImageReader source, BufferedImage theImage) {
            long now = System.nanoTime();
            decodeNanos.add(now - start - copying);
            BufferedImage copy = new BufferedImage(theImage.getColorModel(), theImage.copyData(null),
                    theImage.isAlphaPremultiplied(), null);
            passes.add(copy);
            copying += System.nanoTime() - now;
        }

        @Override public void passStarted(ImageReader s, BufferedImage i, int pass, int minPass, int maxPass, int minX, int minY, int periodX, int periodY, int[] bands) {}
        @Override public void imageUpdate(ImageReader s, BufferedImage i, int minX, int minY, int width, int height, int periodX, int periodY, int[] bands) {}
        @Override public void thumbnailPassStarted(ImageReader s, BufferedImage t, int pass, int minPass, int maxPass, int minX, int minY, int periodX, int periodY, int[] bands) {}
        @Override public void thumbnailUpdate(ImageReader s, BufferedImage t, int minX, int minY, int width, int height, int periodX, int periodY, int[] bands) {}
        @Override public void thumbnailPassComplete(ImageReader s, BufferedImage t) {}
    }
}

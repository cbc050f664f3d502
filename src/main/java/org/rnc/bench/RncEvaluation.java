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
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        ImageWriter w = ImageIO.getImageWritersByFormatName("rnc").next();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bos)) {
            RncImageWriteParam p = (RncImageWriteParam) w.getDefaultWriteParam();
            p.setIterations(iterations);
            p.setModelName(model);
            w.setOutput(out);
            w.write(null, new IIOImage(original, null, null), p);
        } finally {
            w.dispose();
        }
        byte[] file = bos.toByteArray();
        List<BufferedImage> passes = new ArrayList<>();
        RncMetadata meta;
        ImageReader r = ImageIO.getImageReadersByFormatName("rnc").next();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new java.io.ByteArrayInputStream(file))) {
            r.setInput(in);
            meta = (RncMetadata) r.getImageMetadata(0);
            r.addIIOReadUpdateListener(new PassCollector(passes));
            r.read(0);
        } finally {
            r.dispose();
        }
        double pixels = (double) original.getWidth() * original.getHeight();
        boolean msOk = Math.min(original.getWidth(), original.getHeight()) >= 176;
        List<Point> out = new ArrayList<>();
        for (int k = 0; k < passes.size(); k++) {
            RncFileReader.Iteration it = meta.iterations().get(k);
            long bytes = it.offset() + 12 + it.chunkLength() + 12;
            BufferedImage dec = passes.get(k);
            out.add(new Point(k + 1, bytes, bytes * 8 / pixels, ImageQuality.psnr(original, dec),
                    msOk ? ImageQuality.msSsim(original, dec) : Double.NaN));
        }
        return out;
    }

    /** Keeps a copy of the destination after every completed pass. */
    static final class PassCollector implements IIOReadUpdateListener {
        private final List<BufferedImage> passes;

        PassCollector(List<BufferedImage> passes) { this.passes = passes; }

        @Override
        public void passComplete(ImageReader source, BufferedImage theImage) {
            BufferedImage copy = new BufferedImage(theImage.getColorModel(), theImage.copyData(null),
                    theImage.isAlphaPremultiplied(), null);
            passes.add(copy);
        }

        @Override public void passStarted(ImageReader s, BufferedImage i, int pass, int minPass, int maxPass, int minX, int minY, int periodX, int periodY, int[] bands) {}
        @Override public void imageUpdate(ImageReader s, BufferedImage i, int minX, int minY, int width, int height, int periodX, int periodY, int[] bands) {}
        @Override public void thumbnailPassStarted(ImageReader s, BufferedImage t, int pass, int minPass, int maxPass, int minX, int minY, int periodX, int periodY, int[] bands) {}
        @Override public void thumbnailUpdate(ImageReader s, BufferedImage t, int minX, int minY, int width, int height, int periodX, int periodY, int[] bands) {}
        @Override public void thumbnailPassComplete(ImageReader s, BufferedImage t) {}
    }
}

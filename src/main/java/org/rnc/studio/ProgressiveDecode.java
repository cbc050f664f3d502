package org.rnc.studio;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadUpdateListener;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes any image ImageIO can read, keeping a copy of the picture after every progressive pass. For
 * {@code .rnc} every iteration is a pass, so pass k is the reconstruction after k iterations; other
 * progressive formats (progressive JPEG) give their scans, and everything else one pass. Uses only
 * javax.imageio: the RNC plugin is found like any other.
 */
public final class ProgressiveDecode {

    /** Told on the decoding thread: the header as soon as it is read, then every completed pass in order. */
    public interface Listener {
        default void info(ImageInfo info) {}

        /** {@code pass} counts from 0; {@code image} is a private copy. */
        default void pass(int pass, BufferedImage image) {}
    }

    /** The decoded file: its header info, one image per pass (the last is the full decode), reader warnings. */
    public record Result(ImageInfo info, List<BufferedImage> passes, List<String> warnings, boolean aborted) {
        public BufferedImage last() { return passes.get(passes.size() - 1); }
    }

    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile ImageReader reader;

    /** Stops a running {@link #decode}; it returns the passes it had. */
    public void cancel() {
        cancelled.set(true);
        ImageReader r = reader;
        if (r != null) r.abort();
    }

    public Result decode(Path file, Listener listener) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException("file not found: " + file);
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) throw new IOException("cannot open " + file);
            return decode(in, Files.size(file), file.getFileName().toString(), listener);
        }
    }

    public Result decode(byte[] bytes, Listener listener) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(bytes))) {
            return decode(in, bytes.length, "image", listener);
        }
    }

    private Result decode(ImageInputStream in, long fileBytes, String name, Listener listener) throws IOException {
        Listener l = listener != null ? listener : new Listener() {};
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) throw new IIOException(name + " is not an image any installed ImageIO reader can read");
        ImageReader r = readers.next();
        reader = r;
        List<BufferedImage> passes = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        try {
            r.setInput(in, true, false);
            if (cancelled.get()) r.abort();
            String format = r.getFormatName();
            int w = r.getWidth(0), h = r.getHeight(0);
            IIOMetadata meta;
            try {
                meta = r.getImageMetadata(0);
            } catch (IOException | RuntimeException e) {
                meta = null; // metadata is a nicety for the info pane; the picture is what matters
            }
            ImageInfo info = ImageInfo.of(format.toLowerCase(java.util.Locale.ROOT), w, h, fileBytes, meta);
            l.info(info);
            r.addIIOReadWarningListener((IIOReadWarningListener) (src, msg) -> warnings.add(msg));
            r.addIIOReadUpdateListener(new PassListener(passes, l));
            BufferedImage full = r.read(0);
            boolean aborted = cancelled.get();
            if (!aborted && full != null && (passes.isEmpty() || !sameSize(passes.get(passes.size() - 1), full))) {
                // a reader that reports no passes (most of them): the whole image is the one pass
                BufferedImage copy = copy(full);
                passes.add(copy);
                l.pass(passes.size() - 1, copy);
            } else if (!aborted && full != null && !passes.isEmpty()) {
                // some readers finish the image after their last pass report: the returned image is the truth
                BufferedImage copy = copy(full);
                passes.set(passes.size() - 1, copy);
            }
            if (passes.isEmpty() && !aborted) throw new IIOException("the reader returned no image for " + name);
            return new Result(info, List.copyOf(passes), List.copyOf(warnings), aborted);
        } finally {
            reader = null;
            r.dispose();
        }
    }

    private static boolean sameSize(BufferedImage a, BufferedImage b) {
        return a.getWidth() == b.getWidth() && a.getHeight() == b.getHeight();
    }

    static BufferedImage copy(BufferedImage img) {
        return new BufferedImage(img.getColorModel(), img.copyData(null), img.isAlphaPremultiplied(), null);
    }

    private static final class PassListener implements IIOReadUpdateListener {
        private final List<BufferedImage> passes;
        private final Listener l;

        PassListener(List<BufferedImage> passes, Listener l) {
            this.passes = passes;
            this.l = l;
        }

        @Override
        public void passComplete(ImageReader source, BufferedImage theImage) {
            BufferedImage c = copy(theImage);
            passes.add(c);
            l.pass(passes.size() - 1, c);
        }

        @Override public void passStarted(ImageReader s, BufferedImage i, int pass, int minPass, int maxPass, int minX, int minY, int periodX, int periodY, int[] bands) {}
        @Override public void imageUpdate(ImageReader s, BufferedImage i, int minX, int minY, int width, int height, int periodX, int periodY, int[] bands) {}
        @Override public void thumbnailPassStarted(ImageReader s, BufferedImage t, int pass, int minPass, int maxPass, int minX, int minY, int periodX, int periodY, int[] bands) {}
        @Override public void thumbnailUpdate(ImageReader s, BufferedImage t, int minX, int minY, int width, int height, int periodX, int periodY, int[] bands) {}
        @Override public void thumbnailPassComplete(ImageReader s, BufferedImage t) {}
    }
}

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

import org.rnc.codec.Restoration;
import org.rnc.codec.SourceImage;
import org.rnc.codec.Tiling;
import org.rnc.format.RncFileReader;
import org.rnc.format.RncFileWriter;
import org.rnc.format.RncHeader;
import org.rnc.imageio.RncImageWriteParam;
import org.rnc.imageio.RncMetadata;
import org.rnc.metrics.ImageQuality;
import org.rnc.model.ModelRegistry;
import org.rnc.model.PostFilterModel;

/**
 * Rate and quality of RNC at every iteration count from one encode: the image is written once with N
 * iterations and read back progressively; the file a k-iteration write would make is the prefix up to
 * iteration k plus the 12-byte END chunk, so its size is known exactly from the chunk offsets.
 * <p>
 * The restoration filter belongs to a whole file, not to its prefixes, and whether the post-filter pays depends on the
 * file's size: the N-iteration file is written without either, and each prefix gets what a k-iteration write would
 * store, chosen here from the prefix's picture as the writer chooses ({@link Restoration#choose}: the post-filter, the
 * filter, both or neither), its chunks counted in the bytes, the choice in the encode time and running them in the
 * decode time. That is the writer's file exactly when the picture is one tile without padding, in 8-bit sRGB (Kodak,
 * the bench's crops); for other images the points are those of files without the filter.
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
        boolean[] filter = {false}, post = {false}, adaptive = {false};
        long encodeStart;
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bos)) {
            RncImageWriteParam p = (RncImageWriteParam) w.getDefaultWriteParam();
            p.setIterations(iterations);
            p.setModelName(model);
            // a searched file's shorter prefixes are not the shorter files a searched write makes: prefixes come from
            // a write without the search, unless the settings ask for one (RncSearchBenchCodec reads only the last pass)
            p.setSearchEffort(0);
            settings.accept(p);
            filter[0] = p.getRestorationFilter();
            post[0] = p.getPostFilter();
            adaptive[0] = p.isAdaptive();
            p.setRestorationFilter(false);
            p.setPostFilter(false);
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
        RncHeader h = meta.header();
        PostFilterModel postModel = post[0] ? ModelRegistry.postFilterFor(h.model()) : null;
        int[][] source = (filter[0] || postModel != null) && filterExact(h, meta.extras(), passes)
                ? SourceImage.of(original, Tiling.BLOCK).planes8(0, 0, h.width(), h.height(), 3) : null;
        List<Timed> out = new ArrayList<>();
        for (int k = 0; k < passes.size(); k++) {
            RncFileReader.Iteration it = meta.iterations().get(k);
            // the file cut after iteration k: its records, and the end marker (format 4 has none)
            long bytes = it.end() + RncFileWriter.endBytes(h);
            BufferedImage dec = passes.get(k);
            double enc = k < encodedAt.size() ? (encodedAt.get(k) - encodeStart) / 1e6 : Double.NaN;
            double decMs = collector.decodeNanos.get(k) / 1e6;
            if (source != null) {
                long t0 = System.nanoTime();
                int[][] plain = planes(dec);
                int pw = h.width(), ht = h.height(), passesK = k + 1;
                Restoration.Choice c = Restoration.choose(1, i -> new Restoration.TilePicture(plain, source, pw, ht, pw, ht),
                        postModel, filter[0], h, passesK, bytes, Long.MAX_VALUE);
                long t1 = System.nanoTime();
                // the writer chooses from its own decoder's picture: the choice, and for the uniform codec the
                // decoder step on the last iteration that it otherwise skips (about one pass of the reader)
                enc += (t1 - t0) / 1e6 + (adaptive[0] ? 0 : (collector.decodeNanos.get(k) - (k > 0 ? collector.decodeNanos.get(k - 1) : 0)) / 1e6);
                if (c.post() || c.filter() != null) {
                    long t2 = System.nanoTime();
                    int[][] planes = c.post() ? postModel.apply(plain, pw, ht, passesK) : plain;
                    if (c.filter() != null) planes = c.filter().apply(planes, pw, ht);
                    dec = image(planes, dec);
                    decMs += (System.nanoTime() - t2) / 1e6;
                    if (c.post()) bytes += RncFileWriter.chunkBytes(h, RncFileWriter.postFilterPayload(postModel.id(), h).length);
                    if (c.filter() != null) bytes += RncFileWriter.chunkBytes(h, c.filter().payload().length);
                }
            }
            Point pt = new Point(k + 1, bytes, bytes * 8 / pixels, ImageQuality.psnr(original, dec),
                    msOk ? ImageQuality.msSsim(original, dec) : Double.NaN);
            out.add(new Timed(pt, enc, decMs, keepDecoded ? dec : null));
            if (!keepDecoded) passes.set(k, null);
        }
        return out;
    }

    /** Checks that the plugin writes and reads back two iterations of a small image with these settings (a codec's probe). */
    static void probe(String model, java.util.function.Consumer<RncImageWriteParam> settings) throws IOException {
        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR);
        if (evaluateTimed(img, 2, model, false, settings).size() != 2) throw new IOException("probe did not decode 2 iterations");
    }

    /** Whether the passes are the whole pictures the reader filters: one tile, no padding, 8-bit sRGB. */
    private static boolean filterExact(RncHeader h, RncFileReader.Extras extras, List<BufferedImage> passes) {
        return h.colour() == RncHeader.Colour.RGB && h.sampleBits() == 8 && extras.icc() == null
                && h.width() == h.paddedWidth() && h.height() == h.paddedHeight()
                && h.width() <= h.tileSize() && h.height() <= h.tileSize() && !passes.isEmpty()
                && passes.get(0).getColorModel().getColorSpace().isCS_sRGB();
    }

    private static int[][] planes(BufferedImage img) {
        int w = img.getWidth(), n = w * img.getHeight();
        int[] rgb = img.getRGB(0, 0, w, img.getHeight(), null, 0, w);
        int[][] p = new int[3][n];
        for (int i = 0; i < n; i++) {
            p[0][i] = (rgb[i] >> 16) & 255;
            p[1][i] = (rgb[i] >> 8) & 255;
            p[2][i] = rgb[i] & 255;
        }
        return p;
    }

    /** {@code like}'s image with these RGB planes (its alpha kept). */
    private static BufferedImage image(int[][] p, BufferedImage like) {
        int w = like.getWidth(), n = w * like.getHeight();
        int[] rgb = like.getRGB(0, 0, w, like.getHeight(), null, 0, w);
        for (int i = 0; i < n; i++) rgb[i] = (rgb[i] & 0xFF000000) | p[0][i] << 16 | p[1][i] << 8 | p[2][i];
        BufferedImage out = new BufferedImage(like.getColorModel(), like.getRaster().createCompatibleWritableRaster(),
                like.isAlphaPremultiplied(), null);
        out.setRGB(0, 0, w, like.getHeight(), rgb, 0, w);
        return out;
    }

    /** Keeps a copy of the destination after every completed pass. */
    static final class PassCollector implements IIOReadUpdateListener {
        private final List<BufferedImage> passes;
        /**
         * Decode time up to each completed pass, less the time spent here copying earlier passes and the reader's
         * painting of earlier passes (their pixels, post-filter included): a k-pass read paints only its last.
         */
        final List<Long> decodeNanos = new ArrayList<>();
        long start = System.nanoTime();
        private long copying, painting, paintStart, paintedEarlier;

        PassCollector(List<BufferedImage> passes) { this.passes = passes; }

        @Override
        public void passComplete(ImageReader source, BufferedImage theImage) {
            long now = System.nanoTime();
            decodeNanos.add(now - start - copying - paintedEarlier);
            paintedEarlier += painting;
            painting = 0;
            BufferedImage copy = new BufferedImage(theImage.getColorModel(), theImage.copyData(null),
                    theImage.isAlphaPremultiplied(), null);
            passes.add(copy);
            copying += System.nanoTime() - now;
        }

        // the reader paints a pass between passStarted and imageUpdate (RncImageReader)
        @Override public void passStarted(ImageReader s, BufferedImage i, int pass, int minPass, int maxPass, int minX, int minY, int periodX, int periodY, int[] bands) {
            paintStart = System.nanoTime();
        }
        @Override public void imageUpdate(ImageReader s, BufferedImage i, int minX, int minY, int width, int height, int periodX, int periodY, int[] bands) {
            painting += System.nanoTime() - paintStart;
        }
        @Override public void thumbnailPassStarted(ImageReader s, BufferedImage t, int pass, int minPass, int maxPass, int minX, int minY, int periodX, int periodY, int[] bands) {}
        @Override public void thumbnailUpdate(ImageReader s, BufferedImage t, int minX, int minY, int width, int height, int periodX, int periodY, int[] bands) {}
        @Override public void thumbnailPassComplete(ImageReader s, BufferedImage t) {}
    }
}

package org.rnc.imageio;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import javax.imageio.IIOException;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;

import org.rnc.codec.IterativeCodec;
import org.rnc.codec.OutputImages;
import org.rnc.codec.Restoration;
import org.rnc.codec.Tiling;
import org.rnc.entropy.IterationCoder;
import org.rnc.format.RncFileReader;
import org.rnc.format.RncFormatException;
import org.rnc.format.RncHeader;
import org.rnc.model.CodecConfig;
import org.rnc.model.CodecModel;
import org.rnc.model.EntropyPredictor;
import org.rnc.model.ModelException;
import org.rnc.model.ModelRegistry;
import org.rnc.model.PostFilterModel;

/**
 * Reads {@code .rnc} files progressively: each stored iteration is one progressive pass
 * ({@code passStarted / imageUpdate / passComplete}), and
 * {@link ImageReadParam#setSourceProgressivePasses(int, int) setSourceProgressivePasses(0, k)} decodes only
 * the first k iterations. With source subsampling it decodes only the iterations the smaller picture can show
 * ({@link RncImageReadParam#iterationsFor}; {@link RncImageReadParam#setDecodeAllIterations} asks for all).
 * Width, height and metadata come from the header without decoding.
 * A truncated file decodes the complete iterations it holds, with a warning; so does a file whose iteration
 * k > 1 is damaged (bad chunk, or codes that fail their checksum), with iterations 1 .. k-1.
 */
public final class RncImageReader extends ImageReader {
    /** Decompression-bomb guard: largest padded pixel count decoded (system property {@value #MAX_PIXELS_PROPERTY}). */
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;
    public static final String MAX_PIXELS_PROPERTY = "rnc.maxPixels";

    private ImageInputStream stream;
    private long streamStart;
    private RncHeader header;
    private RncFileReader.Body body;
    private RncFileReader.Extras extras;
    private ImageTypeSpecifier imageType;
    private int bodyAskedFor;

    public RncImageReader(ImageReaderSpi spi) {
        super(spi);
    }

    @Override
    public void setInput(Object input, boolean seekForwardOnly, boolean ignoreMetadata) {
        super.setInput(input, seekForwardOnly, ignoreMetadata);
        stream = (ImageInputStream) input; // super checked the type against the SPI's input types
        header = null;
        body = null;
        extras = null;
        imageType = null;
        bodyAskedFor = 0;
        if (stream != null) {
            try {
                streamStart = stream.getStreamPosition();
            } catch (IOException e) {
                streamStart = 0;
            }
        }
    }

    @Override
    public void reset() {
        super.reset();
        setInput(null, false, false);
    }

    private RncHeader header() throws IOException {
        if (header != null) return header;
        if (stream == null) throw new IllegalStateException("no input set");
        try {
            stream.seek(streamStart);
            header = new RncFileReader(Streams.in(stream)).readHeader();
        } catch (RncFormatException e) {
            throw new IIOException(e.getMessage(), e);
        }
        return header;
    }

    /**
     * The type the file decodes to, made once per input: a colour space from the file's ICC profile is then one
     * instance, so destinations made from {@link #getImageTypes} take the decoded samples as they are.
     */
    private ImageTypeSpecifier imageType() throws IOException {
        if (imageType == null) imageType = OutputImages.typeFor(header(), extras().icc());
        return imageType;
    }

    /** The file's metadata chunks (ICC profile, EXIF, XMP), read without the image data when need be. */
    private RncFileReader.Extras extras() throws IOException {
        if (body != null) return body.extras();
        if (extras != null) return extras;
        header();
        try {
            stream.seek(streamStart);
            extras = new RncFileReader(Streams.in(stream)).readExtras();
        } catch (RncFormatException e) {
            throw new IIOException(e.getMessage(), e);
        }
        return extras;
    }

    /** The body with at least {@code iterations} iteration chunks, or all the file holds. */
    private RncFileReader.Body body(int iterations) throws IOException {
        if (body != null && (bodyAskedFor >= iterations || body.truncated() || body.damage() != null)) return body;
        header();
        try {
            stream.seek(streamStart);
            RncFileReader r = new RncFileReader(Streams.in(stream));
            r.readHeader();
            body = r.readBody(iterations);
            bodyAskedFor = iterations;
        } catch (RncFormatException e) {
            throw new IIOException(e.getMessage(), e);
        }
        return body;
    }

    private void checkIndex(int imageIndex) {
        if (imageIndex != 0) throw new IndexOutOfBoundsException("an .rnc file holds one image; index " + imageIndex);
    }

    @Override
    public int getNumImages(boolean allowSearch) throws IOException {
        if (stream == null) throw new IllegalStateException("no input set");
        return 1;
    }

    @Override
    public int getWidth(int imageIndex) throws IOException {
        checkIndex(imageIndex);
        return header().width();
    }

    @Override
    public int getHeight(int imageIndex) throws IOException {
        checkIndex(imageIndex);
        return header().height();
    }

    @Override
    public Iterator<ImageTypeSpecifier> getImageTypes(int imageIndex) throws IOException {
        checkIndex(imageIndex);
        RncHeader h = header();
        List<ImageTypeSpecifier> types = new ArrayList<>();
        types.add(imageType());
        if (h.colour() == RncHeader.Colour.RGB)
            types.add(ImageTypeSpecifier.createFromBufferedImageType(h.hasAlpha() ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR));
        return types.iterator();
    }

    /** An {@link RncImageReadParam}: subsampled reads decode fewer iterations unless it asks for all. */
    @Override
    public ImageReadParam getDefaultReadParam() {
        return new RncImageReadParam();
    }

    @Override
    public IIOMetadata getStreamMetadata() { return null; }

    @Override
    public IIOMetadata getImageMetadata(int imageIndex) throws IOException {
        checkIndex(imageIndex);
        RncHeader h = header();
        RncFileReader.Body b = body(h.iterations());
        return new RncMetadata(h, b.iterations(), b.extras());
    }

    @Override
    public BufferedImage read(int imageIndex, ImageReadParam param) throws IOException {
        checkIndex(imageIndex);
        RncHeader h = header();
        clearAbortRequest();
        long maxPixels = Long.getLong(MAX_PIXELS_PROPERTY, DEFAULT_MAX_PIXELS);
        if ((long) h.paddedWidth() * h.paddedHeight() > maxPixels)
            throw new IIOException("image of " + h.width() + "x" + h.height() + " exceeds the decoding limit of "
                    + maxPixels + " pixels (system property " + MAX_PIXELS_PROPERTY + ")");
        if (h.blockSize() != CodecConfig.BLOCK)
            throw new IIOException("block size " + h.blockSize() + " is not supported (expected " + CodecConfig.BLOCK + ")");
        if (h.iterations() == 0) throw new IIOException("the file declares no iterations");

        int minPass = param == null ? 0 : param.getSourceMinProgressivePass();
        long numPasses = param == null ? Integer.MAX_VALUE : param.getSourceNumProgressivePasses();
        int need = (int) Math.min(h.iterations(), (long) minPass + numPasses);
        need = Math.max(1, need);
        // a subsampled read (thumbnail, preview) shows less detail than the later iterations add: unless the caller
        // chose the passes or asked for all iterations, decode only what the smaller picture can show
        boolean passesChosen = param != null && (minPass != 0 || numPasses != Integer.MAX_VALUE
                || param instanceof RncImageReadParam rp && rp.passesSet());
        boolean all = param instanceof RncImageReadParam rp && rp.getDecodeAllIterations();
        if (param != null && !passesChosen && !all)
            need = Math.min(need, RncImageReadParam.iterationsFor(h.iterations(), param.getSourceXSubsampling(),
                    param.getSourceYSubsampling()));
        RncFileReader.Body b = body(need);
        int have = b.iterations().size();
        if (have < need) {
            if (have == 0) throw new IIOException("the file is truncated before its first complete iteration");
            if (b.damage() != null)
                processWarningOccurred("iteration " + (b.damage().iteration() + 1) + " is damaged (" + b.damage().reason()
                        + "): decoding " + have + " of " + h.iterations() + " iterations");
            else processWarningOccurred("file is truncated: decoding " + have + " of " + h.iterations() + " iterations");
            need = have;
        }
        if (h.hasAlpha() && b.alpha() == null) throw new IIOException("alpha plane missing");
        CodecModel model;
        try {
            model = ModelRegistry.get(h.model());
        } catch (ModelException e) {
            throw new IIOException(e.getMessage(), e);
        }
        EntropyPredictor entropy = null;
        if (h.coding() == RncHeader.Coding.BINARY_RNN) {
            try {
                entropy = ModelRegistry.entropy(h.entropyModel());
            } catch (ModelException e) {
                throw new IIOException(e.getMessage(), e);
            }
        }
        if (model.config().bits() != h.codesPerBlock())
            throw new IIOException("model " + model.id() + " makes " + model.config().bits() + " codes per block, the file "
                    + h.codesPerBlock());

        int w = h.width(), ht = h.height();
        ImageTypeSpecifier type = imageType();
        if (b.extras().icc() != null && OutputImages.iccType(b.extras().icc(), h) == null)
            processWarningOccurred("the file's ICC profile is unusable here: decoding without it (" + (h.colour() == RncHeader.Colour.RGB ? "sRGB" : "default grey") + ")");
        BufferedImage dest = getDestination(param, getImageTypes(0), w, ht);
        int srcBandCount = type.getNumBands();
        checkReadParamBandSettings(param, srcBandCount, dest.getSampleModel().getNumBands());
        Rectangle srcRegion = new Rectangle(), destRegion = new Rectangle();
        computeRegions(param, w, ht, dest, srcRegion, destRegion);
        int[] srcBands = param != null ? param.getSourceBands() : null;
        int[] dstBands = param != null ? param.getDestinationBands() : null;
        int xs = param != null ? param.getSourceXSubsampling() : 1, ys = param != null ? param.getSourceYSubsampling() : 1;
        int[] reportBands = dstBands != null ? dstBands : allBands(dest.getSampleModel().getNumBands());

        BufferedImage full = type.createBufferedImage(w, ht);
        int firstReported = Math.min(minPass, need - 1);
        IterationCoder coder;
        try {
            coder = IterationCoder.forFile(h, entropy);
        } catch (RncFormatException e) {
            throw new IIOException(e.getMessage(), e);
        }
        // the restoration filter belongs to the picture of all the file's iterations, not to a prefix of them
        Restoration filter = need == h.iterations() ? filter(h, b.filter()) : null;
        // the post-filter runs on every picture shown, told how many iterations it holds
        PostFilterModel post = postFilter(h, b.postFilter());
        processImageStarted(imageIndex);
        Tiling tiling = new Tiling(h.paddedWidth(), h.paddedHeight(), h.tileSize());
        if (tiling.tiles().size() == 1) {
            // one tile: decode iteration by iteration and show every pass to the update listeners; with none, nobody sees
            // a pass before the last, so only the last (or the one an abort or damage leaves) becomes pixels
            boolean watched = updateListeners != null && !updateListeners.isEmpty();
            PassPainter paint = (pixels, passes, f) -> {
                OutputImages.fill(full, h, pixels, 0, 0, h.paddedWidth(), h.paddedHeight(), b.alpha(), post, passes, f);
                copy(full, dest, srcRegion, destRegion, xs, ys, srcBands, dstBands);
            };
            try (IterativeCodec.Decoding dec = new IterativeCodec.Decoding(model, h.paddedHeight(), h.paddedWidth());
                 CodesAhead ahead = new CodesAhead(coder, b.iterations(), need)) {
                float[] recon = null;
                int shown = -1; // the last pass painted into dest
                for (int t = 0; t < need; t++) {
                    boolean abort = abortRequested();
                    float[] c = abort ? null : decodeCodes(ahead::get, t, h);
                    if (c == null) {
                        // an abort, or damage before the passes asked for: still deliver what decoded
                        if (recon != null && shown != t - 1) paint.accept(recon, t, null);
                        if (abort) {
                            processReadAborted();
                            return dest;
                        }
                        break;
                    }
                    recon = dec.add(c);
                    if (t >= firstReported && (watched || t == need - 1)) {
                        shown = t;
                        processPassStarted(dest, t, firstReported, need - 1, destRegion.x, destRegion.y, 1, 1, reportBands);
                        paint.accept(recon, t + 1, t == h.iterations() - 1 ? filter : null);
                        processImageUpdate(dest, destRegion.x, destRegion.y, destRegion.width, destRegion.height, 1, 1, reportBands);
                        processPassComplete(dest);
                    }
                    processImageProgress(100f * (t + 1) / need);
                }
            }
        } else {
            // several tiles: each tile runs all its iterations at once (memory stays per tile), so only the
            // final pass is shown; the codes come first because entropy decoding works on the whole grid
            List<float[]> codes = new ArrayList<>();
            for (int t = 0; t < need; t++) {
                float[] c = decodeCodes(u -> coder.decode(b.iterations().get(u).data()), t, h);
                if (c == null) break;
                codes.add(c);
            }
            need = codes.size();
            int total = tiling.tiles().size();
            int[] done = {0};
            boolean[] aborted = {false};
            processPassStarted(dest, need - 1, need - 1, need - 1, destRegion.x, destRegion.y, 1, 1, reportBands);
            Restoration tileFilter = codes.size() == h.iterations() ? filter : null;
            int passes = codes.size();
            IterativeCodec.decodeTiles(model, tiling, codes, (tile, recon) -> {
                OutputImages.fill(full, h, recon, tile.x(), tile.y(), tile.width(), tile.height(), b.alpha(), post, passes,
                        tileFilter);
                processImageProgress(100f * ++done[0] / total);
                aborted[0] = abortRequested();
                return !aborted[0];
            });
            copy(full, dest, srcRegion, destRegion, xs, ys, srcBands, dstBands);
            if (aborted[0]) {
                processReadAborted();
                return dest;
            }
            processImageUpdate(dest, destRegion.x, destRegion.y, destRegion.width, destRegion.height, 1, 1, reportBands);
            processPassComplete(dest);
        }
        processImageComplete();
        return dest;
    }

    /** Paints a reconstruction of {@code passes} iterations into the destination, with the restoration filter or null. */
    private interface PassPainter {
        void accept(float[] recon, int passes, Restoration filter);
    }

    /**
     * The post-filter a file names, or null: none named, or one not installed here, which costs a warning and not the
     * picture (the picture without it is the one readers before format 2.3 / 3.2 show).
     */
    private PostFilterModel postFilter(RncHeader h, byte[] payload) {
        if (payload == null) return null;
        if (h.sampleBits() != 8 || h.colour() != RncHeader.Colour.RGB) {
            processWarningOccurred("post-filter ignored: it applies to 8-bit RGB pictures only");
            return null;
        }
        try {
            return ModelRegistry.postFilter(RncFileReader.postFilterModel(payload, h));
        } catch (RncFormatException | ModelException e) {
            processWarningOccurred("post-filter ignored, decoding without it: " + e.getMessage());
            return null;
        }
    }

    /**
     * The file's restoration filter, or null: none stored, or one this reader cannot use, which costs a warning and not
     * the picture (the unfiltered picture is the one readers before format 2.2 / 3.1 show).
     */
    private Restoration filter(RncHeader h, byte[] payload) {
        if (payload == null) return null;
        if (h.sampleBits() != 8) {
            processWarningOccurred("restoration filter ignored: it applies to 8-bit pictures only");
            return null;
        }
        try {
            Restoration f = Restoration.parse(payload, h.colour() == RncHeader.Colour.RGB ? 3 : 1);
            if (f == null) processWarningOccurred("restoration filter of kind " + (payload[0] & 0xFF)
                    + " (a later RNC release) ignored: decoding without it");
            return f;
        } catch (RncFormatException e) {
            processWarningOccurred("restoration filter ignored: " + e.getMessage());
            return null;
        }
    }

    /**
     * The codes of iteration t (0-based), or null when they fail to decode and t > 0: then the earlier iterations
     * are still a picture, so that costs only a warning. Iteration 1 failing is an error.
     */
    private float[] decodeCodes(Codes codes, int t, RncHeader h) throws IOException {
        try {
            return codes.get(t);
        } catch (RncFormatException e) {
            if (t == 0) throw new IIOException("iteration 1: " + e.getMessage(), e);
            processWarningOccurred("iteration " + (t + 1) + " cannot be decoded (" + e.getMessage() + "): decoding " + t
                    + " of " + h.iterations() + " iterations");
            return null;
        }
    }

    /** Iteration t's codes, decoded in order. */
    private interface Codes {
        float[] get(int t) throws IOException;
    }

    private static int[] allBands(int n) {
        int[] b = new int[n];
        for (int i = 0; i < n; i++) b[i] = i;
        return b;
    }

    /**
     * Whether samples mean the same in both colour models, so they copy as they are: equal models, or models that
     * differ only in being two instances of one ICC profile (a caller's destination made from the file's profile).
     */
    static boolean sameSamples(java.awt.image.ColorModel a, java.awt.image.ColorModel b) {
        if (a.equals(b)) return true;
        if (a.getClass() != b.getClass() || a.getNumComponents() != b.getNumComponents() || a.hasAlpha() != b.hasAlpha()
                || a.isAlphaPremultiplied() != b.isAlphaPremultiplied() || a.getTransferType() != b.getTransferType()
                || !java.util.Arrays.equals(a.getComponentSize(), b.getComponentSize()))
            return false;
        return a.getColorSpace() instanceof java.awt.color.ICC_ColorSpace x && b.getColorSpace() instanceof java.awt.color.ICC_ColorSpace y
                && java.util.Arrays.equals(x.getProfile().getData(), y.getProfile().getData());
    }

    /** Copies the source region (subsampled) into the destination region, honouring band selections. */
    static void copy(BufferedImage src, BufferedImage dst, Rectangle sr, Rectangle dr, int xs, int ys,
                     int[] srcBands, int[] dstBands) {
        Raster s = src.getRaster();
        WritableRaster d = dst.getRaster();
        boolean sameModel = sameSamples(src.getColorModel(), dst.getColorModel())
                && s.getSampleModel().getNumBands() == d.getSampleModel().getNumBands()
                && s.getTransferType() == d.getTransferType();
        if (dr.width <= 0 || dr.height <= 0) return;
        // a row at a time: the source span a subsampled destination row reads
        int span = Math.min((dr.width - 1) * xs + 1, src.getWidth() - sr.x);
        int[] in = new int[span], out = new int[dr.width];
        if (srcBands == null && dstBands == null && !sameModel) {
            // different pixel layout (e.g. a caller's TYPE_3BYTE_BGR destination): convert through sRGB
            for (int y = 0; y < dr.height; y++) {
                src.getRGB(sr.x, sr.y + y * ys, span, 1, in, 0, span);
                for (int x = 0; x < dr.width; x++) out[x] = in[x * xs];
                dst.setRGB(dr.x, dr.y + y, dr.width, 1, out, 0, dr.width);
            }
            return;
        }
        int[] sb = srcBands != null ? srcBands : allBands(s.getNumBands());
        int[] db = dstBands != null ? dstBands : allBands(d.getNumBands());
        for (int y = 0; y < dr.height; y++) {
            int sy = sr.y + y * ys;
            for (int i = 0; i < sb.length; i++) {
                s.getSamples(sr.x, sy, span, 1, sb[i], in);
                for (int x = 0; x < dr.width; x++) out[x] = in[x * xs];
                d.setSamples(dr.x, dr.y + y, dr.width, 1, db[i], out);
            }
        }
    }
}

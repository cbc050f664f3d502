package org.rnc.imageio;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.RenderedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.IIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.spi.ImageWriterSpi;
import javax.imageio.stream.ImageOutputStream;

import org.rnc.codec.AdaptiveIterations;
import org.rnc.codec.CodeSearch;
import org.rnc.codec.IterativeCodec;
import org.rnc.codec.Restoration;
import org.rnc.codec.SourceImage;
import org.rnc.codec.Tiling;
import org.rnc.entropy.IterationCoder;
import org.rnc.format.RncFileReader;
import org.rnc.format.RncFileWriter;
import org.rnc.format.RncFormatException;
import org.rnc.format.RncHeader;
import org.rnc.model.CodecConfig;
import org.rnc.model.CodecModel;
import org.rnc.model.EntropyPredictor;
import org.rnc.model.ModelException;
import org.rnc.model.ModelRegistry;
import org.rnc.model.PostFilterModel;

/**
 * Writes {@code .rnc} files: the recurrent codec's iterations, one chunk each, streamed as they are coded.
 * Accepts every BufferedImage type; alpha is stored losslessly; grey sources are marked grey and decode
 * back to grey. See {@link RncImageWriteParam} for the iteration count.
 */
public final class RncImageWriter extends ImageWriter {

    public RncImageWriter(ImageWriterSpi spi) {
        super(spi);
    }

    @Override
    public ImageWriteParam getDefaultWriteParam() {
        return new RncImageWriteParam(getLocale() != null ? getLocale() : Locale.getDefault());
    }

    @Override
    public IIOMetadata getDefaultStreamMetadata(ImageWriteParam param) { return null; }

    /** Writable metadata: merge a native tree with {@code EXIF} / {@code XMP} nodes to store them (see {@link RncMetadata}). */
    @Override
    public IIOMetadata getDefaultImageMetadata(ImageTypeSpecifier imageType, ImageWriteParam param) {
        return new RncMetadata();
    }

    @Override
    public IIOMetadata convertStreamMetadata(IIOMetadata inData, ImageWriteParam param) { return null; }

    /**
     * Keeps what RNC can store of another image's metadata: EXIF and XMP from RNC metadata, from any metadata that
     * offers RNC's native tree, or from a JPEG's APP1 segments ({@code Exif\0\0...}, Adobe's XMP namespace).
     */
    @Override
    public IIOMetadata convertImageMetadata(IIOMetadata inData, ImageTypeSpecifier imageType, ImageWriteParam param) {
        if (inData == null) throw new IllegalArgumentException("inData is null");
        RncMetadata out = new RncMetadata();
        if (inData instanceof RncMetadata m) {
            out.set(m.extras().exif(), m.extras().xmp());
            return out;
        }
        try {
            if (java.util.Arrays.asList(formatNames(inData)).contains(RncMetadata.NATIVE_FORMAT)) {
                out.mergeTree(RncMetadata.NATIVE_FORMAT, inData.getAsTree(RncMetadata.NATIVE_FORMAT));
            } else if (JPEG_FORMAT.equals(inData.getNativeMetadataFormatName())) {
                fromJpeg(inData.getAsTree(JPEG_FORMAT), out);
            }
        } catch (javax.imageio.metadata.IIOInvalidTreeException | RuntimeException e) {
            processWarningOccurred(0, "metadata not kept: " + e.getMessage());
        }
        return out;
    }

    private static final String JPEG_FORMAT = "javax_imageio_jpeg_image_1.0";
    private static final byte[] EXIF_ID = "Exif\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    private static final byte[] XMP_ID = "http://ns.adobe.com/xap/1.0/\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    private static String[] formatNames(IIOMetadata m) {
        String[] names = m.getMetadataFormatNames();
        return names == null ? new String[0] : names;
    }

    /** A JPEG's APP1 segments (kept by the JDK's reader as "unknown" markers): EXIF and XMP. */
    private static void fromJpeg(org.w3c.dom.Node root, RncMetadata out) {
        byte[] exif = null, xmp = null;
        for (org.w3c.dom.Node seq = root.getFirstChild(); seq != null; seq = seq.getNextSibling()) {
            if (!"markerSequence".equals(seq.getNodeName())) continue;
            for (org.w3c.dom.Node n = seq.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (!(n instanceof javax.imageio.metadata.IIOMetadataNode m) || !"unknown".equals(m.getNodeName())
                        || !"225".equals(m.getAttribute("MarkerTag")) || !(m.getUserObject() instanceof byte[] b)) continue;
                if (exif == null && startsWith(b, EXIF_ID)) exif = java.util.Arrays.copyOfRange(b, EXIF_ID.length, b.length);
                else if (xmp == null && startsWith(b, XMP_ID)) xmp = java.util.Arrays.copyOfRange(b, XMP_ID.length, b.length);
            }
        }
        out.set(exif == null ? null : RncMetadata.tiff(exif), xmp);
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        return b.length >= prefix.length && java.util.Arrays.equals(b, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** EXIF and XMP to store: from the image's metadata, in whatever format it comes. */
    private RncFileReader.Extras extrasOf(IIOMetadata md, ImageWriteParam param) {
        if (md == null) return RncFileReader.Extras.NONE;
        RncMetadata m = md instanceof RncMetadata r ? r : (RncMetadata) convertImageMetadata(md, null, param);
        return m.extras();
    }

    @Override
    public boolean canWriteRasters() { return false; }

    @Override
    public void write(IIOMetadata streamMetadata, IIOImage image, ImageWriteParam param) throws IOException {
        Object output = getOutput();
        if (output == null) throw new IllegalStateException("no output set");
        if (image == null) throw new IllegalArgumentException("image is null");
        if (image.hasRaster()) throw new UnsupportedOperationException("RNC writes RenderedImages, not Rasters");
        RenderedImage img = image.getRenderedImage();
        if (img.getWidth() <= 0 || img.getHeight() <= 0) throw new IllegalArgumentException("image has no pixels");
        img = applySourceSettings(img, param);
        clearAbortRequest();
        processImageStarted(0);

        RncImageWriteParam p = param instanceof RncImageWriteParam rp ? rp : rncParam(param);
        String modelName = p.getModelName() != null ? p.getModelName() : ModelRegistry.defaultModelName();
        CodecModel model;
        try {
            model = ModelRegistry.get(modelName);
        } catch (ModelException e) {
            throw new IIOException(e.getMessage(), e);
        }
        CodecConfig cfg = model.config();
        SourceImage src = SourceImage.of(img, CodecConfig.BLOCK);
        int iterations = p.resolveIterations(cfg.maxIterations());
        EntropyPredictor entropy = !p.getEntropyCoding() ? null : ModelRegistry.entropyFor(model);
        RncHeader.Coding coding = entropy != null ? RncHeader.Coding.BINARY_RNN : RncHeader.Coding.RAW;
        int tile = p.getTileSize();
        boolean adaptive = p.isAdaptive() && !cfg.oneShot();
        RncHeader header = new RncHeader(src.width, src.height, src.colour, src.sampleBits, src.alpha != null,
                coding, CodecConfig.BLOCK, cfg.bits(), tile, iterations, model.id(), entropy != null ? entropy.id() : null)
                .withAdaptive(adaptive);
        if (p.getCompactContainer()) header = header.forWriting();
        RncFileReader.Extras md = extrasOf(image.getMetadata(), param);
        RncFileReader.Extras extras = new RncFileReader.Extras(src.iccProfile, md.exif(), md.xmp());
        RncFileWriter probe = new RncFileWriter(Streams.out(null));
        probe.writeHeader(header);
        probe.writeExtras(extras);
        if (src.alpha != null) probe.writeAlpha(src.alpha);
        boolean linear = p.getRestorationFilter() && src.sampleBits == 8;
        // the learned post-filter trained on this codec model's pictures, if the catalog has one (8-bit RGB only)
        PostFilterModel post = p.getPostFilter() && src.sampleBits == 8 && src.colour == RncHeader.Colour.RGB
                ? ModelRegistry.postFilterFor(model.id()) : null;
        boolean filtered = linear || post != null;
        // + the end marker, and room for the filter's chunk under a size limit; the post-filter's only where room is left
        long finishBytes = linear ? Restoration.MAX_FILE_BYTES : 0;
        long size = probe.bytesWritten() + RncFileWriter.endBytes(header) + finishBytes;
        double budget = Double.POSITIVE_INFINITY;
        if (p.getIterations() == 0 && p.getTargetBitsPerPixel() > 0) {
            budget = p.getTargetBitsPerPixel() * src.width * (double) src.height / 8;
            // RAW sizes are known in advance; coded (and adaptive) ones only after coding, within the model's range
            iterations = coding == RncHeader.Coding.RAW && !adaptive
                    ? (int) Math.max(1, Math.min(255, Math.floor((budget - size)
                    / RncFileWriter.iterationBytes(header, (int) Math.min(Integer.MAX_VALUE, header.rawIterationBytes())))))
                    : cfg.maxIterations();
        }
        Tiling tiling = new Tiling(header.paddedWidth(), header.paddedHeight(), tile);
        CodeSearch search = searchFor(p, model, entropy, this::abortRequested);
        // entropy coding an iteration can take as long as running the networks on it: it gets its share of progress
        float networkShare = coding == RncHeader.Coding.RAW ? 95f : 60f;
        List<byte[]> chunks;
        float[][] coded; // the codes the chunks hold (a prefix when a size limit cut them)
        // the restoration filter's fit to the pictures the encoder's decoder made of the coded iterations (null: none)
        Restoration.Collector last = null;
        if (adaptive && Double.isFinite(budget) && p.getBlockTargetPsnr() == 0 && p.getBlockTargetSsim() == 0) {
            // the adaptive rate's ladder under a size limit: the largest iteration cap whose whole file fits (each cap
            // with its own block target, so the file is the one that cap writes, not a truncated longer one); sizes
            // grow with the cap, so a binary search finds it in log2(N) encodes
            int lo = 1, hi = cfg.maxIterations(), trial = 0, trials = 32 - Integer.numberOfLeadingZeros(hi);
            chunks = null;
            coded = null;
            List<byte[]> smallest = null;
            float[][] smallestCodes = null;
            Restoration.Collector smallestPictures = null;
            while (lo <= hi) {
                int k = (lo + hi) >>> 1, t = trial++;
                Restoration.Collector pictures = filtered ? new Restoration.Collector(header, src, post, linear) : null;
                float[][] codes = adaptiveCodes(model, src, k, tiling, p, (done, total) -> {
                    processImageProgress(99f * (t + (float) done / total) / trials);
                    return !abortRequested();
                }, search, pictures);
                List<byte[]> c = codeChunks(codes, header, entropy, size, Double.POSITIVE_INFINITY, -1);
                if (c == null) {
                    processWriteAborted();
                    return;
                }
                long bytes = size;
                for (byte[] b : c) bytes += RncFileWriter.iterationBytes(header, b.length);
                if (bytes <= budget) {
                    chunks = c;
                    coded = codes;
                    last = pictures;
                    lo = k + 1;
                } else {
                    if (k == 1) {
                        smallest = c;
                        smallestCodes = codes;
                        smallestPictures = pictures;
                    }
                    hi = k - 1;
                }
            }
            // not even one iteration fits: the first, as every other setting writes at least one
            if (chunks == null) {
                chunks = smallest.subList(0, 1);
                coded = smallestCodes;
                last = smallest.size() == 1 ? smallestPictures : null;
            }
        } else {
            IterativeCodec.Progress progress = (done, total) -> {
                processImageProgress(networkShare * done / total);
                return !abortRequested();
            };
            Restoration.Collector pictures = filtered ? new Restoration.Collector(header, src, post, linear) : null;
            coded = adaptive ? adaptiveCodes(model, src, iterations, tiling, p, progress, search, pictures)
                    : IterativeCodec.encode(model, src, iterations, tiling, progress, Double.isFinite(budget) ? null : search,
                    pictures);
            last = pictures;
            chunks = codeChunks(coded, header, entropy, size, budget, networkShare);
        }
        if (chunks == null || abortRequested()) {
            processWriteAborted();
            return;
        }
        header = header.withIterations(chunks.size());
        Restoration.Choice finish = Restoration.Choice.NONE;
        if (filtered) {
            long bytes = size - finishBytes;
            for (byte[] c : chunks) bytes += RncFileWriter.iterationBytes(header, c.length);
            // the encoder's pictures are the file's unless a size limit cut iterations off: then decode what is kept
            long allowance = Double.isFinite(budget) ? (long) Math.floor(budget) - bytes : Long.MAX_VALUE;
            finish = last != null && coded.length == chunks.size() ? last.choose(chunks.size(), bytes, allowance)
                    : Restoration.choose(model, post, linear, src, tiling, header,
                    java.util.Arrays.asList(coded).subList(0, chunks.size()), bytes, allowance, this::abortRequested);
            if (finish == null || abortRequested()) {
                processWriteAborted();
                return;
            }
        }
        ImageOutputStream ios = (ImageOutputStream) output;
        RncFileWriter w = new RncFileWriter(Streams.out(ios));
        w.writeHeader(header);
        w.writeExtras(extras);
        if (src.alpha != null) w.writeAlpha(src.alpha);
        if (finish.post()) w.writePostFilter(post.id());
        if (finish.filter() != null) w.writeFilter(finish.filter().payload());
        for (byte[] c : chunks) w.writeIteration(c);
        w.finish();
        ios.flush();
        processImageProgress(100f);
        processImageComplete();
    }

    /**
     * This writer's defaults for a write without an RNC param (none, or a plain ImageWriteParam): an explicit
     * compression quality carries over, as every ImageIO writer honours it.
     */
    private RncImageWriteParam rncParam(ImageWriteParam param) {
        RncImageWriteParam p = (RncImageWriteParam) getDefaultWriteParam();
        if (param != null && param.canWriteCompressed() && param.getCompressionMode() == ImageWriteParam.MODE_EXPLICIT) {
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(param.getCompressionQuality());
        }
        return p;
    }

    /**
     * Codes of the adaptive rate capped at {@code cap} iterations, each block stopping at the param's target (or at the
     * cap's target of the ladder, {@link RncImageWriteParam#blockTargetFor}); iterations after every block has stopped
     * are left out. Null when aborted.
     */
    private static float[][] adaptiveCodes(CodecModel model, SourceImage src, int cap, Tiling tiling, RncImageWriteParam p,
                                           IterativeCodec.Progress progress, CodeSearch search,
                                           Restoration.Collector last) {
        CodecConfig cfg = model.config();
        double psnr = p.getBlockTargetPsnr() > 0 ? p.getBlockTargetPsnr() : RncImageWriteParam.blockTargetFor(cap, cfg.maxIterations());
        AdaptiveIterations.StopRule rule = p.getBlockTargetSsim() > 0 ? AdaptiveIterations.targetSsim(p.getBlockTargetSsim())
                : AdaptiveIterations.targetPsnr(psnr);
        AdaptiveIterations.Result r = AdaptiveIterations.encode(model, src, cap, tiling,
                AdaptiveIterations.atLeast(p.getMinBlockIterations(), rule),
                // a tile's picture after each iteration: its last is the file's picture
                last == null ? null : (t, tile, recon) -> last.accept(tile, recon), progress, search);
        return r == null ? null : java.util.Arrays.copyOf(r.codes(), java.util.Arrays.stream(r.counts()).max().orElse(1));
    }

    /**
     * The param's code search, or null: bits priced by the file's entropy model, or free in RAW files (there a flip is
     * kept whenever it lowers the error and keeps the SSIM).
     */
    private static CodeSearch searchFor(RncImageWriteParam p, CodecModel model, EntropyPredictor entropy,
                                        java.util.function.BooleanSupplier aborted) {
        if (p.getSearchEffort() == 0 || model.config().oneShot()) return null;
        int ranks = RncImageWriteParam.searchRanks(p.getSearchEffort());
        return entropy != null ? new CodeSearch(entropy, CodeSearch.KAPPA, ranks, aborted)
                : new CodeSearch(null, 0, ranks, aborted);
    }

    /**
     * Each iteration's payload, as long as the file (already {@code size} bytes without them) stays within
     * {@code budget} (at least one iteration). Nothing is written here, so an abort leaves the output untouched: null
     * then, or when {@code codes} is null. Progress from {@code share} to 99 % unless share is negative.
     */
    private List<byte[]> codeChunks(float[][] codes, RncHeader header, EntropyPredictor entropy, long size, double budget,
                                    float share) {
        if (codes == null) return null;
        IterationCoder coder;
        try {
            coder = IterationCoder.forFile(header, entropy);
        } catch (RncFormatException e) {
            throw new IllegalStateException(e); // the writer pairs portable models with the format it writes
        }
        List<byte[]> chunks = new ArrayList<>();
        for (float[] c : codes) {
            if (abortRequested()) return null;
            byte[] payload = coder.encode(c);
            long bytes = RncFileWriter.iterationBytes(header, payload.length);
            if (size + bytes > budget && !chunks.isEmpty()) break;
            chunks.add(payload);
            size += bytes;
            if (share >= 0) processImageProgress(share + (99f - share) * chunks.size() / codes.length);
        }
        return chunks;
    }

    /** Applies the param's source region and subsampling (type-preserving copy). */
    static RenderedImage applySourceSettings(RenderedImage img, ImageWriteParam param) {
        if (param == null) return img;
        Rectangle region = new Rectangle(img.getMinX(), img.getMinY(), img.getWidth(), img.getHeight());
        if (param.getSourceRegion() != null) region = region.intersection(param.getSourceRegion());
        int sx = param.getSourceXSubsampling(), sy = param.getSourceYSubsampling();
        int ox = param.getSubsamplingXOffset(), oy = param.getSubsamplingYOffset();
        if (region.equals(new Rectangle(img.getMinX(), img.getMinY(), img.getWidth(), img.getHeight()))
                && sx == 1 && sy == 1 && ox == 0 && oy == 0) return img;
        region = new Rectangle(region.x + ox, region.y + oy, region.width - ox, region.height - oy);
        int w = (region.width + sx - 1) / sx, h = (region.height + sy - 1) / sy;
        if (region.isEmpty() || w <= 0 || h <= 0) throw new IllegalArgumentException("source region is empty");
        Raster src = img.getData(region);
        WritableRaster dst = src.createCompatibleWritableRaster(w, h);
        Object px = null;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                px = src.getDataElements(region.x + x * sx, region.y + y * sy, px);
                dst.setDataElements(x, y, px);
            }
        return new BufferedImage(img.getColorModel(), dst, img.getColorModel().isAlphaPremultiplied(), null);
    }
}

package org.rnc.imageio;

import java.util.Locale;

import javax.imageio.ImageWriteParam;

/**
 * Write settings. Standard route: {@code setCompressionMode(MODE_EXPLICIT)} then
 * {@code setCompressionQuality(q)} selects {@code max(1, ceil(q * N))} iterations, N being the model's maximum
 * (16 for rnc-default), so {@code q = k / N} gives exactly k iterations. RNC-specific: an exact
 * {@link #setIterations iteration count}, a {@link #setTargetBitsPerPixel target bit rate}, and the
 * {@link #setModelName model}. Without any of these the writer uses {@value #DEFAULT_ITERATIONS} iterations.
 * Precedence: iterations, then target bpp, then explicit quality, then the default.
 * <p>
 * {@link #setAdaptiveRate Spatially adaptive rate}: every 16x16 block stops once its own PSNR reaches a target, so
 * flat regions stop paying for iterations that textured ones still need (format 3 files). The iteration settings
 * above cap the count, and the target follows the cap ({@link #blockTargetFor}) unless
 * {@link #setBlockTargetPsnr} or {@link #setBlockTargetSsim} sets it (then the cap defaults to the model's maximum).
 */
public final class RncImageWriteParam extends ImageWriteParam {
    public static final int DEFAULT_ITERATIONS = 8;
    /** Images larger than this (pixels per side) are coded in independent tiles, bounding memory. */
    public static final int DEFAULT_TILE_SIZE = 1024;
    static final String COMPRESSION_TYPE = "RNC";

    private final int maxIterations;
    private int iterations;
    private double targetBpp;
    private String modelName;
    private boolean entropyCoding = true;
    private int tileSize = DEFAULT_TILE_SIZE;
    private double blockTargetPsnr, blockTargetSsim;
    private boolean adaptiveRate = true;
    private boolean restorationFilter = true;
    private boolean postFilter = true;
    private boolean compactContainer = true;
    private int minBlockIterations = DEFAULT_MIN_BLOCK_ITERATIONS;
    private int searchEffort = DEFAULT_SEARCH_EFFORT;
    /**
     * Blocks that stop after one or two iterations cost more MS-SSIM than they save bits (measured on Kodak in
     * docs/quality/adaptive-closed-loop.md), so by default every block gets at least three.
     */
    public static final int DEFAULT_MIN_BLOCK_ITERATIONS = 3;

    /**
     * The writer's code search effort unless told otherwise ({@link #setSearchEffort}): none. The search searches the
     * iteration that ends each block, so its gain shrinks as iterations are added and its cost does not: on all 24
     * Kodak images effort 1 adds 0.55 dB at one iteration but 0.04 dB at 0.5 bpp, for 2-6x the encode time
     * (docs/quality/code-search.md).
     */
    public static final int DEFAULT_SEARCH_EFFORT = 0;

    public RncImageWriteParam(Locale locale) {
        this(locale, 16);
    }

    RncImageWriteParam(Locale locale, int maxIterations) {
        super(locale);
        this.maxIterations = maxIterations;
        canWriteCompressed = true;
        compressionTypes = new String[]{COMPRESSION_TYPE};
        compressionType = COMPRESSION_TYPE;
        compressionQuality = (float) DEFAULT_ITERATIONS / maxIterations;
    }

    /** Keeps the single compression type set, as JPEGImageWriteParam does, so quality can be set at once. */
    @Override
    public void unsetCompression() {
        super.unsetCompression();
        compressionType = COMPRESSION_TYPE;
        compressionQuality = (float) DEFAULT_ITERATIONS / maxIterations;
    }

    /** Exact number of iterations (1..255; 0 clears). */
    public void setIterations(int iterations) {
        if (iterations < 0 || iterations > 255) throw new IllegalArgumentException("iterations " + iterations);
        this.iterations = iterations;
    }

    public int getIterations() { return iterations; }

    /**
     * Stop at the largest iteration count whose whole file stays within this many bits per pixel (counted on
     * the original pixels); at least one iteration is always written. 0 clears.
     */
    public void setTargetBitsPerPixel(double bpp) {
        if (!(bpp >= 0) || Double.isInfinite(bpp)) throw new IllegalArgumentException("bits per pixel " + bpp);
        this.targetBpp = bpp;
    }

    public double getTargetBitsPerPixel() { return targetBpp; }

    /**
     * Whether to entropy-code the codes with the BinaryRNN model shipped for the codec model (default true;
     * files fall back to RAW coding when no matching entropy model is installed).
     */
    public void setEntropyCoding(boolean on) { this.entropyCoding = on; }

    public boolean getEntropyCoding() { return entropyCoding; }

    /**
     * Side of the square tiles large images are split into (a multiple of 16, at most 2048). Tiles are
     * coded independently: memory depends on the tile, not the image.
     */
    public void setTileSize(int pixels) {
        if (pixels <= 0 || pixels % 16 != 0 || pixels > org.rnc.format.RncHeader.MAX_TILE)
            throw new IllegalArgumentException("tile size " + pixels);
        this.tileSize = pixels;
    }

    public int getTileSize() { return tileSize; }

    /**
     * Spatially adaptive rate: each 16x16 block stops once the PSNR of its own 8-bit RGB samples reaches {@code db}
     * (after at least {@link #getMinBlockIterations()} iterations). Writes a format 3 file, which RNC readers before
     * this release cannot decode. 0 clears (every block gets every iteration: a format 2 file).
     */
    public void setBlockTargetPsnr(double db) {
        if (!(db >= 0) || db > 100) throw new IllegalArgumentException("block target PSNR " + db);
        this.blockTargetPsnr = db;
        if (db > 0) blockTargetSsim = 0;
    }

    public double getBlockTargetPsnr() { return blockTargetPsnr; }

    /**
     * Spatially adaptive rate with a structural target: each block stops once its SSIM (the mean over R, G and B of SSIM
     * over the block, on 2x2 averages, where most of MS-SSIM's weight lies) reaches {@code ssim}, in (0, 1). Replaces a
     * PSNR target; 0 clears. Otherwise as {@link #setBlockTargetPsnr}.
     */
    public void setBlockTargetSsim(double ssim) {
        if (!(ssim >= 0) || ssim >= 1) throw new IllegalArgumentException("block target SSIM " + ssim);
        this.blockTargetSsim = ssim;
        if (ssim > 0) blockTargetPsnr = 0;
    }

    public double getBlockTargetSsim() { return blockTargetSsim; }

    /**
     * The spatially adaptive rate with one knob: the iteration count chosen as usual (quality, {@link #setIterations},
     * target bit rate or the default) caps every block, and each block stops earlier once its own PSNR reaches
     * {@link #blockTargetFor(int, int)} of that count. Files are smaller than every block at every iteration for less
     * PSNR, and better in PSNR per byte (docs/quality/adaptive-format.md). With a {@link #setTargetBitsPerPixel target
     * bit rate} the writer picks the largest cap whose whole file fits (a binary search, about log2(N) + 1 encodes). An
     * explicit block target takes precedence (a target bit rate then truncates its file).
     */
    public void setAdaptiveRate(boolean on) { this.adaptiveRate = on; }

    public boolean getAdaptiveRate() { return adaptiveRate; }

    /** Whether blocks get their own iteration counts (a block target is set, or the adaptive rate is on). */
    public boolean isAdaptive() { return adaptiveRate || blockTargetPsnr > 0 || blockTargetSsim > 0; }

    /**
     * The block PSNR target (dB) of the adaptive rate at an iteration cap of {@code k} of a model's {@code max}
     * (counted as if of 16): 24 dB up to 3 iterations, then 2 dB more per iteration, 40 dB from 11 on. Since 2026-12-07
     * (docs/quality/adaptive-format.md, "A higher ladder for rnc-4"): with {@code rnc-4} on half of Kodak, against
     * {@code max(24, 14 + 2k)} before it, 3.5 % more bytes at equal PSNR and 1.6 % fewer at equal MS-SSIM, and a 0.5 bpp
     * file decodes in 0.79x the time (1.04x the uniform codec's on one machine, where the ladder before took 1.34x;
     * issue 17 allows 1.25x). A higher ladder stops blocks later: fewer decoder passes at a given rate, less PSNR
     * saved; {@code max(24, 12 + 2k)} (sessions 13-18) saved the most PSNR and decoded slowest.
     */
    public static double blockTargetFor(int k, int max) {
        int k16 = (int) Math.round(k * 16.0 / max);
        return Math.min(40, Math.max(24, 18 + 2 * k16));
    }

    /** The fewest iterations a block gets when the rate is adaptive (1..255; default {@value #DEFAULT_MIN_BLOCK_ITERATIONS}). */
    public void setMinBlockIterations(int n) {
        if (n < 1 || n > 255) throw new IllegalArgumentException("minimum block iterations " + n);
        this.minBlockIterations = n;
    }

    public int getMinBlockIterations() { return minBlockIterations; }

    /**
     * Encoder effort spent on a code search (docs/quality/code-search.md): 0 none (the default), 1 fast, 2 thorough.
     * Where a block's last iteration is coded, the writer ranks the flips of its codes by the decoder's gradient, decodes
     * the iteration again with the best-ranked ones (1 or 4 per block) and keeps those that lower the squared error by
     * more than the bits they cost without lowering SSIM: smaller files at the same PSNR and MS-SSIM for a slower
     * encode. On all 24 Kodak images effort 1 saves 4.7 % of the bytes at equal PSNR and 2.5 % at equal MS-SSIM over
     * 1-16 iterations, for 2-6x the encode time; most of that is at low rates (below about 0.3 bpp), where the iteration
     * it searches is a large share of the file. Files, their format and decoding are the same whatever the effort. Not
     * applied under a {@link #setTargetBitsPerPixel target bit rate} with the adaptive rate off (the iteration that
     * ends such a file is known only after coding).
     */
    public void setSearchEffort(int effort) {
        if (effort < 0 || effort > 2) throw new IllegalArgumentException("search effort " + effort);
        this.searchEffort = effort;
    }

    /** Each block's best-ranked code flips a search of this effort (1 or 2) tries. */
    static int searchRanks(int effort) {
        return effort == 1 ? 1 : 4;
    }

    public int getSearchEffort() { return searchEffort; }

    /**
     * The restoration filter (on by default; format 2.2 / 3.1, conformance/FORMAT.md): the writer fits a small linear
     * filter to the decoded picture by least squares and stores it (43 bytes for RGB) when it gains more than those bytes
     * would as codes; the reader runs it after the file's last iteration. 3.0 % fewer bytes at equal PSNR and 1.1 % at
     * equal MS-SSIM on the 24 Kodak images (docs/quality/restoration-filter.md), for a least-squares fit while encoding. Readers
     * before those format versions skip it and show the unfiltered picture. 16-bit grey files have none.
     */
    public void setRestorationFilter(boolean on) { this.restorationFilter = on; }

    public boolean getRestorationFilter() { return restorationFilter; }

    /**
     * The learned post-filter (on by default; format 2.3 / 3.2, conformance/FORMAT.md {@code POST}): when the model
     * catalog pairs one with the codec model, the writer names it in the file (a chunk of 54 bytes for `rnc-3-pf2`, a record of 24 in format 4) if the picture it
     * leaves, with the restoration filter refitted to it, gains more than those bytes would as codes; the reader runs
     * it on every picture it shows. Readers before those format versions skip it. 8-bit RGB files only.
     */
    public void setPostFilter(boolean on) { this.postFilter = on; }

    public boolean getPostFilter() { return postFilter; }

    /**
     * The compact container (on by default): entropy-coded files are written as format 4, some 150 bytes smaller than
     * the same file in format 2.3 / 3.2 (docs/quality/container.md). Off writes those older formats, for readers of
     * releases before 2026-12-08, which refuse format 4 files; the codes and pictures are the same either way.
     */
    public void setCompactContainer(boolean on) { this.compactContainer = on; }

    public boolean getCompactContainer() { return compactContainer; }

    /** Codec model by name (see ModelRegistry); null for the default. */
    public void setModelName(String name) { this.modelName = name; }

    public String getModelName() { return modelName; }

    @Override
    public boolean isCompressionLossless() {
        super.isCompressionLossless(); // keeps the state checks of the contract
        return false;
    }

    @Override
    public String[] getCompressionQualityDescriptions() {
        super.getCompressionQualityDescriptions();
        return new String[]{"1 iteration (0.125 bpp before entropy coding)", maxIterations + " iterations"};
    }

    @Override
    public float[] getCompressionQualityValues() {
        super.getCompressionQualityValues();
        return new float[]{0f, 1f / maxIterations, 1f};
    }

    /** Raw code rate of the chosen quality: 1/8 bit per pixel per iteration. */
    @Override
    public float getBitRate(float quality) {
        super.getBitRate(quality);
        return iterationsForQuality(quality, maxIterations) / 8f;
    }

    static int iterationsForQuality(float q, int max) {
        return Math.max(1, Math.min(max, (int) Math.ceil(q * max - 1e-6)));
    }

    /** The iteration count this param asks for when no target bit rate is set. */
    int resolveIterations(int modelMax) {
        if (iterations > 0) return iterations;
        if (getCompressionMode() == MODE_EXPLICIT) return iterationsForQuality(getCompressionQuality(), modelMax);
        // an explicit block target decides where blocks stop, so the cap is the model's; the ladder keeps the default cap
        return blockTargetPsnr > 0 || blockTargetSsim > 0 ? modelMax : Math.min(DEFAULT_ITERATIONS, modelMax);
    }
}

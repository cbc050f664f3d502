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
        return Math.min(DEFAULT_ITERATIONS, modelMax);
    }
}

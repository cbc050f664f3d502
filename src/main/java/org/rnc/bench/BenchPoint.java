package org.rnc.bench;

/**
 * One measured rate-distortion point of the benchmark: one codec at one setting on one image.
 *
 * @param codec    {@code rnc}, {@code jpeg}, {@code jpeg2000}, {@code webp} or {@code png}
 * @param setting  the codec's setting, self-describing ({@code it3}, {@code q0.50}, {@code bpp0.250}, {@code lossless})
 * @param image    the image's file name without its extension
 * @param bytes    size of the whole file the codec writes
 * @param bpp      {@code bytes * 8} over the original's pixel count
 * @param psnr     dB over R, G, B (infinite for a lossless result)
 * @param msssim   MS-SSIM averaged over R, G, B ({@link org.rnc.metrics.ImageQuality#msSsim})
 * @param encodeMs wall-clock encode time
 * @param decodeMs wall-clock decode time
 */
public record BenchPoint(String codec, String setting, String image, long bytes, double bpp, double psnr,
                         double msssim, double encodeMs, double decodeMs) {

    /** The original's pixel count, recovered from bytes and bpp. */
    public double pixels() {
        return bytes * 8.0 / bpp;
    }

    /** MS-SSIM in dB, {@code -10 log10(1 - MS-SSIM)}, as BD-rate and many papers use it (infinite at 1). */
    public double msssimDb() {
        return msssimDb(msssim);
    }

    public static double msssimDb(double msssim) {
        return -10 * Math.log10(1 - msssim);
    }
}

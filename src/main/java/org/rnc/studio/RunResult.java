package org.rnc.studio;

/**
 * One row of the Results tab: one measured run of a model or codec.
 *
 * @param model   the model or codec ({@code rnc}, {@code jpeg}, {@code autoencoder}, ...)
 * @param source  what it was run on (an image's name, {@code mnist}, a training run's folder)
 * @param setting the codec's setting or the run's parameters ({@code it4}, {@code q0.43}, {@code latent 32})
 * @param bpp     bits per pixel of the compressed form (NaN when not known)
 * @param mse     mean squared error on a 0..1 scale (NaN when not measured)
 * @param psnr    dB (infinite for lossless, NaN when not measured)
 * @param msssim  MS-SSIM (NaN when not measured, e.g. for images smaller than 176 pixels on a side)
 * @param seconds wall-clock time of the run (encoding, or training)
 */
public record RunResult(String model, String source, String setting, double bpp, double mse, double psnr,
                        double msssim, double seconds) {

    /** PSNR in dB for an MSE on a 0..1 scale. */
    public static double psnrOf(double mse) {
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(1 / mse);
    }

    /** MSE on a 0..1 scale for a PSNR in dB. */
    public static double mseOf(double psnr) {
        return Double.isInfinite(psnr) ? 0 : Math.pow(10, -psnr / 10);
    }
}

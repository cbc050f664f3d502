package org.rnc.codec;

import org.rnc.model.CodecModel;

/**
 * The additive recurrent loop of Toderici et al. on top of a loaded model:
 * {@code b_t = B(E(r_{t-1}))}, {@code x_t = x_{t-1} + D(b_t)}, {@code r_t = x - x_t}.
 * The encoder runs the decoder too, so it knows the residual the next iteration must code.
 */
public final class IterativeCodec {
    private IterativeCodec() {}

    /** Receives each iteration's codes (+1/-1) and the reconstruction so far; false stops the loop. */
    public interface IterationSink {
        boolean accept(int iteration, float[] codes, float[] reconstruction) throws java.io.IOException;
    }

    /** Runs up to {@code iterations} iterations over a padded image. */
    public static void encode(CodecModel model, SourceImage src, int iterations, IterationSink sink)
            throws java.io.IOException {
        int h = src.paddedHeight, w = src.paddedWidth;
        float[] recon = new float[h * w * 3];
        float[] residual = src.rgb.clone();
        try (CodecModel.Encoder enc = model.encoder(h, w); CodecModel.Decoder dec = model.decoder(h, w)) {
            for (int t = 0; t < iterations; t++) {
                float[] codes = enc.step(residual);
                float[] delta = dec.step(codes);
                for (int i = 0; i < recon.length; i++) {
                    recon[i] += delta[i];
                    residual[i] = src.rgb[i] - recon[i];
                }
                if (!sink.accept(t, codes, recon)) break;
            }
        }
    }

    /** Decoding side: feed each iteration's codes, read the reconstruction after it. */
    public static final class Decoding implements AutoCloseable {
        private final CodecModel.Decoder dec;
        private final float[] recon;
        private int iterations;

        public Decoding(CodecModel model, int paddedHeight, int paddedWidth) {
            dec = model.decoder(paddedHeight, paddedWidth);
            recon = new float[paddedHeight * paddedWidth * 3];
        }

        /** Adds one iteration; returns the running reconstruction (padded, RGB, [-0.5, 0.5] nominal). */
        public float[] add(float[] codes) {
            float[] delta = dec.step(codes);
            for (int i = 0; i < recon.length; i++) recon[i] += delta[i];
            iterations++;
            return recon;
        }

        public int iterations() { return iterations; }

        @Override
        public void close() {
            dec.close();
        }
    }
}

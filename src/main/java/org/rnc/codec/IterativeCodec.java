package org.rnc.codec;

import java.io.IOException;
import java.util.List;

import org.rnc.model.CodecModel;

/**
 * The additive recurrent loop of Toderici et al. on top of a loaded model:
 * {@code b_t = B(E(r_{t-1}))}, {@code x_t = x_{t-1} + D(b_t)}, {@code r_t = x - x_t}.
 * The encoder runs the decoder too, so it knows the residual the next iteration must code.
 * <p>
 * Large images are coded in independent square tiles (see {@link Tiling}), each with its own network
 * states, so memory depends on the tile size, not the image size. Codes are always laid out on the whole
 * image's block grid.
 */
public final class IterativeCodec {
    private IterativeCodec() {}

    /** Receives progress after every iteration of every tile (steps done, steps in all); false stops. */
    public interface Progress {
        boolean stepDone(int done, int total);
    }

    /**
     * Encodes {@code iterations} iterations; returns the codes of each iteration on the whole padded image's
     * block grid ((H/16) x (W/16) x bits, NHWC), or fewer iterations' worth of tiles if stopped (then null).
     */
    public static float[][] encode(CodecModel model, SourceImage src, int iterations, Tiling tiling, Progress progress) {
        return encode(model, src, iterations, tiling, progress, null);
    }

    /** As above, the codes of the last iteration searched with {@code search} (null: not searched). */
    public static float[][] encode(CodecModel model, SourceImage src, int iterations, Tiling tiling, Progress progress,
                                   CodeSearch search) {
        return encode(model, src, iterations, tiling, progress, search, null);
    }

    /**
     * As above; {@code last} (null: none) is handed each tile's reconstruction after the last iteration, the reader's
     * picture of the file (the decoder runs one more step for it).
     */
    public static float[][] encode(CodecModel model, SourceImage src, int iterations, Tiling tiling, Progress progress,
                                   CodeSearch search, java.util.function.BiConsumer<Tiling.Tile, float[]> last) {
        int bits = model.config().bits(), wb = tiling.paddedWidth() / Tiling.BLOCK;
        float[][] codes = new float[iterations][tiling.blocksHigh() * wb * bits];
        int done = 0;
        for (Tiling.Tile tile : tiling.tiles()) {
            int h = tile.height(), w = tile.width();
            float[] x = src.tile(tile.x(), tile.y(), w, h);
            float[] recon = new float[x.length];
            float[] residual = x.clone();
            List<float[]> previous = new java.util.ArrayList<>();
            boolean[] all = new boolean[(h / Tiling.BLOCK) * (w / Tiling.BLOCK)];
            java.util.Arrays.fill(all, true);
            try (CodecModel.Encoder enc = model.encoder(h, w); CodecModel.Decoder dec = model.decoder(h, w)) {
                for (int t = 0; t < iterations; t++) {
                    float gain = model.config().gain(t);
                    float[] c = enc.step(gain == 1f ? residual : scaled(residual, gain));
                    if (search != null && t == iterations - 1 && !model.config().oneShot())
                        search.search(new CodeSearch.Tile(model, enc, dec, previous, x, recon, all, all, h / Tiling.BLOCK,
                                w / Tiling.BLOCK, gain, model.config().gain(t + 1)), c, dec.trial(c));
                    previous.add(c);
                    tiling.place(tile, c, codes[t], bits);
                    done++;
                    if (progress != null && !progress.stepDone(done, tiling.tiles().size() * iterations)) return null;
                    if (t + 1 < iterations || last != null) { // the last iteration's reconstruction only for {@code last}
                        accumulate(model.config(), t, recon, dec.step(c));
                        for (int i = 0; i < recon.length; i++) residual[i] = x[i] - recon[i];
                    }
                }
            }
            if (last != null) last.accept(tile, recon);
        }
        return codes;
    }

    /**
     * Folds decoder output {@code t} (0-based) into the reconstruction: added, divided by the residual gain
     * (additive models), or taken as the whole image (one-shot models).
     */
    static void accumulate(org.rnc.model.CodecConfig cfg, int t, float[] recon, float[] out) {
        if (cfg.oneShot()) {
            System.arraycopy(out, 0, recon, 0, recon.length);
            return;
        }
        float gain = cfg.gain(t);
        if (gain == 1f) {
            for (int i = 0; i < recon.length; i++) recon[i] += out[i];
        } else {
            for (int i = 0; i < recon.length; i++) recon[i] += out[i] / gain;
        }
    }

    /**
     * As {@link #accumulate} for the codes {@code codes} of a tile {@code width} pixels wide: blocks whose codes are all
     * 0 have stopped (adaptive files) and keep their pixels; the others add the decoder's output.
     */
    static void accumulate(org.rnc.model.CodecConfig cfg, int t, float[] recon, float[] out, float[] codes, int width) {
        boolean[] active = org.rnc.format.RawBits.activeBlocks(codes, cfg.bits());
        boolean all = true;
        for (boolean a : active) all &= a;
        if (all || cfg.oneShot()) accumulate(cfg, t, recon, out);
        else addBlocks(recon, out, cfg.gain(t), active, width / Tiling.BLOCK, width);
    }

    /** recon += out / gain inside the active blocks only ({@code tw} blocks, {@code w} pixels across). */
    static void addBlocks(float[] recon, float[] out, float gain, boolean[] active, int tw, int w) {
        for (int b = 0; b < active.length; b++) {
            if (!active[b]) continue;
            int x0 = (b % tw) * Tiling.BLOCK, y0 = (b / tw) * Tiling.BLOCK;
            for (int y = y0; y < y0 + Tiling.BLOCK; y++)
                for (int i = 3 * (y * w + x0); i < 3 * (y * w + x0 + Tiling.BLOCK); i++)
                    recon[i] += gain == 1f ? out[i] : out[i] / gain;
        }
    }

    static float[] scaled(float[] x, float gain) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) y[i] = x[i] * gain;
        return y;
    }

    /** Receives a decoded tile: its reconstruction (tile-sized, RGB, [-0.5, 0.5] nominal); false stops. */
    public interface TileSink {
        boolean accept(Tiling.Tile tile, float[] reconstruction) throws IOException;
    }

    /** Decodes all given iterations tile by tile (for images of more than one tile). */
    public static void decodeTiles(CodecModel model, Tiling tiling, List<float[]> codes, TileSink sink) throws IOException {
        int bits = model.config().bits();
        for (Tiling.Tile tile : tiling.tiles()) {
            try (Decoding d = new Decoding(model, tile.height(), tile.width())) {
                float[] recon = null;
                for (float[] c : codes) {
                    float[] tc = tiling.extract(tile, c, bits);
                    // adaptive files: once every block of the tile has stopped (all codes 0), none goes on, and
                    // the tile's pixels are final
                    if (recon != null && allZero(tc)) break;
                    recon = d.add(tc);
                }
                if (!sink.accept(tile, recon)) return;
            }
        }
    }

    private static boolean allZero(float[] codes) {
        for (float v : codes) if (v != 0) return false;
        return true;
    }

    /** Decoding one tile (or a whole small image) iteration by iteration, for progressive display. */
    public static final class Decoding implements AutoCloseable {
        private final CodecModel.Decoder dec;
        private final org.rnc.model.CodecConfig config;
        private final float[] recon;
        private final int width;
        private int iterations;

        public Decoding(CodecModel model, int paddedHeight, int paddedWidth) {
            config = model.config();
            dec = model.decoder(paddedHeight, paddedWidth);
            recon = new float[paddedHeight * paddedWidth * 3];
            width = paddedWidth;
        }

        /**
         * Adds one iteration; returns the running reconstruction (padded, RGB, [-0.5, 0.5] nominal). Blocks whose codes
         * are all 0 (stopped, in adaptive files) keep their pixels.
         */
        public float[] add(float[] codes) {
            accumulate(config, iterations, recon, dec.step(codes), codes, width);
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

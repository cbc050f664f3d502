package org.rnc.codec;

import java.util.Arrays;

import org.rnc.format.RncFileWriter;
import org.rnc.format.RncFormatException;
import org.rnc.format.RncHeader;
import org.rnc.model.CodecModel;
import org.rnc.model.PostFilterModel;

/**
 * The restoration filter of a file's {@code FILT} chunk (format 2.2 / 3.1, issue 17, conformance/FORMAT.md): a small
 * linear filter, fitted by the writer to each image by least squares and stored as integers, that the reader runs on
 * the decoded 8-bit picture after the file's last iteration. The decoder network is trained on average over many
 * images; a filter fitted to one image (sharpening what it blurs, correcting its colour mix) removes part of what is
 * left, for a few dozen bytes: as AV1's loop restoration does after its in-loop filters.
 * <p>
 * Integer arithmetic only, in a fixed order, so every reader computes the same pixels from the same picture. For each
 * plane p of a tile (R, G, B, or grey) and pixel v = p(y, x):
 * <pre>
 *   s   = sum_k w[k] * (p(y+dy_k, x+dx_k) + p(y-dy_k, x-dx_k) - 2 v)      k = 0..11, {@link #OFFSETS}
 *       + sum_j w[12+j] * (q_j(y, x) - v)                                 RGB only: q_j the other two planes, in R, G, B order
 *   out = clamp(v + ((s + 64) >> 7), 0, 255)
 * </pre>
 * with coordinates clamped into the tile (the filter never reads another tile, as decoding does not) and every term
 * read from the unfiltered picture. The weights are signed bytes in units of 1/128.
 */
public final class Restoration {
    /** The 12 point-symmetric offsets (dy, dx) of a 5x5 window, the half with (dy, dx) > (0, 0) in reading order. */
    static final int[][] OFFSETS = {{0, 1}, {0, 2}, {1, -2}, {1, -1}, {1, 0}, {1, 1}, {1, 2}, {2, -2}, {2, -1}, {2, 0},
            {2, 1}, {2, 2}};
    /** The payload's first byte: the filter described here. A reader ignores other kinds (written by later releases). */
    public static final int KIND = 1;
    static final int SHIFT = 7, ROUND = 1 << (SHIFT - 1);
    /** Bytes the largest filter (RGB) adds to a file: its payload and the chunk's length, type and CRC (format 4: fewer). */
    public static final int MAX_FILE_BYTES = 12 + 1 + 3 * (12 + 2);

    private final int planes;
    private final byte[][] weights;

    private Restoration(byte[][] weights) {
        this.planes = weights.length;
        this.weights = weights;
    }

    /** Weights a plane has: 12 spatial ones, and for RGB 2 more for the other planes. */
    static int weightsPerPlane(int planes) {
        return OFFSETS.length + (planes == 3 ? 2 : 0);
    }

    /** The filter of a chunk payload for a picture of {@code planes} planes (1 grey, 3 RGB); null for a kind this build does not know. */
    public static Restoration parse(byte[] payload, int planes) throws RncFormatException {
        if (planes != 1 && planes != 3) throw new IllegalArgumentException("planes " + planes);
        if (payload.length < 1) throw new RncFormatException("empty FILT chunk");
        if ((payload[0] & 0xFF) != KIND) return null;
        int n = weightsPerPlane(planes);
        if (payload.length != 1 + planes * n)
            throw new RncFormatException("FILT chunk of " + payload.length + " bytes, expected " + (1 + planes * n));
        byte[][] w = new byte[planes][];
        for (int p = 0; p < planes; p++) w[p] = Arrays.copyOfRange(payload, 1 + p * n, 1 + (p + 1) * n);
        return new Restoration(w);
    }

    /** The chunk payload. */
    public byte[] payload() {
        int n = weightsPerPlane(planes);
        byte[] out = new byte[1 + planes * n];
        out[0] = KIND;
        for (int p = 0; p < planes; p++) System.arraycopy(weights[p], 0, out, 1 + p * n, n);
        return out;
    }

    public int planes() { return planes; }

    /** The filter with these weights (units of 1/128), one array per plane. */
    static Restoration of(int[][] w) {
        byte[][] b = new byte[w.length][];
        for (int p = 0; p < w.length; p++) {
            if (w[p].length != weightsPerPlane(w.length)) throw new IllegalArgumentException("weights of plane " + p);
            b[p] = new byte[w[p].length];
            for (int k = 0; k < w[p].length; k++) {
                if (w[p][k] < -128 || w[p][k] > 127) throw new IllegalArgumentException("weight " + w[p][k]);
                b[p][k] = (byte) w[p][k];
            }
        }
        return new Restoration(b);
    }

    /** Filters a tile's 8-bit planes ({@code w} x {@code h}, row-major), returning new planes. */
    public int[][] apply(int[][] in, int w, int h) {
        if (in.length != planes) throw new IllegalArgumentException(in.length + " planes, the filter has " + planes);
        int[][] out = new int[planes][w * h];
        for (int p = 0; p < planes; p++) {
            int[] v = in[p], o = out[p];
            byte[] wt = weights[p];
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    int c = v[y * w + x], s = 0;
                    for (int k = 0; k < OFFSETS.length; k++) {
                        int dy = OFFSETS[k][0], dx = OFFSETS[k][1];
                        s += wt[k] * (v[clamp(y + dy, h) * w + clamp(x + dx, w)] + v[clamp(y - dy, h) * w + clamp(x - dx, w)] - 2 * c);
                    }
                    if (planes == 3)
                        for (int j = 0, q = 0; q < 3; q++)
                            if (q != p) s += wt[OFFSETS.length + j++] * (in[q][y * w + x] - c);
                    int r = c + ((s + ROUND) >> SHIFT);
                    o[y * w + x] = r < 0 ? 0 : Math.min(255, r);
                }
        }
        return out;
    }

    private static int clamp(int i, int n) {
        return i < 0 ? 0 : Math.min(n - 1, i);
    }

    /**
     * What the writer stores for the picture that {@code codes} (a file's iterations) decode to, chosen as
     * {@link Collector#choose} does; null when aborted. Decodes the codes as the reader does, tile by tile.
     */
    public static Choice choose(CodecModel model, PostFilterModel post, boolean linear, SourceImage src, Tiling tiling,
                                RncHeader header, java.util.List<float[]> codes, long fileBytes, long allowance,
                                java.util.function.BooleanSupplier aborted) throws java.io.IOException {
        Collector c = new Collector(header, src, post, linear);
        boolean[] stopped = {false};
        IterativeCodec.decodeTiles(model, tiling, codes, (tile, recon) -> {
            c.accept(tile, recon);
            stopped[0] = aborted.getAsBoolean();
            return !stopped[0];
        });
        return stopped[0] ? null : c.choose(codes.size(), fileBytes, allowance);
    }

    /**
     * What a file stores after its iterations' pictures: whether it names the post-filter (a {@code POST} chunk), and
     * the restoration filter (null: none), fitted to the picture the post-filter leaves when it is named.
     */
    public record Choice(boolean post, Restoration filter) {
        public static final Choice NONE = new Choice(false, null);
    }

    /**
     * The fit from each tile's picture after the file's last iteration as the encoder's own decoder leaves it (the
     * reader's picture, without decoding the file again). Tiles come one after another; a tile's picture may be handed
     * over again as it changes (after every iteration) and counts as it last was. Without a post-filter only one
     * tile's picture is held; with one, every tile's 8-bit picture is kept (3 bytes a pixel) until {@link #choose}
     * knows the file's iteration count, which the post-filter is told.
     */
    public static final class Collector implements java.util.function.BiConsumer<Tiling.Tile, float[]> {
        private final Fit fit;
        private final RncHeader header;
        private final SourceImage src;
        private final PostFilterModel post;
        private final boolean linear;
        private final java.util.List<Tiling.Tile> tiles = new java.util.ArrayList<>();
        private final java.util.List<byte[][]> pictures = new java.util.ArrayList<>();
        private Tiling.Tile tile;
        private float[] recon;

        /**
         * {@code post}: the post-filter the file may name (null: none; used for RGB pictures only); {@code linear}:
         * whether it may store a restoration filter.
         */
        public Collector(RncHeader header, SourceImage src, PostFilterModel post, boolean linear) {
            int planes = planes(header);
            this.fit = new Fit(planes);
            this.header = header;
            this.src = src;
            this.post = planes == 3 ? post : null;
            this.linear = linear;
        }

        @Override
        public void accept(Tiling.Tile t, float[] reconstruction) {
            if (tile != null && !tile.equals(t)) take();
            tile = t;
            recon = reconstruction;
        }

        private void take() {
            if (post == null) {
                fit.add(header, src, tile, recon);
            } else {
                int[][] p = OutputImages.planes(header, recon, tile.width(), tile.height());
                byte[][] b = new byte[p.length][p[0].length];
                for (int c = 0; c < p.length; c++) for (int i = 0; i < p[c].length; i++) b[c][i] = (byte) p[c][i];
                tiles.add(tile);
                pictures.add(b);
            }
            tile = null;
            recon = null;
        }

        /**
         * What pays in a file of {@code fileBytes} (without the two chunks) whose pictures hold {@code passes}
         * iterations: of nothing, the filter, the post-filter, and both, the one whose gain in dB most exceeds what its
         * chunks' bytes would buy as codes ({@link #DB_PER_DOUBLING} per doubling of the rate); nothing unless one gains.
         */
        public Choice choose(int passes, long fileBytes) throws java.io.IOException {
            return choose(passes, fileBytes, Long.MAX_VALUE);
        }

        /** As above, leaving out what takes more than {@code allowance} bytes (the room under a size limit). */
        public Choice choose(int passes, long fileBytes, long allowance) throws java.io.IOException {
            if (tile != null) take();
            if (post == null) {
                Fitted f = fit.result();
                long bytes = RncFileWriter.chunkBytes(header, f.filter().payload().length);
                return linear && bytes <= allowance && f.pays(fileBytes, bytes) ? new Choice(false, f.filter()) : Choice.NONE;
            }
            int n = planes(header);
            return Restoration.choose(tiles.size(), i -> {
                Tiling.Tile t = tiles.get(i);
                int w = t.width(), h = t.height();
                int[][] p = new int[n][w * h];
                for (int c = 0; c < n; c++) for (int j = 0; j < p[c].length; j++) p[c][j] = pictures.get(i)[c][j] & 255;
                return new TilePicture(p, src.planes8(t.x(), t.y(), w, h, n), w, h,
                        Math.min(w, src.width - t.x()), Math.min(h, src.height - t.y()));
            }, post, linear, header, passes, fileBytes, allowance);
        }
    }

    /**
     * A tile's picture as the decoder network leaves it ({@code decoded}, 8-bit planes, {@code w} x {@code h}) and the
     * source's over the same pixels; only the top-left {@code vw} x {@code vh} lie inside the image.
     */
    public record TilePicture(int[][] decoded, int[][] original, int w, int h, int vw, int vh) {}

    /**
     * What pays for a file of {@code fileBytes} (without the two chunks) whose {@code count} tiles' pictures hold
     * {@code passes} iterations: of nothing, the restoration filter (if {@code linear}), the post-filter (if not
     * null), and both (the filter fitted to the post-filter's picture), the one whose gain in dB most exceeds what its
     * chunks' bytes would buy as codes ({@link #DB_PER_DOUBLING} per doubling of the rate), among those whose chunks
     * take at most {@code allowance} bytes.
     */
    public static Choice choose(int count, java.util.function.IntFunction<TilePicture> tiles, PostFilterModel post,
                                boolean linear, RncHeader header, int passes, long fileBytes, long allowance)
            throws java.io.IOException {
        Fit plain = null, filtered = null;
        for (int i = 0; i < count; i++) {
            TilePicture t = tiles.apply(i);
            if (plain == null) {
                plain = new Fit(t.decoded().length);
                filtered = new Fit(t.decoded().length);
            }
            plain.add(t.decoded(), t.original(), t.w(), t.h(), t.vw(), t.vh());
            if (post != null) filtered.add(post.apply(t.decoded(), t.w(), t.h(), passes), t.original(), t.w(), t.h(), t.vw(), t.vh());
        }
        if (plain == null) return Choice.NONE;
        double none = plain.sse();
        if (!(none > 0)) return Choice.NONE;
        double off = Double.NEGATIVE_INFINITY;
        Fitted f0 = linear ? plain.result() : null, f1 = linear && post != null ? filtered.result() : null;
        long fBytes = RncFileWriter.chunkBytes(header, 1 + plain.planes * weightsPerPlane(plain.planes));
        long postBytes = post == null ? 0 : RncFileWriter.chunkBytes(header, RncFileWriter.postFilterPayload(post.id(), header).length);
        double[] score = {0, f0 != null && fBytes <= allowance ? score(none, f0.sseAfter(), fBytes, fileBytes) : off,
                post != null && postBytes <= allowance ? score(none, filtered.sse(), postBytes, fileBytes) : off,
                f1 != null && postBytes + fBytes <= allowance ? score(none, f1.sseAfter(), postBytes + fBytes, fileBytes) : off};
        int best = 0;
        for (int i = 1; i < score.length; i++) if (score[i] > score[best]) best = i;
        return switch (best) {
            case 1 -> new Choice(false, f0.filter());
            case 2 -> new Choice(true, null);
            case 3 -> new Choice(true, f1.filter());
            default -> Choice.NONE;
        };
    }

    /** Gain in dB from squared error {@code before} to {@code after} less what {@code extra} bytes buy as codes. */
    static double score(double before, double after, long extra, long fileBytes) {
        double gain = 10 * Math.log10(before / Math.max(after, 1e-9));
        return gain - DB_PER_DOUBLING * Math.log(1 + extra / (double) Math.max(1, fileBytes)) / Math.log(2);
    }

    private static int planes(RncHeader header) {
        if (header.sampleBits() != 8) throw new IllegalArgumentException("a restoration filter is for 8-bit pictures");
        return header.colour() == RncHeader.Colour.RGB ? 3 : 1;
    }

    /** A fitted filter and the squared errors of the picture without it and (predicted) with it. */
    public record Fitted(Restoration filter, double sseBefore, double sseAfter) {
        /**
         * Whether the filter pays for its chunk in a file of {@code fileBytes}: its gain in dB beats what the same bytes
         * buy as codes, {@link #DB_PER_DOUBLING} per doubling of the rate.
         */
        public boolean pays(long fileBytes) {
            return pays(fileBytes, 12 + filter.payload().length);
        }

        /** As above, for a chunk of {@code chunkBytes} in all (the file's format sets its framing). */
        public boolean pays(long fileBytes, long chunkBytes) {
            if (!(sseAfter < sseBefore) || sseAfter <= 0) return sseAfter < sseBefore;
            double gain = 10 * Math.log10(sseBefore / sseAfter);
            double cost = DB_PER_DOUBLING * Math.log(1 + (double) chunkBytes / fileBytes) / Math.log(2);
            return gain > cost;
        }
    }

    /**
     * PSNR a doubling of the rate buys, about: rnc-2's adaptive files on Kodak gain 2 to 2.5 dB per doubling between
     * 0.04 and 0.5 bpp. The higher figure, so a filter is kept only where it clearly pays.
     */
    static final double DB_PER_DOUBLING = 2.5;

    /**
     * Least-squares fit, accumulated tile by tile: the normal equations of each plane's weights for predicting
     * {@code original - decoded} from the filter's terms. Only pixels inside the image count (not the padding).
     */
    public static final class Fit {
        private final int planes, n;
        private final double[][][] ata;
        private final double[][] atb;
        private double sse;

        public Fit(int planes) {
            if (planes != 1 && planes != 3) throw new IllegalArgumentException("planes " + planes);
            this.planes = planes;
            this.n = weightsPerPlane(planes);
            ata = new double[planes][n][n];
            atb = new double[planes][n];
        }

        /**
         * Adds a tile: {@code decoded} its 8-bit planes ({@code w} x {@code h}), {@code original} the source's over the
         * same pixels; only the top-left {@code vw} x {@code vh} lie inside the image.
         */
        public void add(int[][] decoded, int[][] original, int w, int h, int vw, int vh) {
            double[] f = new double[n];
            for (int p = 0; p < planes; p++) {
                int[] v = decoded[p];
                double[][] a = ata[p];
                double[] b = atb[p];
                for (int y = 0; y < vh; y++)
                    for (int x = 0; x < vw; x++) {
                        int c = v[y * w + x];
                        for (int k = 0; k < OFFSETS.length; k++) {
                            int dy = OFFSETS[k][0], dx = OFFSETS[k][1];
                            f[k] = v[clamp(y + dy, h) * w + clamp(x + dx, w)] + v[clamp(y - dy, h) * w + clamp(x - dx, w)] - 2 * c;
                        }
                        if (planes == 3)
                            for (int j = 0, q = 0; q < 3; q++)
                                if (q != p) f[OFFSETS.length + j++] = decoded[q][y * w + x] - c;
                        double t = original[p][y * w + x] - c;
                        sse += t * t;
                        for (int i = 0; i < n; i++) {
                            if (f[i] == 0) continue;
                            b[i] += f[i] * t;
                            for (int j = 0; j <= i; j++) a[i][j] += f[i] * f[j];
                        }
                    }
            }
        }

        /** Adds a tile's reconstruction (padded tile, RGB floats) as the reader's 8-bit picture, against the source. */
        void add(RncHeader header, SourceImage src, Tiling.Tile tile, float[] recon) {
            add(OutputImages.planes(header, recon, tile.width(), tile.height()),
                    src.planes8(tile.x(), tile.y(), tile.width(), tile.height(), planes), tile.width(), tile.height(),
                    Math.min(tile.width(), src.width - tile.x()), Math.min(tile.height(), src.height - tile.y()));
        }

        /** The fitted filter with the squared errors before and (predicted) after. */
        public Fitted result() {
            Restoration f = solve();
            return new Fitted(f, sse, predictedSse(f));
        }

        /** Squared error of the decoded picture so far, over all planes. */
        public double sse() { return sse; }

        /**
         * Squared error {@code filter} would leave, from the normal equations (t - Aw)^2 = t.t - 2 w.A't + w'A'Aw: exact
         * but for the filter's rounding to integers and clamping to 0..255, so no second pass over the picture is needed.
         */
        public double predictedSse(Restoration filter) {
            double e = sse;
            for (int p = 0; p < planes; p++) {
                double[] w = new double[n];
                for (int i = 0; i < n; i++) w[i] = filter.weights[p][i] / (double) (1 << SHIFT);
                for (int i = 0; i < n; i++) {
                    e -= 2 * w[i] * atb[p][i];
                    for (int j = 0; j < n; j++) e += w[i] * w[j] * (i >= j ? ata[p][i][j] : ata[p][j][i]);
                }
            }
            return e;
        }

        /** The fitted filter, weights rounded to 1/128 and clamped to a byte. */
        public Restoration solve() {
            int[][] w = new int[planes][];
            for (int p = 0; p < planes; p++) {
                double[][] a = new double[n][n + 1];
                double trace = 0;
                for (int i = 0; i < n; i++) trace += ata[p][i][i];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) a[i][j] = i >= j ? ata[p][i][j] : ata[p][j][i];
                    // a whisper of ridge: flat pictures (terms all 0) and collinear terms still solve, to weights near 0
                    a[i][i] += 1e-9 * trace + 1e-9;
                    a[i][n] = atb[p][i];
                }
                double[] x = solve(a, n);
                w[p] = new int[n];
                for (int i = 0; i < n; i++) w[p][i] = (int) Math.max(-128, Math.min(127, Math.round(x[i] * (1 << SHIFT))));
            }
            return of(w);
        }

        /** Gaussian elimination with partial pivoting on the augmented n x (n+1) matrix. */
        private static double[] solve(double[][] a, int n) {
            for (int col = 0; col < n; col++) {
                int piv = col;
                for (int r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) piv = r;
                double[] t = a[col];
                a[col] = a[piv];
                a[piv] = t;
                if (a[col][col] == 0) continue;
                for (int r = col + 1; r < n; r++) {
                    double m = a[r][col] / a[col][col];
                    if (m == 0) continue;
                    for (int c = col; c <= n; c++) a[r][c] -= m * a[col][c];
                }
            }
            double[] x = new double[n];
            for (int r = n - 1; r >= 0; r--) {
                double s = a[r][n];
                for (int c = r + 1; c < n; c++) s -= a[r][c] * x[c];
                x[r] = a[r][r] == 0 ? 0 : s / a[r][r];
            }
            return x;
        }
    }
}

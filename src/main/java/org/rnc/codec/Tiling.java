package org.rnc.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * The split of a padded image into independent square tiles of {@code tile} pixels (the last row and
 * column of tiles are smaller), each a multiple of the block size. A tile size of at least the image size
 * means one tile: the whole image.
 */
public final class Tiling {
    public static final int BLOCK = 16;

    /** A tile's position and size in padded-image pixels. */
    public record Tile(int x, int y, int width, int height) {}

    private final int paddedWidth, paddedHeight;
    private final List<Tile> tiles = new ArrayList<>();

    public Tiling(int paddedWidth, int paddedHeight, int tile) {
        if (tile <= 0 || tile % BLOCK != 0) throw new IllegalArgumentException("tile size " + tile);
        this.paddedWidth = paddedWidth;
        this.paddedHeight = paddedHeight;
        for (int y = 0; y < paddedHeight; y += tile)
            for (int x = 0; x < paddedWidth; x += tile)
                tiles.add(new Tile(x, y, Math.min(tile, paddedWidth - x), Math.min(tile, paddedHeight - y)));
    }

    public List<Tile> tiles() { return tiles; }

    public int paddedWidth() { return paddedWidth; }

    public int paddedHeight() { return paddedHeight; }

    public int blocksHigh() { return paddedHeight / BLOCK; }

    /** Copies a tile's codes into the whole-image code grid. */
    void place(Tile t, float[] tileCodes, float[] grid, int bits) {
        int tw = t.width() / BLOCK, th = t.height() / BLOCK, gw = paddedWidth / BLOCK;
        for (int y = 0; y < th; y++)
            System.arraycopy(tileCodes, y * tw * bits, grid, ((t.y() / BLOCK + y) * gw + t.x() / BLOCK) * bits, tw * bits);
    }

    /** A tile's codes out of the whole-image code grid. */
    public float[] extract(Tile t, float[] grid, int bits) {
        int tw = t.width() / BLOCK, th = t.height() / BLOCK, gw = paddedWidth / BLOCK;
        float[] out = new float[tw * th * bits];
        for (int y = 0; y < th; y++)
            System.arraycopy(grid, ((t.y() / BLOCK + y) * gw + t.x() / BLOCK) * bits, out, y * tw * bits, tw * bits);
        return out;
    }
}

package org.rnc.imageio;

import javax.imageio.ImageReadParam;

/**
 * Read settings. With source subsampling (a thumbnail, a preview) the reader decodes only as many iterations as
 * the smaller picture can show, {@link #iterationsFor}; {@link #setDecodeAllIterations(boolean)
 * setDecodeAllIterations(true)} asks for all of them, as does any call of
 * {@link #setSourceProgressivePasses(int, int) setSourceProgressivePasses} on this class, which always wins over
 * the rule. A plain {@code ImageReadParam} gets the rule unless its passes differ from the default (0, all).
 */
public final class RncImageReadParam extends ImageReadParam {
    private boolean decodeAllIterations, passesSet;

    /** Records that the caller chose the passes (even all of them), which then win over the subsampling rule. */
    @Override
    public void setSourceProgressivePasses(int minPass, int numPasses) {
        super.setSourceProgressivePasses(minPass, numPasses);
        passesSet = true;
    }

    boolean passesSet() { return passesSet; }

    /** Decode every stored iteration even when subsampling would let the reader stop early. */
    public void setDecodeAllIterations(boolean all) { this.decodeAllIterations = all; }

    public boolean getDecodeAllIterations() { return decodeAllIterations; }

    /**
     * Iterations to decode for a file of {@code stored} iterations read with subsampling {@code xs, ys}: with s the
     * smaller factor (the finer axis decides what detail shows), 6 for s = 2, 3 for s = 3 to 7, 2 from s = 8 on,
     * and never more than the file holds. Subsampling takes every s-th pixel, so the detail later iterations add
     * only aliases in the smaller picture: on the 24 Kodak images (README, "Thumbnails") a thumbnail made from a
     * subsampled read came closest to the original's thumbnail (PSNR) at exactly these counts (s = 2, 3, 4 and 8
     * measured; 5 to 7 between), and decoding more made it worse.
     */
    public static int iterationsFor(int stored, int xs, int ys) {
        int s = Math.min(xs, ys);
        if (s <= 1) return stored;
        int k = s == 2 ? 6 : s < 8 ? 3 : 2;
        return Math.max(1, Math.min(stored, k));
    }
}

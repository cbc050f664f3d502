package org.rnc.fuzz;

/** What the fuzz targets share: repairing chunk CRCs so that the fuzzer gets past them. */
final class FuzzSupport {
    private FuzzSupport() {}

    /**
     * Rewrites the CRC of every whole chunk of {@code f} (after the 8-byte signature, whatever it holds), so that an
     * input the fuzzer mutated reaches the code behind the checksums. A trailing partial chunk is left as it is.
     */
    static byte[] withFixedCrcs(byte[] in) {
        byte[] f = in.clone();
        int at = 8;
        for (org.rnc.TestImages.ChunkSpan s; (s = org.rnc.TestImages.chunkSpan(f, at)) != null && s.size() <= f.length - at; ) {
            org.rnc.TestImages.fixChunkCrc(f, at);
            at += (int) s.size();
        }
        return f;
    }
}

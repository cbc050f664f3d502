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
        while (at + 12 <= f.length) {
            long len = ((f[at] & 0xFFL) << 24) | ((f[at + 1] & 0xFF) << 16) | ((f[at + 2] & 0xFF) << 8) | (f[at + 3] & 0xFF);
            if (len > f.length - at - 12) break;
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(f, at + 4, 4 + (int) len);
            long c = crc.getValue();
            int end = at + 8 + (int) len;
            for (int i = 0; i < 4; i++) f[end + i] = (byte) (c >>> (24 - 8 * i));
            at = end + 4;
        }
        return f;
    }
}

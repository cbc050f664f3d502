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
            if (at > 8 && (f[16] & 0xFF) >= 4) return withFixedRecordCrcs(f, at); // format 4: records after HEAD
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

    /** Format 4's records from {@code at}: type byte, LEB128 length, payload, CRC of type and payload (none for ITER, 7). */
    private static byte[] withFixedRecordCrcs(byte[] f, int at) {
        while (at < f.length) {
            int type = f[at] & 0xFF, i = at + 1;
            long len = 0;
            for (int shift = 0; ; shift += 7) {
                if (i >= f.length || shift > 28) return f;
                int b = f[i++] & 0xFF;
                len |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) break;
            }
            int crcBytes = type == 7 ? 0 : 4;
            if (len > f.length - i - crcBytes) return f;
            int end = i + (int) len;
            if (crcBytes > 0) {
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(f, at, 1);
                crc.update(f, i, (int) len);
                long c = crc.getValue();
                for (int k = 0; k < 4; k++) f[end + k] = (byte) (c >>> (24 - 8 * k));
            }
            at = end + crcBytes;
        }
        return f;
    }
}

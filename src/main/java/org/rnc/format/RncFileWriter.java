package org.rnc.format;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes an {@code .rnc} container chunk by chunk, so iterations can be streamed out as the encoder
 * produces them. Call order: {@link #writeHeader}, optionally {@link #writeExtras}, {@link #writeAlpha},
 * {@link #writePostFilter} and {@link #writeFilter}, then {@link #writeIteration} for each iteration, then {@link #finish}.
 */
public final class RncFileWriter {
    private final OutputStream out;
    private long bytesWritten;
    private RncHeader header;
    private int nextIteration;
    private boolean alphaWritten, filterWritten, postWritten;

    public RncFileWriter(OutputStream out) {
        this.out = out;
    }

    /** Total bytes written so far. */
    public long bytesWritten() { return bytesWritten; }

    public void writeHeader(RncHeader h) throws IOException {
        if (header != null) throw new IllegalStateException("header already written");
        header = h;
        out.write(Chunks.MAGIC);
        bytesWritten += Chunks.MAGIC.length;
        writeChunk(Chunks.HEAD, encodeHeader(h));
    }

    static byte[] encodeHeader(RncHeader h) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(bos);
        d.writeByte(h.version());
        d.writeByte(h.minorVersion());
        d.writeInt(h.width());
        d.writeInt(h.height());
        d.writeByte(h.colour().code);
        d.writeByte(h.sampleBits());
        d.writeByte(h.hasAlpha() ? 1 : 0);
        d.writeByte(h.coding().code);
        d.writeByte(h.blockSize());
        d.writeByte(h.codesPerBlock());
        d.writeShort(h.tileSize());
        d.writeByte(h.iterations());
        if (h.version() >= RncHeader.ADAPTIVE_MAJOR) d.writeByte(h.adaptive() ? 1 : 0);
        writeModel(d, h.model(), h.compact());
        if (h.coding() == RncHeader.Coding.BINARY_RNN) writeModel(d, h.entropyModel(), h.compact());
        return bos.toByteArray();
    }

    /** A model's name (u8 length, UTF-8) and its SHA-256: whole, or in a format 4 file its first bytes. */
    private static void writeModel(DataOutputStream d, ModelId m, boolean compact) throws IOException {
        byte[] name = m.name().getBytes(StandardCharsets.UTF_8);
        if (name.length > 255) throw new IOException("model name too long");
        if (m.isPrefix() && !compact) throw new IOException(m + " is known by a prefix of its hash, which only a format 4 file holds");
        d.writeByte(name.length);
        d.write(name);
        d.write(compact ? m.prefix().sha256() : m.sha256());
    }

    /**
     * The optional metadata chunks, after the header and before the alpha plane and iterations: an ICC profile
     * (stored zlib-compressed), EXIF (a TIFF structure) and XMP (UTF-8); nulls are left out.
     */
    public void writeExtras(RncFileReader.Extras extras) throws IOException {
        if (header == null) throw new IllegalStateException("no header");
        if (nextIteration > 0 || alphaWritten || filterWritten || postWritten)
            throw new IllegalStateException("metadata precedes the image data");
        if (extras.icc() != null) {
            checked(extras.icc(), "ICC profile"); // readers limit the profile itself, not only its compressed form
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            bos.write(0); // method 0: zlib deflate
            try (DeflaterOutputStream z = new DeflaterOutputStream(bos, new Deflater(Deflater.BEST_COMPRESSION))) {
                z.write(extras.icc());
            }
            writeChunk(Chunks.ICCP, checked(bos.toByteArray(), "ICC profile"));
        }
        if (extras.exif() != null) writeChunk(Chunks.EXIF, checked(extras.exif(), "EXIF"));
        if (extras.xmp() != null) writeChunk(Chunks.XMP, checked(extras.xmp(), "XMP"));
    }

    private static byte[] checked(byte[] b, String what) throws IOException {
        if (b.length > Chunks.MAX_METADATA) throw new IOException(what + " of " + b.length + " bytes is larger than a reader accepts");
        return b;
    }

    /** Alpha plane, 8 bits per pixel, rows top to bottom, stored losslessly (zlib). */
    public void writeAlpha(byte[] alpha) throws IOException {
        if (header == null || !header.hasAlpha()) throw new IllegalStateException("header declares no alpha");
        if (nextIteration > 0) throw new IllegalStateException("alpha precedes the iterations");
        if (alpha.length != (long) header.width() * header.height()) throw new IllegalArgumentException("alpha size");
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        bos.write(0); // method 0: zlib deflate
        try (DeflaterOutputStream z = new DeflaterOutputStream(bos, new Deflater(Deflater.BEST_COMPRESSION))) {
            // PNG's "up" filter: smooth alpha gradients become runs of small values.
            int w = header.width();
            byte[] row = new byte[w];
            for (int y = 0; y < header.height(); y++) {
                for (int x = 0; x < w; x++) {
                    int v = alpha[y * w + x];
                    int up = y > 0 ? alpha[(y - 1) * w + x] : 0;
                    row[x] = (byte) (v - up);
                }
                z.write(row);
            }
        }
        writeChunk(Chunks.ALPH, bos.toByteArray());
        alphaWritten = true;
    }

    /** The POST chunk naming the post-filter model; after the alpha plane, before the filter and the iterations. */
    public void writePostFilter(ModelId model) throws IOException {
        if (header == null) throw new IllegalStateException("no header");
        if (nextIteration > 0 || filterWritten) throw new IllegalStateException("the post-filter precedes the filter and the iterations");
        if (header.hasAlpha() && !alphaWritten) throw new IllegalStateException("the post-filter follows the alpha plane");
        writeChunk(Chunks.POST, postFilterPayload(model, header));
        postWritten = true;
    }

    /** A POST chunk's payload in a file with this header: the model's name length, name and hash, as the header stores models. */
    public static byte[] postFilterPayload(ModelId model, RncHeader h) throws IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        writeModel(new DataOutputStream(b), model, h.compact());
        return b.toByteArray();
    }

    /**
     * The restoration filter's payload (format 2.2 / 3.1), after the alpha plane and before the iterations: the reader
     * runs it on the picture of all the file's iterations.
     */
    public void writeFilter(byte[] payload) throws IOException {
        if (header == null) throw new IllegalStateException("no header");
        if (nextIteration > 0) throw new IllegalStateException("the filter precedes the iterations");
        if (header.hasAlpha() && !alphaWritten) throw new IllegalStateException("the filter follows the alpha plane");
        if (payload.length > Chunks.MAX_FILTER) throw new IllegalArgumentException("filter of " + payload.length + " bytes");
        writeChunk(Chunks.FILT, payload);
        filterWritten = true;
    }

    /** One iteration's data as {@code IterationCoder} makes it. */
    public void writeIteration(byte[] codedData) throws IOException {
        if (header == null) throw new IllegalStateException("no header");
        if (nextIteration >= header.iterations()) throw new IllegalStateException("more iterations than declared");
        if (header.compact()) { // position is the index; the data's own CRC checks it
            writeRecord(Chunks.ITER, codedData);
            nextIteration++;
            return;
        }
        byte[] payload = new byte[2 + codedData.length];
        payload[0] = (byte) (nextIteration >>> 8);
        payload[1] = (byte) nextIteration;
        System.arraycopy(codedData, 0, payload, 2, codedData.length);
        writeChunk(Chunks.ITER, payload);
        nextIteration++;
    }

    public void finish() throws IOException {
        if (header == null || nextIteration != header.iterations())
            throw new IllegalStateException("wrote " + nextIteration + " of " + (header == null ? 0 : header.iterations()));
        if (!header.compact()) writeChunk(Chunks.END, new byte[0]); // format 4: complete when it holds every declared iteration
        out.flush();
    }

    /** Bytes an iteration of {@code dataLength} bytes (as {@code IterationCoder} makes it) takes in a file with this header. */
    public static long iterationBytes(RncHeader h, int dataLength) {
        return h.compact() ? 1 + varintLength(dataLength) + dataLength : 12 + 2 + dataLength;
    }

    /** Bytes a chunk (format 4: a record) of another kind than an iteration takes, framing and CRC included. */
    public static long chunkBytes(RncHeader h, int payloadLength) {
        return h.compact() ? 1 + varintLength(payloadLength) + payloadLength + 4 : 12 + payloadLength;
    }

    /** Bytes of the end marker: format 4 has none. */
    public static long endBytes(RncHeader h) {
        return h.compact() ? 0 : 12;
    }

    static int varintLength(long v) {
        int n = 1;
        while ((v >>>= 7) != 0) n++;
        return n;
    }

    /**
     * After the HEAD chunk, a format 4 file's records: type (one byte), payload length (unsigned LEB128), payload, and
     * except for iterations (whose data carries the CRC of its codes) the CRC-32 of the type byte and payload.
     */
    private void writeRecord(int type, byte[] payload) throws IOException {
        int code = Chunks.compactCode(type);
        byte[] head = new byte[1 + varintLength(payload.length)];
        head[0] = (byte) code;
        long v = payload.length;
        for (int i = 1; i < head.length; i++, v >>>= 7) head[i] = (byte) ((v & 0x7F) | (i < head.length - 1 ? 0x80 : 0));
        out.write(head);
        out.write(payload);
        bytesWritten += head.length + payload.length;
        if (type != Chunks.ITER) {
            CRC32 crc = new CRC32();
            crc.update(head, 0, 1);
            crc.update(payload);
            long c = crc.getValue();
            out.write(new byte[]{(byte) (c >>> 24), (byte) (c >>> 16), (byte) (c >>> 8), (byte) c});
            bytesWritten += 4;
        }
    }

    private void writeChunk(int type, byte[] payload) throws IOException {
        if (header != null && header.compact() && type != Chunks.HEAD) {
            writeRecord(type, payload);
            return;
        }
        byte[] head = {(byte) (payload.length >>> 24), (byte) (payload.length >>> 16), (byte) (payload.length >>> 8),
                (byte) payload.length, (byte) (type >>> 24), (byte) (type >>> 16), (byte) (type >>> 8), (byte) type};
        CRC32 crc = new CRC32();
        crc.update(head, 4, 4);
        crc.update(payload);
        long c = crc.getValue();
        out.write(head);
        out.write(payload);
        out.write(new byte[]{(byte) (c >>> 24), (byte) (c >>> 16), (byte) (c >>> 8), (byte) c});
        bytesWritten += 12L + payload.length;
    }
}

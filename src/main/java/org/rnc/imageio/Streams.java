package org.rnc.imageio;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/** Plain java.io views of ImageIO streams, for the pure-Java format layer. */
final class Streams {
    private Streams() {}

    static InputStream in(ImageInputStream iis) {
        return new InputStream() {
            @Override
            public int read() throws IOException { return iis.read(); }

            @Override
            public int read(byte[] b, int off, int len) throws IOException { return iis.read(b, off, len); }
        };
    }

    /** Forwards to {@code ios}, or discards when it is null (to measure a layout without writing it). */
    static OutputStream out(ImageOutputStream ios) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                if (ios != null) ios.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (ios != null) ios.write(b, off, len);
            }
        };
    }
}

package org.rnc.imageio;

import java.io.IOException;
import java.util.Locale;

import javax.imageio.ImageReader;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;

import org.rnc.format.Chunks;
import org.rnc.format.RncFileReader;

/** Service provider for {@link RncImageReader}; recognises files by their 8-byte signature. */
public final class RncImageReaderSpi extends ImageReaderSpi {

    public RncImageReaderSpi() {
        super(RncFormat.VENDOR, RncFormat.VERSION, RncFormat.NAMES, RncFormat.SUFFIXES, RncFormat.MIME_TYPES,
                RncFormat.READER, new Class<?>[]{ImageInputStream.class}, new String[]{RncFormat.WRITER_SPI},
                false, null, null, null, null,
                true, RncMetadata.NATIVE_FORMAT, RncMetadataFormat.class.getName(), null, null);
    }

    @Override
    public boolean canDecodeInput(Object source) throws IOException {
        if (!(source instanceof ImageInputStream in)) return false;
        byte[] b = new byte[Chunks.MAGIC.length];
        in.mark();
        try {
            int n = 0;
            while (n < b.length) {
                int r = in.read(b, n, b.length - n);
                if (r < 0) break;
                n += r;
            }
            return RncFileReader.hasMagic(b, n);
        } catch (java.io.EOFException e) {
            return false;
        } finally {
            in.reset();
        }
    }

    @Override
    public ImageReader createReaderInstance(Object extension) {
        return new RncImageReader(this);
    }

    @Override
    public String getDescription(Locale locale) {
        return "RNC recurrent neural codec image reader";
    }
}

package org.rnc.imageio;

import java.awt.image.ColorModel;
import java.awt.image.SampleModel;
import java.util.Locale;

import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.spi.ImageWriterSpi;
import javax.imageio.stream.ImageOutputStream;

/** Service provider for {@link RncImageWriter}. */
public final class RncImageWriterSpi extends ImageWriterSpi {

    public RncImageWriterSpi() {
        super(RncFormat.VENDOR, RncFormat.VERSION, RncFormat.NAMES, RncFormat.SUFFIXES, RncFormat.MIME_TYPES,
                RncFormat.WRITER, new Class<?>[]{ImageOutputStream.class}, new String[]{RncFormat.READER_SPI},
                false, null, null, null, null,
                true, RncMetadata.NATIVE_FORMAT, RncMetadataFormat.class.getName(), null, null);
    }

    /** Any image with a colour model: indexed, custom and 16-bit types are converted to RGB or grey. */
    @Override
    public boolean canEncodeImage(ImageTypeSpecifier type) {
        ColorModel cm = type.getColorModel();
        SampleModel sm = type.getSampleModel();
        return cm != null && sm != null && sm.getNumBands() >= 1 && sm.getNumBands() <= 4;
    }

    @Override
    public ImageWriter createWriterInstance(Object extension) {
        return new RncImageWriter(this);
    }

    @Override
    public String getDescription(Locale locale) {
        return "RNC recurrent neural codec image writer";
    }
}

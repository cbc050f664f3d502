package org.rnc.imageio;

import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/** In-memory convenience over the ImageIO reader and writer, for callers that hold bytes rather than files. */
public final class RncIO {
    private RncIO() {}

    /** Encodes to {@code .rnc} bytes; {@code settings} adjusts the write param (may be null). */
    public static byte[] encode(RenderedImage img, Consumer<RncImageWriteParam> settings) throws IOException {
        return encode(img, null, settings);
    }

    /** As {@link #encode(RenderedImage, Consumer)}, with image metadata to keep (EXIF, XMP; may be null). */
    public static byte[] encode(RenderedImage img, javax.imageio.metadata.IIOMetadata metadata, Consumer<RncImageWriteParam> settings)
            throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("rnc").next();
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bos)) {
            RncImageWriteParam p = (RncImageWriteParam) w.getDefaultWriteParam();
            if (settings != null) settings.accept(p);
            w.setOutput(out);
            w.write(null, new IIOImage(img, null, metadata), p);
        } finally {
            w.dispose();
        }
        return bos.toByteArray();
    }

    /** Encodes with an exact iteration count and the default coding. */
    public static byte[] encode(RenderedImage img, int iterations) throws IOException {
        return encode(img, p -> p.setIterations(iterations));
    }

    /** Decodes {@code .rnc} bytes; {@code param} and {@code warnings} (collects reader warnings) may be null. */
    public static BufferedImage decode(byte[] file, ImageReadParam param, List<String> warnings) throws IOException {
        ImageReader r = ImageIO.getImageReadersByFormatName("rnc").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(file))) {
            r.setInput(in);
            if (warnings != null) r.addIIOReadWarningListener((IIOReadWarningListener) (s, msg) -> warnings.add(msg));
            return r.read(0, param);
        } finally {
            r.dispose();
        }
    }
}

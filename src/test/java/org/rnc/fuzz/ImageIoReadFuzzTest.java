package org.rnc.fuzz;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.rnc.imageio.RncImageReader;
import org.rnc.imageio.RncImageReaderSpi;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The whole read path as an application meets it: {@code canDecodeInput}, metadata and {@code read} through
 * ImageIO, on arbitrary bytes with their chunk CRCs repaired, with the shipped models (images are limited to
 * 16,384 padded pixels here so that each input decodes in milliseconds). An image or an IOException.
 */
class ImageIoReadFuzzTest {
    private static String limit;

    @BeforeAll
    static void smallImages() {
        limit = System.getProperty(RncImageReader.MAX_PIXELS_PROPERTY);
        System.setProperty(RncImageReader.MAX_PIXELS_PROPERTY, "16384");
    }

    @AfterAll
    static void restore() {
        if (limit == null) System.clearProperty(RncImageReader.MAX_PIXELS_PROPERTY);
        else System.setProperty(RncImageReader.MAX_PIXELS_PROPERTY, limit);
    }

    @FuzzTest(maxDuration = "60s")
    @Timeout(20)
    @DictionaryFile(resourcePath = "rnc.dict")
    void fuzzImageIoRead(byte[] data) {
        byte[] file = FuzzSupport.withFixedCrcs(data);
        RncImageReaderSpi spi = new RncImageReaderSpi();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(file))) {
            if (!spi.canDecodeInput(in)) return;
            ImageReader r = spi.createReaderInstance();
            try {
                r.setInput(in);
                r.getWidth(0);
                r.getImageMetadata(0);
                r.read(0);
            } finally {
                r.dispose();
            }
        } catch (IOException expected) {
            // the contract: bad input is an IOException
        }
    }
}

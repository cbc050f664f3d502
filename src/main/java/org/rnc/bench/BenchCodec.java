package org.rnc.bench;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/** A codec the benchmark measures: every setting of its sweep on one image. */
public interface BenchCodec {

    /** The codec column of points.csv. */
    String name();

    /** What exactly is measured (library, settings), for the report. */
    String description();

    /** Settings measured per image (progress units). */
    int settingCount();

    /** Encodes and decodes a small picture; throws, with the reason, when the codec cannot run here. */
    void probe() throws Exception;

    /**
     * Measures every setting on {@code original} (8-bit RGB). {@code done} is told how many settings were
     * finished as they finish; a setting that fails is left out of the results and told to {@code failed}
     * ("setting: reason"). The decoded image is kept in the result only when {@code keepDecoded}.
     */
    List<Result> measure(BufferedImage original, boolean keepDecoded, IntConsumer done, Consumer<String> failed)
            throws IOException;

    /** One setting's outcome, metrics included. */
    record Result(String setting, long bytes, double psnr, double msssim, double encodeMs, double decodeMs,
                  BufferedImage decoded) {}
}

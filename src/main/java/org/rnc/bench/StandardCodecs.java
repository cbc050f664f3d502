package org.rnc.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;

/** The reference codecs of the benchmark: JPEG, JPEG 2000, WebP and PNG through ImageIO plugins. */
public final class StandardCodecs {
    private StandardCodecs() {}

    /**
     * JPEG quality sweep 0.01 .. 0.04, then 0.05, 0.10, ... 0.95 (ImageIO quality; IJG quality = 100 q): the
     * lowest qualities so that every Kodak image reaches down to 0.25 bpp.
     */
    public static final List<Double> JPEG_QUALITIES = java.util.stream.Stream.concat(
            java.util.stream.Stream.of(0.01, 0.02, 0.03, 0.04), steps(0.05, 0.95, 0.05).stream()).toList();
    /** WebP quality sweep (libwebp quality = 100 q). */
    public static final List<Double> WEBP_QUALITIES = List.of(0.0, 0.05, 0.10, 0.15, 0.20, 0.30, 0.40, 0.50, 0.60,
            0.70, 0.80, 0.90, 0.95);
    /** JPEG 2000 target rates in bits per pixel. */
    public static final List<Double> JPEG2000_RATES = List.of(0.0625, 0.125, 0.1875, 0.25, 0.375, 0.5, 0.75, 1.0,
            1.5, 2.0, 3.0);

    public static String quality(double q) {
        return String.format(Locale.ROOT, "q%.2f", q);
    }

    public static String rate(double bpp) {
        return String.format(Locale.ROOT, "bpp%.4f", bpp);
    }

    static double value(String setting) {
        return Double.parseDouble(setting.replaceAll("^[a-z]+", ""));
    }

    static List<Double> steps(double from, double to, double step) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; from + i * step <= to + 1e-9; i++) out.add(Math.round((from + i * step) * 1e6) / 1e6);
        return List.copyOf(out);
    }

    /** The JDK's own JPEG writer: baseline, 4:2:0 (its default for 3-channel RGB), optimised Huffman tables. */
    public static final class Jpeg extends ImageIoCodec {
        public Jpeg() {
            super("jpeg", "jpeg", JPEG_QUALITIES.stream().map(StandardCodecs::quality).toList());
        }

        @Override
        public String description() {
            return "JDK ImageIO JPEG writer (libjpeg 6b based), JFIF YCbCr 4:2:0, optimised Huffman tables, quality "
                    + settings().get(0) + " .. " + settings().get(settings().size() - 1);
        }

        @Override
        protected ImageWriteParam param(ImageWriter writer, String setting) {
            JPEGImageWriteParam p = (JPEGImageWriteParam) writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality((float) value(setting));
            p.setOptimizeHuffmanTables(true);
            return p;
        }
    }

    /** jai-imageio's pure-Java JPEG 2000 writer: JP2 file, 9/7 wavelet, ICT, rate control by target bpp. */
    public static final class Jpeg2000 extends ImageIoCodec {
        public Jpeg2000() {
            super("jpeg2000", "jpeg2000", JPEG2000_RATES.stream().map(StandardCodecs::rate).toList());
        }

        @Override
        public String description() {
            return "jai-imageio-jpeg2000 1.4.0 (pure Java, JJ2000 based), JP2 file, irreversible 9/7 wavelet with "
                    + "colour transform, 5 levels, target rate " + settings().get(0) + " .. "
                    + settings().get(settings().size() - 1);
        }

        @Override
        protected ImageWriteParam param(ImageWriter writer, String setting) {
            com.github.jaiimageio.jpeg2000.J2KImageWriteParam p =
                    (com.github.jaiimageio.jpeg2000.J2KImageWriteParam) writer.getDefaultWriteParam();
            p.setLossless(false);
            p.setFilter(com.github.jaiimageio.jpeg2000.J2KImageWriteParam.FILTER_97);
            p.setComponentTransformation(true);
            p.setEncodingRate(value(setting));
            return p;
        }
    }

    /** libwebp through the webp-imageio plugin (luciad/sejda), lossy VP8, default method. */
    public static final class Webp extends ImageIoCodec {
        public Webp() {
            super("webp", "webp", WEBP_QUALITIES.stream().map(StandardCodecs::quality).toList());
        }

        @Override
        public String description() {
            return "libwebp (bundled in org.sejda.imageio:webp-imageio 0.1.6), lossy, default method, quality "
                    + settings().get(0) + " .. " + settings().get(settings().size() - 1);
        }

        @Override
        protected ImageWriteParam param(ImageWriter writer, String setting) {
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionType(p.getCompressionTypes()[com.luciad.imageio.webp.WebPWriteParam.LOSSY_COMPRESSION]);
            p.setCompressionQuality((float) value(setting));
            return p;
        }
    }

    /** The JDK's PNG writer with its defaults: the lossless size. */
    public static final class Png extends ImageIoCodec {
        public Png() {
            super("png", "png", List.of("lossless"));
        }

        @Override
        public String description() {
            return "JDK ImageIO PNG writer, default settings (lossless)";
        }

        @Override
        protected ImageWriteParam param(ImageWriter writer, String setting) {
            return writer.getDefaultWriteParam();
        }
    }
}

package org.rnc.imageio;

/** Names under which ImageIO knows the format. */
final class RncFormat {
    private RncFormat() {}

    static final String VENDOR = "RNC project";
    static final String VERSION = "1.0";
    static final String[] NAMES = {"rnc", "RNC"};
    static final String[] SUFFIXES = {"rnc"};
    // .rnc is also RELAX NG Compact in MIME databases: identification is by magic bytes, never by suffix alone.
    static final String[] MIME_TYPES = {"image/x-rnc"};
    static final String READER = "org.rnc.imageio.RncImageReader";
    static final String WRITER = "org.rnc.imageio.RncImageWriter";
    static final String READER_SPI = "org.rnc.imageio.RncImageReaderSpi";
    static final String WRITER_SPI = "org.rnc.imageio.RncImageWriterSpi";
}

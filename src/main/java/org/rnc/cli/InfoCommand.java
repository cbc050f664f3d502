package org.rnc.cli;

import java.io.File;
import java.util.Locale;
import java.util.concurrent.Callable;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.rnc.format.RncFileReader;
import org.rnc.format.RncFileWriter;
import org.rnc.format.RncHeader;
import org.rnc.imageio.RncMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "info", mixinStandardHelpOptions = true, description = "Print an .rnc file's header, model and per-iteration sizes.")
final class InfoCommand implements Callable<Integer> {
    private static final String[] MODES = {"0 raw", "1 model", "2 mixed", "3 cross-channel", "unknown"};

    @Parameters(index = "0", description = "An .rnc file.") File input;

    @Override
    public Integer call() throws Exception {
        try (ImageInputStream in = ImageIO.createImageInputStream(input)) {
            if (in == null) throw new IllegalArgumentException("cannot open " + input);
            ImageReader r = ImageIO.getImageReadersByFormatName("rnc").next();
            try {
                r.setInput(in);
                RncMetadata m = (RncMetadata) r.getImageMetadata(0);
                RncHeader h = m.header();
                long pixels = (long) h.width() * h.height();
                System.out.printf(Locale.ROOT, "file        %s (%d bytes, %.4f bpp)%n", input, input.length(), input.length() * 8.0 / pixels);
                System.out.printf(Locale.ROOT, "format      %s%s%n", version(input),
                        h.version() < org.rnc.format.RncHeader.VERSION_MAJOR ? " (older: `rnc upgrade` rewrites it in "
                                + "today's format with the same codes)" : "");
                System.out.printf(Locale.ROOT, "size        %dx%d (coded as %dx%d)%n", h.width(), h.height(), h.paddedWidth(), h.paddedHeight());
                System.out.printf(Locale.ROOT, "colour      %s, %d-bit%s%n", h.colour(), h.sampleBits(), h.hasAlpha() ? ", alpha (lossless)" : "");
                System.out.printf(Locale.ROOT, "model       %s sha256 %s%n", h.model().name(), h.model().hashHex());
                System.out.printf(Locale.ROOT, "coding      %s, %d codes per %dx%d block per iteration%s%n", h.coding(), h.codesPerBlock(),
                        h.blockSize(), h.blockSize(), h.adaptive() ? "; adaptive: each block has its own iteration count" : "");
                boolean coded = h.entropyModel() != null;
                if (coded) System.out.printf(Locale.ROOT, "entropy     %s sha256 %s%n", h.entropyModel().name(), h.entropyModel().hashHex());
                System.out.printf(Locale.ROOT, "iterations  %d declared, %d present%n", h.iterations(), m.iterations().size());
                RncFileReader.Body body = bodyOf(input);
                byte[] filter = body.filter(), post = body.postFilter();
                if (post != null) {
                    String named;
                    try {
                        org.rnc.format.ModelId id = RncFileReader.postFilterModel(post, h);
                        named = id.name() + " sha256 " + id.hashHex();
                    } catch (org.rnc.format.RncFormatException e) {
                        named = "unreadable (" + e.getMessage() + ")";
                    }
                    System.out.println("post-filter " + named + ", " + RncFileWriter.chunkBytes(h, post.length) + " bytes, run on every picture");
                }
                System.out.println("filter      " + (filter == null ? "none"
                        : "restoration filter, " + RncFileWriter.chunkBytes(h, filter.length) + " bytes, run after iteration " + h.iterations()));
                System.out.println("iter  offset   bytes   cumulative bpp" + (coded ? "   mode" : ""));
                for (RncFileReader.Iteration it : m.iterations()) {
                    long bytes = it.bytes(), end = it.end();
                    // the mode byte of entropy-coded iterations (conformance/FORMAT.md): 0 raw .. 3 cross-channel
                    String mode = coded && it.data().length > 0 ? "   " + MODES[Math.min(it.data()[0] & 255, MODES.length - 1)] : "";
                    System.out.printf(Locale.ROOT, "%4d %7d %7d   %.4f%s%n", it.index() + 1, it.offset(), bytes, end * 8.0 / pixels, mode);
                }
            } finally {
                r.dispose();
            }
        }
        return 0;
    }

    /** The chunks up to the first iteration: the POST and FILT chunks precede the iterations. */
    private static RncFileReader.Body bodyOf(File f) throws java.io.IOException {
        try (java.io.InputStream in = new java.io.BufferedInputStream(new java.io.FileInputStream(f))) {
            return new RncFileReader(in).readBody(1);
        }
    }

    /** "major.minor" as the file's HEAD chunk holds them (after the 8-byte signature and the chunk's length and type). */
    private static String version(File f) throws java.io.IOException {
        try (java.io.InputStream in = new java.io.FileInputStream(f)) {
            byte[] b = in.readNBytes(18);
            return b.length < 18 ? "?" : (b[16] & 255) + "." + (b[17] & 255);
        }
    }
}

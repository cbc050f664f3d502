package org.rnc.conformance;

import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;

import org.rnc.entropy.IterationCoder;
import org.rnc.format.RawBits;
import org.rnc.format.RncFileReader;
import org.rnc.format.RncHeader;
import org.rnc.imageio.RncIO;
import org.rnc.metrics.ImageQuality;
import org.rnc.model.EntropyPredictor;
import org.rnc.model.ModelException;
import org.rnc.model.ModelRegistry;

/**
 * Reference vectors and the checks every RNC implementation must pass (conformance/FORMAT.md).
 * <p>
 * Every vector is checked for what the format promises on every machine:
 * <ul>
 * <li>the header fields read back as recorded in the manifest;</li>
 * <li>the decoded codes of every iteration are exactly those recorded (SHA-256 over their RAW packing): codes,
 *     probabilities and the range coder are normative;</li>
 * <li>the picture matches the expected PNG bit for bit, or within {@value #MIN_PSNR} dB PSNR where this CPU's
 *     floating point differs from the writer's (the decoder network is not normative: the tolerance the spec
 *     states);</li>
 * <li>every prefix ending on a chunk boundary decodes, to the same picture as a progressive read of that many
 *     passes of the whole file.</li>
 * </ul>
 * The vectors of {@code conformance/vectors/} are regenerated with each model ({@code conformance --generate});
 * for them this machine's encoder is also checked: encoding the same source twice, and from several threads at
 * once, gives identical bytes, and a file written with k iterations holds the first k ITER chunks of one written
 * with more. (A re-encode is never compared with a file written on another machine: the encoder's float arithmetic
 * may flip a code whose value sits at zero, and a file is valid whatever its codes are.) The sets under
 * {@code conformance/frozen/} are never regenerated: one per shipped model, each decoded by every later build.
 */
public final class Conformance {
    public static final double MIN_PSNR = 60;

    /** One vector: how it is made ({@code blockPsnr} > 0: adaptive rate with that block target, format 3). */
    public record Case(String name, String description, int iterations, boolean entropy, double blockPsnr) {
        Case(String name, String description, int iterations, boolean entropy) {
            this(name, description, iterations, entropy, 0);
        }
    }

    public static final List<Case> CASES = List.of(
            new Case("photo-16", "photo crop 256x192, 16 iterations, entropy-coded", 16, true),
            new Case("photo-1-raw", "photo crop 256x192, 1 iteration, RAW", 1, false),
            new Case("graphics-8", "text and flat graphics 200x120, 8 iterations", 8, true),
            new Case("grey-6", "8-bit grey gradient 96x64, 6 iterations", 6, true),
            new Case("grey16-4-raw", "16-bit grey 64x48, 4 iterations, RAW", 4, false),
            new Case("alpha-5", "RGBA with an alpha ramp 80x60, 5 iterations", 5, true),
            new Case("odd-17x33-3", "odd size 17x33, 3 iterations", 3, true),
            new Case("tiled-2", "150x90 in 64-pixel tiles, 2 iterations", 2, true),
            new Case("meta-3", "80x48 in linear RGB (ICC profile) with EXIF and XMP, 3 iterations", 3, true),
            new Case("photo-adaptive-10", "photo crop 256x192, adaptive rate (blocks stop at 30 dB), at most 10 iterations, "
                    + "entropy-coded", 10, true, 30),
            new Case("tiled-adaptive-6-raw", "150x90 in 64-pixel tiles, adaptive rate (blocks stop at 44 dB after 1 iteration), "
                    + "at most 6 iterations, RAW", 6, false, 44));

    /** The meta vector's EXIF: a TIFF structure whose one entry is Orientation = 6. */
    static final byte[] META_EXIF = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0};
    static final String META_XMP = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>";

    private Conformance() {}

    /** Builds the source image of a case ({@code photo} is a crop of a bundled Kodak image when given). */
    static BufferedImage source(String name, BufferedImage photo) {
        if (name.startsWith("photo")) {
            BufferedImage out = new BufferedImage(256, 192, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = out.createGraphics();
            g.drawImage(photo, 0, 0, 256, 192, 300, 150, 556, 342, null);
            g.dispose();
            return out;
        }
        if (name.startsWith("graphics")) {
            BufferedImage out = new BufferedImage(200, 120, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = out.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, 200, 120);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(new Color(20, 40, 160));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 28));
            g.drawString("RNC 1.0", 20, 50);
            g.setColor(new Color(200, 30, 30));
            g.fillRect(20, 70, 70, 30);
            g.setColor(new Color(30, 160, 60));
            g.fillOval(110, 65, 60, 40);
            g.dispose();
            return out;
        }
        if (name.startsWith("meta")) {
            // the samples mean linear RGB: a file that must carry its ICC profile
            java.awt.color.ColorSpace linear = java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_LINEAR_RGB);
            java.awt.image.ComponentColorModel cm = new java.awt.image.ComponentColorModel(linear, false, false,
                    java.awt.Transparency.OPAQUE, java.awt.image.DataBuffer.TYPE_BYTE);
            java.awt.image.WritableRaster r = cm.createCompatibleWritableRaster(80, 48);
            for (int y = 0; y < 48; y++)
                for (int x = 0; x < 80; x++) r.setPixel(x, y, new int[]{3 * x, 40 + 4 * y, 200 - 2 * x});
            return new BufferedImage(cm, r, false, null);
        }
        if (name.startsWith("grey16")) {
            BufferedImage out = new BufferedImage(64, 48, BufferedImage.TYPE_USHORT_GRAY);
            for (int y = 0; y < 48; y++)
                for (int x = 0; x < 64; x++) out.getRaster().setSample(x, y, 0, (x * 1000 + y * 300) & 0xFFFF);
            return out;
        }
        if (name.startsWith("grey")) {
            BufferedImage out = new BufferedImage(96, 64, BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D g = out.createGraphics();
            g.setPaint(new GradientPaint(0, 0, Color.BLACK, 96, 64, Color.WHITE));
            g.fillRect(0, 0, 96, 64);
            g.dispose();
            return out;
        }
        if (name.startsWith("alpha")) {
            BufferedImage out = new BufferedImage(80, 60, BufferedImage.TYPE_INT_ARGB);
            for (int y = 0; y < 60; y++)
                for (int x = 0; x < 80; x++)
                    out.setRGB(x, y, (x * 255 / 79) << 24 | (120 + y) << 16 | (40 + 2 * x) << 8 | 90);
            return out;
        }
        if (name.startsWith("odd")) {
            BufferedImage out = new BufferedImage(17, 33, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 33; y++)
                for (int x = 0; x < 17; x++) out.setRGB(x, y, (10 * x) << 16 | (7 * y) << 8 | 128);
            return out;
        }
        BufferedImage out = new BufferedImage(150, 90, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(250, 200, 40), 150, 90, new Color(20, 60, 200)));
        g.fillRect(0, 0, 150, 90);
        g.dispose();
        return out;
    }

    /**
     * What a vector encodes: its source PNG as read back, except the meta vector, made anew (a PNG round trip through
     * the JDK would lose its colour space; the source PNG shows its samples).
     */
    static BufferedImage input(Path dir, String name) throws IOException {
        return name.startsWith("meta") ? source(name, null) : ImageIO.read(dir.resolve(name + ".source.png").toFile());
    }

    public static byte[] encode(BufferedImage img, Case c) throws IOException {
        javax.imageio.metadata.IIOMetadata md = null;
        if (c.name().startsWith("meta")) {
            javax.imageio.ImageWriter w = ImageIO.getImageWritersByFormatName("rnc").next();
            md = w.getDefaultImageMetadata(null, null);
            w.dispose();
            javax.imageio.metadata.IIOMetadataNode root = new javax.imageio.metadata.IIOMetadataNode(org.rnc.imageio.RncMetadata.NATIVE_FORMAT);
            javax.imageio.metadata.IIOMetadataNode exif = new javax.imageio.metadata.IIOMetadataNode("EXIF");
            exif.setUserObject(META_EXIF);
            root.appendChild(exif);
            javax.imageio.metadata.IIOMetadataNode xmp = new javax.imageio.metadata.IIOMetadataNode("XMP");
            xmp.setAttribute("value", META_XMP);
            root.appendChild(xmp);
            md.mergeTree(org.rnc.imageio.RncMetadata.NATIVE_FORMAT, root);
        }
        return RncIO.encode(img, md, p -> {
            p.setIterations(c.iterations());
            p.setEntropyCoding(c.entropy());
            if (c.name().startsWith("tiled")) p.setTileSize(64);
            if (c.blockPsnr() > 0) {
                p.setBlockTargetPsnr(c.blockPsnr());
                if (c.name().startsWith("tiled")) p.setMinBlockIterations(1);
            } else {
                p.setAdaptiveRate(false); // the format 2.1 vectors: every block at every iteration
            }
        });
    }

    static BufferedImage decode(byte[] file, int passes) throws IOException {
        ImageReadParam p = new ImageReadParam();
        if (passes > 0) p.setSourceProgressivePasses(0, passes);
        return RncIO.decode(file, p, null);
    }

    /** Writes every vector, its source and expected decode, and the manifest. */
    public static void generate(Path dir, BufferedImage photo, PrintStream out) throws IOException {
        Files.createDirectories(dir);
        Properties m = new Properties();
        for (Case c : CASES) {
            BufferedImage src = source(c.name(), photo);
            ImageIO.write(src, "png", dir.resolve(c.name() + ".source.png").toFile());
            byte[] file = encode(input(dir, c.name()), c);
            Files.write(dir.resolve(c.name() + ".rnc"), file);
            BufferedImage dec = decode(file, 0);
            ImageIO.write(dec, "png", dir.resolve(c.name() + ".png").toFile());
            RncHeader h = new RncFileReader(new ByteArrayInputStream(file)).readHeader();
            m.setProperty(c.name() + ".description", c.description());
            m.setProperty(c.name() + ".rnc.sha256", sha256(file));
            m.setProperty(c.name() + ".codes.sha256", codesSha256(file));
            m.setProperty(c.name() + ".extras", extras(file));
            m.setProperty(c.name() + ".header", describe(h));
            out.printf(Locale.ROOT, "%-14s %6d bytes  %s%n", c.name(), file.length, describe(h));
        }
        m.setProperty("cases", String.join(",", CASES.stream().map(Case::name).toList()));
        try (Writer w = Files.newBufferedWriter(dir.resolve("manifest.properties"), StandardCharsets.UTF_8)) {
            m.store(w, "RNC conformance vectors: made by `java -jar target/rnc-cli.jar conformance --generate`");
        }
    }

    /**
     * Copies the regenerated vectors of {@code vectors} (files, expected pictures, manifest) to a new frozen set
     * {@code frozen}, which no later build may change. Fails if the set exists.
     */
    public static void freeze(Path vectors, Path frozen) throws IOException {
        if (Files.exists(frozen)) throw new IOException(frozen + " exists: frozen sets are never rewritten");
        Path tmp = Files.createTempDirectory(Files.createDirectories(frozen.toAbsolutePath().getParent()), "freeze-");
        Properties m = new Properties();
        try (Reader r = Files.newBufferedReader(vectors.resolve("manifest.properties"), StandardCharsets.UTF_8)) {
            m.load(r);
        }
        for (String name : m.getProperty("cases", "").split(","))
            for (String suffix : new String[]{".rnc", ".png"})
                Files.copy(vectors.resolve(name + suffix), tmp.resolve(name + suffix));
        Files.copy(vectors.resolve("manifest.properties"), tmp.resolve("manifest.properties"));
        Files.move(tmp, frozen);
    }

    /** The frozen sets: every folder with a manifest under {@code root}, sorted. */
    public static List<Path> frozenSets(Path root) throws IOException {
        if (!Files.isDirectory(root)) return List.of();
        try (var s = Files.list(root)) {
            return s.filter(d -> Files.isRegularFile(d.resolve("manifest.properties"))).sorted().toList();
        }
    }

    /** The ICC profile, EXIF and XMP a file holds, as their lengths and SHA-256s (what manifests record). */
    static String extras(byte[] file) throws IOException {
        RncFileReader r = new RncFileReader(new ByteArrayInputStream(file));
        RncFileReader.Extras e = r.readExtras();
        StringBuilder sb = new StringBuilder();
        String[] names = {"icc", "exif", "xmp"};
        byte[][] parts = {e.icc(), e.exif(), e.xmp()};
        for (int i = 0; i < 3; i++)
            sb.append(i == 0 ? "" : " ").append(names[i]).append('=')
                    .append(parts[i] == null ? "none" : parts[i].length + ":" + sha256(parts[i]).substring(0, 16));
        return sb.toString();
    }

    /** SHA-256 over the decoded codes of every iteration, each in RAW packing (with its stop flags in adaptive files), in order. */
    public static String codesSha256(byte[] file) throws IOException {
        RncFileReader r = new RncFileReader(new ByteArrayInputStream(file));
        RncHeader h = r.readHeader();
        RncFileReader.Body body = r.readBody(Integer.MAX_VALUE);
        EntropyPredictor model;
        try {
            model = h.coding() == RncHeader.Coding.BINARY_RNN ? ModelRegistry.entropy(h.entropyModel()) : null;
        } catch (ModelException e) {
            throw new IOException(e.getMessage(), e);
        }
        IterationCoder coder = IterationCoder.forFile(h, model);
        MessageDigest md = sha();
        boolean[] before = null;
        for (RncFileReader.Iteration it : body.iterations()) {
            float[] codes = coder.decode(it.data());
            if (!h.adaptive()) {
                md.update(RawBits.pack(codes));
                continue;
            }
            // adaptive files: the iteration's RAW payload, so a stopped block differs from one coded all -1
            boolean[] now = RawBits.activeBlocks(codes, h.codesPerBlock());
            md.update(RawBits.packAdaptive(codes, before, now, h.codesPerBlock()));
            before = now;
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Runs every check on the regenerated vectors in {@code dir}; returns the number of failures (each printed). */
    public static int check(Path dir, PrintStream out) throws IOException {
        return run(dir, true, out);
    }

    /** Runs the decoding checks on a frozen set (no re-encoding: its model may no longer be the writer's). */
    public static int checkFrozen(Path dir, PrintStream out) throws IOException {
        return run(dir, false, out);
    }

    private static int run(Path dir, boolean encoder, PrintStream out) throws IOException {
        Properties m = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve("manifest.properties"), StandardCharsets.UTF_8)) {
            m.load(r);
        }
        int failures = 0, passed = 0;
        for (String name : m.getProperty("cases", "").split(",")) {
            if (name.isBlank()) continue;
            List<String> problems = new ArrayList<>();
            byte[] file = Files.readAllBytes(dir.resolve(name + ".rnc"));
            BufferedImage expected = ImageIO.read(dir.resolve(name + ".png").toFile());
            try {
                // 1. header fields as recorded
                RncHeader h = new RncFileReader(new ByteArrayInputStream(file)).readHeader();
                if (!describe(h).equals(m.getProperty(name + ".header"))) problems.add("header reads back as " + describe(h));
                // 2. the codes, exactly
                String codes = codesSha256(file);
                if (!codes.equals(m.getProperty(name + ".codes.sha256"))) problems.add("decoded codes differ (SHA-256 " + codes + ")");
                // 2b. the metadata chunks, exactly (sets from before format 2.1 record none)
                String extras = m.getProperty(name + ".extras");
                if (extras != null && !extras.equals(extras(file))) problems.add("metadata chunks read back as " + extras(file));
                // 3. the picture, within the tolerance
                String match = compare(expected, decode(file, 0));
                if (match != null) problems.add("decode: " + match);
                // 4. every chunk-boundary prefix decodes like a progressive read of as many passes
                List<RncFileReader.Iteration> its = RncFileReader.iterationsOf(file);
                for (int k = 1; k < its.size(); k++) {
                    RncFileReader.Iteration it = its.get(k - 1);
                    byte[] prefix = Arrays.copyOf(file, (int) it.end());
                    String pm = compare(decode(file, k), decode(prefix, 0));
                    if (pm != null) problems.add("prefix of " + k + " iterations: " + pm);
                }
                if (encoder) problems.addAll(checkEncoder(dir, name, its.size()));
            } catch (IOException | RuntimeException e) {
                problems.add(e.toString());
            }
            if (problems.isEmpty()) {
                passed++;
                out.printf(Locale.ROOT, "PASS %-14s %s%n", name, m.getProperty(name + ".description", ""));
            } else {
                failures++;
                out.printf(Locale.ROOT, "FAIL %-14s %s%n", name, String.join("; ", problems));
            }
        }
        out.printf(Locale.ROOT, "conformance %s: %d passed, %d failed%n", dir, passed, failures);
        return failures;
    }

    /** This machine's encoder: repeatable (also from several threads), and shorter writes are prefixes. */
    private static List<String> checkEncoder(Path dir, String name, int iterations) throws IOException {
        List<String> problems = new ArrayList<>();
        Case c = CASES.stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
        if (c == null) return List.of("no such case in this build");
        BufferedImage src = input(dir, name);
        byte[] once = encode(src, c), twice = encode(src, c);
        if (!Arrays.equals(once, twice)) problems.add("encoding twice gives other bytes (" + once.length + " vs " + twice.length + ")");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<byte[]>> jobs = new ArrayList<>();
            for (int i = 0; i < 3; i++) jobs.add(pool.submit(() -> encode(src, c)));
            for (Future<byte[]> j : jobs) if (!Arrays.equals(once, j.get())) problems.add("a concurrent encode differs");
        } catch (Exception e) {
            problems.add("concurrent encode failed: " + e);
        } finally {
            pool.shutdown();
        }
        if (iterations > 1) {
            int k = (iterations + 1) / 2;
            List<RncFileReader.Iteration> full = RncFileReader.iterationsOf(once);
            List<RncFileReader.Iteration> part = RncFileReader.iterationsOf(encode(src, new Case(name, "", k, c.entropy(), c.blockPsnr())));
            for (int t = 0; t < k; t++)
                if (!Arrays.equals(full.get(t).data(), part.get(t).data()))
                    problems.add("iteration " + (t + 1) + " of a " + k + "-iteration write differs from the " + iterations + "-iteration write's");
        }
        return problems;
    }

    /** Null when equal, or within the tolerance with a note; else what differs. */
    static String compare(BufferedImage expected, BufferedImage actual) {
        // a decode in its file's own colour space is compared by its samples, which the expected PNG holds
        expected = samples(expected);
        actual = samples(actual);
        if (expected.getWidth() != actual.getWidth() || expected.getHeight() != actual.getHeight())
            return "size " + actual.getWidth() + "x" + actual.getHeight();
        int w = expected.getWidth(), h = expected.getHeight();
        if (Arrays.equals(expected.getRGB(0, 0, w, h, null, 0, w), actual.getRGB(0, 0, w, h, null, 0, w))) return null;
        double psnr = ImageQuality.psnr(expected, actual);
        return psnr >= MIN_PSNR ? null : String.format(Locale.ROOT, "PSNR %.2f dB against the expected decode", psnr);
    }

    /** An RGB image whose colour space is not sRGB, as an sRGB image of the same sample values; others as they are. */
    static BufferedImage samples(BufferedImage img) {
        java.awt.color.ColorSpace cs = img.getColorModel().getColorSpace();
        if (cs.isCS_sRGB() || cs.getType() != java.awt.color.ColorSpace.TYPE_RGB) return img;
        boolean alpha = img.getColorModel().hasAlpha();
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        int[] px = null;
        for (int y = 0; y < img.getHeight(); y++)
            for (int x = 0; x < img.getWidth(); x++) {
                px = img.getRaster().getPixel(x, y, px);
                out.setRGB(x, y, (alpha ? px[3] : 255) << 24 | px[0] << 16 | px[1] << 8 | px[2]);
            }
        return out;
    }

    /** The header as manifests record it. Frozen manifests hold this text: never change its form. */
    static String describe(RncHeader h) {
        return "format " + h.version() + " " + h.width() + "x" + h.height() + " " + h.colour() + "/" + h.sampleBits() + (h.hasAlpha() ? "+alpha" : "")
                + " " + h.coding() + " tile " + h.tileSize() + " iterations " + h.iterations() + " model " + h.model().shortForm()
                + (h.entropyModel() != null ? " entropy " + h.entropyModel().shortForm() : "") + (h.adaptive() ? " adaptive" : "");
    }

    static String sha256(byte[] b) {
        return HexFormat.of().formatHex(sha().digest(b));
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

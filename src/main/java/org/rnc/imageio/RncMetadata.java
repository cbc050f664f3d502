package org.rnc.imageio;

import java.util.List;

import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataFormatImpl;
import javax.imageio.metadata.IIOMetadataNode;

import org.rnc.format.RncFileReader;
import org.rnc.format.RncHeader;
import org.w3c.dom.Node;

/**
 * Image metadata of an {@code .rnc} file, in the native tree and in the standard {@code javax_imageio_1.0} tree.
 * <p>
 * From the reader (read-only): the header, where each iteration's chunk lies, and the file's ICC profile, EXIF and
 * XMP. From the writer ({@link RncImageWriter#getDefaultImageMetadata}, or {@code convertImageMetadata} of another
 * format's metadata, e.g. a JPEG's EXIF and XMP): EXIF and XMP to store, set by merging a native tree whose
 * {@code EXIF} / {@code XMP} nodes carry the bytes as their user object (XMP also as text in {@code value}). The
 * ICC profile always comes from the image's colour space.
 */
public final class RncMetadata extends IIOMetadata {
    public static final String NATIVE_FORMAT = "org_rnc_imageio_1.0";

    private final RncHeader header;
    private final List<RncFileReader.Iteration> iterations;
    private final byte[] icc;
    private byte[] exif, xmp;
    private final boolean readOnly;

    RncMetadata(RncHeader header, List<RncFileReader.Iteration> iterations, RncFileReader.Extras extras) {
        super(true, NATIVE_FORMAT, RncMetadataFormat.class.getName(), null, null);
        this.header = header;
        this.iterations = List.copyOf(iterations);
        this.icc = extras.icc();
        this.exif = extras.exif();
        this.xmp = extras.xmp();
        this.readOnly = true;
    }

    /** Writable metadata for the writer: empty until EXIF or XMP is merged in. */
    RncMetadata() {
        super(true, NATIVE_FORMAT, RncMetadataFormat.class.getName(), null, null);
        this.header = null;
        this.iterations = List.of();
        this.icc = null;
        this.readOnly = false;
    }

    /** The file's header (null in the writer's metadata). */
    public RncHeader header() { return header; }

    /** Iteration chunks present in the file (fewer than declared when it is truncated). */
    public List<RncFileReader.Iteration> iterations() { return iterations; }

    /** The file's ICC profile, EXIF and XMP (absent ones null). */
    public RncFileReader.Extras extras() {
        return new RncFileReader.Extras(icc == null ? null : icc.clone(), exif == null ? null : exif.clone(),
                xmp == null ? null : xmp.clone());
    }

    @Override
    public boolean isReadOnly() { return readOnly; }

    @Override
    public Node getAsTree(String formatName) {
        if (NATIVE_FORMAT.equals(formatName)) return nativeTree();
        if (IIOMetadataFormatImpl.standardMetadataFormatName.equals(formatName)) return getStandardTree();
        throw new IllegalArgumentException("unsupported metadata format " + formatName);
    }

    private Node nativeTree() {
        IIOMetadataNode root = new IIOMetadataNode(NATIVE_FORMAT);
        if (header != null) headerNodes(root);
        if (icc != null) root.appendChild(bytesNode("ICCProfile", icc));
        if (exif != null) root.appendChild(bytesNode("EXIF", exif));
        if (xmp != null) {
            IIOMetadataNode n = bytesNode("XMP", xmp);
            n.removeAttribute("length");
            n.setAttribute("value", new String(xmp, java.nio.charset.StandardCharsets.UTF_8));
            root.appendChild(n);
        }
        return root;
    }

    private static IIOMetadataNode bytesNode(String name, byte[] bytes) {
        IIOMetadataNode n = new IIOMetadataNode(name);
        n.setAttribute("length", Integer.toString(bytes.length));
        n.setUserObject(bytes.clone());
        return n;
    }

    private void headerNodes(IIOMetadataNode root) {
        IIOMetadataNode h = new IIOMetadataNode("Header");
        h.setAttribute("width", Integer.toString(header.width()));
        h.setAttribute("height", Integer.toString(header.height()));
        h.setAttribute("formatVersion", Integer.toString(header.version()));
        h.setAttribute("colour", header.colour().name());
        h.setAttribute("sampleBits", Integer.toString(header.sampleBits()));
        h.setAttribute("alpha", Boolean.toString(header.hasAlpha()).toUpperCase());
        h.setAttribute("coding", header.coding().name());
        h.setAttribute("blockSize", Integer.toString(header.blockSize()));
        h.setAttribute("codesPerBlock", Integer.toString(header.codesPerBlock()));
        h.setAttribute("iterations", Integer.toString(header.iterations()));
        h.setAttribute("adaptive", Boolean.toString(header.adaptive()).toUpperCase());
        h.setAttribute("model", header.model().name());
        h.setAttribute("modelSha256", header.model().hashHex());
        if (header.entropyModel() != null) {
            h.setAttribute("entropyModel", header.entropyModel().name());
            h.setAttribute("entropyModelSha256", header.entropyModel().hashHex());
        }
        root.appendChild(h);
        IIOMetadataNode its = new IIOMetadataNode("Iterations");
        for (RncFileReader.Iteration it : iterations) {
            IIOMetadataNode n = new IIOMetadataNode("Iteration");
            n.setAttribute("index", Integer.toString(it.index()));
            n.setAttribute("offset", Long.toString(it.offset()));
            n.setAttribute("length", Long.toString(it.bytes()));
            its.appendChild(n);
        }
        root.appendChild(its);
    }

    @Override
    protected IIOMetadataNode getStandardChromaNode() {
        if (header == null) return null;
        IIOMetadataNode chroma = new IIOMetadataNode("Chroma");
        IIOMetadataNode cs = new IIOMetadataNode("ColorSpaceType");
        cs.setAttribute("name", header.colour() == RncHeader.Colour.GRAY ? "GRAY" : "RGB");
        chroma.appendChild(cs);
        IIOMetadataNode nc = new IIOMetadataNode("NumChannels");
        int channels = (header.colour() == RncHeader.Colour.GRAY ? 1 : 3) + (header.hasAlpha() ? 1 : 0);
        nc.setAttribute("value", Integer.toString(channels));
        chroma.appendChild(nc);
        IIOMetadataNode bz = new IIOMetadataNode("BlackIsZero");
        bz.setAttribute("value", "TRUE");
        chroma.appendChild(bz);
        return chroma;
    }

    @Override
    protected IIOMetadataNode getStandardCompressionNode() {
        if (header == null) return null;
        IIOMetadataNode c = new IIOMetadataNode("Compression");
        IIOMetadataNode name = new IIOMetadataNode("CompressionTypeName");
        name.setAttribute("value", "RNC");
        c.appendChild(name);
        IIOMetadataNode lossless = new IIOMetadataNode("Lossless");
        lossless.setAttribute("value", "FALSE");
        c.appendChild(lossless);
        IIOMetadataNode scans = new IIOMetadataNode("NumProgressiveScans");
        scans.setAttribute("value", Integer.toString(header.iterations()));
        c.appendChild(scans);
        return c;
    }

    @Override
    protected IIOMetadataNode getStandardDataNode() {
        if (header == null) return null;
        IIOMetadataNode d = new IIOMetadataNode("Data");
        IIOMetadataNode pc = new IIOMetadataNode("PlanarConfiguration");
        pc.setAttribute("value", "PixelInterleaved");
        d.appendChild(pc);
        IIOMetadataNode sf = new IIOMetadataNode("SampleFormat");
        sf.setAttribute("value", "UnsignedIntegral");
        d.appendChild(sf);
        IIOMetadataNode bps = new IIOMetadataNode("BitsPerSample");
        int channels = (header.colour() == RncHeader.Colour.GRAY ? 1 : 3) + (header.hasAlpha() ? 1 : 0);
        String one = Integer.toString(header.colour() == RncHeader.Colour.GRAY ? header.sampleBits() : 8);
        bps.setAttribute("value", String.join(" ", java.util.Collections.nCopies(channels, one)));
        d.appendChild(bps);
        return d;
    }

    @Override
    protected IIOMetadataNode getStandardDimensionNode() {
        IIOMetadataNode dim = new IIOMetadataNode("Dimension");
        IIOMetadataNode o = new IIOMetadataNode("ImageOrientation");
        o.setAttribute("value", "Normal");
        dim.appendChild(o);
        return dim;
    }

    @Override
    protected IIOMetadataNode getStandardTransparencyNode() {
        if (header == null) return null;
        IIOMetadataNode t = new IIOMetadataNode("Transparency");
        IIOMetadataNode a = new IIOMetadataNode("Alpha");
        a.setAttribute("value", header.hasAlpha() ? "nonpremultipled" : "none");
        t.appendChild(a);
        return t;
    }

    /**
     * Takes the {@code EXIF} and {@code XMP} nodes of a native tree (bytes as the user object; XMP may instead be
     * text in {@code value}); other nodes and the standard tree carry nothing the writer stores.
     */
    @Override
    public void mergeTree(String formatName, Node root) throws javax.imageio.metadata.IIOInvalidTreeException {
        if (readOnly) throw new IllegalStateException("RNC image metadata from a file is read-only");
        if (root == null) throw new IllegalArgumentException("root is null");
        if (IIOMetadataFormatImpl.standardMetadataFormatName.equals(formatName)) return;
        if (!NATIVE_FORMAT.equals(formatName)) throw new IllegalArgumentException("unsupported metadata format " + formatName);
        if (root == null || !NATIVE_FORMAT.equals(root.getNodeName()))
            throw new javax.imageio.metadata.IIOInvalidTreeException("root is not " + NATIVE_FORMAT, root);
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof IIOMetadataNode m)) continue;
            if (m.getNodeName().equals("EXIF")) {
                byte[] e = tiff(bytes(m, null));
                if (e == null) throw new javax.imageio.metadata.IIOInvalidTreeException("EXIF is not a TIFF structure (II*\\0 or MM\\0*)", m);
                exif = e;
            } else if (m.getNodeName().equals("XMP")) {
                xmp = bytes(m, m.getAttribute("value"));
            }
        }
    }

    /** EXIF as the format stores it: a TIFF structure; a JPEG APP1 payload's "Exif\\0\\0" is taken off. Else null. */
    static byte[] tiff(byte[] b) {
        if (b.length >= 6 && b[0] == 'E' && b[1] == 'x' && b[2] == 'i' && b[3] == 'f' && b[4] == 0 && b[5] == 0)
            b = java.util.Arrays.copyOfRange(b, 6, b.length);
        boolean intel = b.length >= 8 && b[0] == 'I' && b[1] == 'I' && b[2] == 42 && b[3] == 0;
        boolean motorola = b.length >= 8 && b[0] == 'M' && b[1] == 'M' && b[2] == 0 && b[3] == 42;
        return intel || motorola ? b : null;
    }

    private static byte[] bytes(IIOMetadataNode n, String text) throws javax.imageio.metadata.IIOInvalidTreeException {
        if (n.getUserObject() instanceof byte[] b) return b.clone();
        if (text != null && !text.isEmpty()) return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        throw new javax.imageio.metadata.IIOInvalidTreeException(n.getNodeName() + " node without bytes (user object)", n);
    }

    /** Sets the EXIF (a TIFF structure, as in a JPEG's APP1 after "Exif\0\0") and XMP (UTF-8) to write. */
    void set(byte[] exif, byte[] xmp) {
        this.exif = exif;
        this.xmp = xmp;
    }

    @Override
    public void reset() {
        if (readOnly) throw new IllegalStateException("RNC image metadata from a file is read-only");
        exif = null;
        xmp = null;
    }
}

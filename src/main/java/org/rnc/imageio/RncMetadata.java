package org.rnc.imageio;

import java.util.List;

import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataFormatImpl;
import javax.imageio.metadata.IIOMetadataNode;

import org.rnc.format.RncFileReader;
import org.rnc.format.RncHeader;
import org.w3c.dom.Node;

/**
 * Read-only image metadata of an {@code .rnc} file: its header and where each iteration's chunk lies,
 * in the native tree and in the standard {@code javax_imageio_1.0} tree.
 */
public final class RncMetadata extends IIOMetadata {
    public static final String NATIVE_FORMAT = "org_rnc_imageio_1.0";

    private final RncHeader header;
    private final List<RncFileReader.Iteration> iterations;

    RncMetadata(RncHeader header, List<RncFileReader.Iteration> iterations) {
        super(true, NATIVE_FORMAT, RncMetadataFormat.class.getName(), null, null);
        this.header = header;
        this.iterations = List.copyOf(iterations);
    }

    public RncHeader header() { return header; }

    /** Iteration chunks present in the file (fewer than declared when it is truncated). */
    public List<RncFileReader.Iteration> iterations() { return iterations; }

    @Override
    public boolean isReadOnly() { return true; }

    @Override
    public Node getAsTree(String formatName) {
        if (NATIVE_FORMAT.equals(formatName)) return nativeTree();
        if (IIOMetadataFormatImpl.standardMetadataFormatName.equals(formatName)) return getStandardTree();
        throw new IllegalArgumentException("unsupported metadata format " + formatName);
    }

    private Node nativeTree() {
        IIOMetadataNode root = new IIOMetadataNode(NATIVE_FORMAT);
        IIOMetadataNode h = new IIOMetadataNode("Header");
        h.setAttribute("width", Integer.toString(header.width()));
        h.setAttribute("height", Integer.toString(header.height()));
        h.setAttribute("colour", header.colour().name());
        h.setAttribute("sampleBits", Integer.toString(header.sampleBits()));
        h.setAttribute("alpha", Boolean.toString(header.hasAlpha()).toUpperCase());
        h.setAttribute("coding", header.coding().name());
        h.setAttribute("blockSize", Integer.toString(header.blockSize()));
        h.setAttribute("codesPerBlock", Integer.toString(header.codesPerBlock()));
        h.setAttribute("iterations", Integer.toString(header.iterations()));
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
            n.setAttribute("length", Integer.toString(12 + it.chunkLength()));
            its.appendChild(n);
        }
        root.appendChild(its);
        return root;
    }

    @Override
    protected IIOMetadataNode getStandardChromaNode() {
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
        IIOMetadataNode t = new IIOMetadataNode("Transparency");
        IIOMetadataNode a = new IIOMetadataNode("Alpha");
        a.setAttribute("value", header.hasAlpha() ? "nonpremultipled" : "none");
        t.appendChild(a);
        return t;
    }

    @Override
    public void mergeTree(String formatName, Node root) {
        throw new IllegalStateException("RNC image metadata is read-only");
    }

    @Override
    public void reset() {
        throw new IllegalStateException("RNC image metadata is read-only");
    }
}

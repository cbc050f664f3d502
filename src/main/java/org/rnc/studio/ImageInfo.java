package org.rnc.studio;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.metadata.IIOMetadata;

import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * What the Viewer shows beside an image: its format and size and, for {@code .rnc}, the header read from the
 * plugin's native metadata tree ({@code org_rnc_imageio_1.0}) — model, iterations, bytes per iteration.
 * Built from {@link IIOMetadata} only, so it needs nothing but javax.imageio.
 */
public record ImageInfo(String format, int width, int height, long fileBytes, String model, String modelSha256,
                        String coding, String entropyModel, int declaredIterations, List<Long> iterationBytes,
                        List<Long> iterationEnds, long endBytes) {

    public static final String RNC_NATIVE_FORMAT = "org_rnc_imageio_1.0";

    public boolean isRnc() { return model != null; }

    /** Iterations actually present in the file. */
    public int presentIterations() { return iterationBytes.size(); }

    /** An image of another format. */
    public static ImageInfo plain(String format, int width, int height, long fileBytes) {
        return new ImageInfo(format, width, height, fileBytes, null, null, null, null, 0, List.of(), List.of(), 0);
    }

    /** Reads the RNC native tree when the metadata has one; otherwise a plain record. */
    public static ImageInfo of(String format, int width, int height, long fileBytes, IIOMetadata meta) {
        if (meta == null || !RNC_NATIVE_FORMAT.equals(meta.getNativeMetadataFormatName()))
            return plain(format, width, height, fileBytes);
        Node root = meta.getAsTree(RNC_NATIVE_FORMAT);
        String model = null, sha = null, coding = null, entropy = null;
        int declared = 0;
        long endBytes = 12;
        List<Long> bytes = new ArrayList<>(), ends = new ArrayList<>();
        for (Node c = root.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c.getNodeName().equals("Header")) {
                NamedNodeMap a = c.getAttributes();
                model = attr(a, "model");
                sha = attr(a, "modelSha256");
                coding = attr(a, "coding");
                entropy = attr(a, "entropyModel");
                String it = attr(a, "iterations"), v = attr(a, "formatVersion");
                // format 4 files end without the 12-byte END chunk of formats 1-3
                endBytes = v != null && Integer.parseInt(v) >= 4 ? 0 : 12;
                declared = it == null ? 0 : Integer.parseInt(it);
            } else if (c.getNodeName().equals("Iterations")) {
                for (Node i = c.getFirstChild(); i != null; i = i.getNextSibling()) {
                    NamedNodeMap a = i.getAttributes();
                    long off = Long.parseLong(attr(a, "offset")), len = Long.parseLong(attr(a, "length"));
                    bytes.add(len);
                    ends.add(off + len);
                }
            }
        }
        return new ImageInfo("rnc", width, height, fileBytes, model == null ? "?" : model, sha, coding, entropy, declared,
                List.copyOf(bytes), List.copyOf(ends), endBytes);
    }

    private static String attr(NamedNodeMap a, String name) {
        Node n = a == null ? null : a.getNamedItem(name);
        return n == null ? null : n.getNodeValue();
    }

    /** Bits per pixel of the file a k-iteration write makes: the prefix to iteration k plus the end marker. */
    public double bppAfter(int k) {
        if (k < 1 || k > iterationEnds.size()) return Double.NaN;
        return (iterationEnds.get(k - 1) + endBytes) * 8.0 / ((double) width * height);
    }

    /** Lines for the Viewer's info pane. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        out.add("format      " + format);
        out.add(String.format(Locale.ROOT, "size        %dx%d", width, height));
        if (fileBytes >= 0)
            out.add(String.format(Locale.ROOT, "file        %,d bytes, %.4f bpp", fileBytes, fileBytes * 8.0 / ((double) width * height)));
        if (!isRnc()) return out;
        out.add("model       " + model + (modelSha256 != null && modelSha256.length() >= 12 ? " @" + modelSha256.substring(0, 12) : ""));
        out.add("coding      " + coding + (entropyModel != null ? " (" + entropyModel + ")" : ""));
        out.add(String.format(Locale.ROOT, "iterations  %d declared, %d present", declaredIterations, presentIterations()));
        out.add("iter    bytes   cum. bpp");
        for (int k = 1; k <= iterationBytes.size(); k++)
            out.add(String.format(Locale.ROOT, "%4d %8d   %.4f", k, iterationBytes.get(k - 1), bppAfter(k)));
        return out;
    }
}

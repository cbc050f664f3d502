package org.rnc.imageio;

import javax.imageio.ImageTypeSpecifier;
import javax.imageio.metadata.IIOMetadataFormat;
import javax.imageio.metadata.IIOMetadataFormatImpl;

import org.rnc.format.Chunks;

/** Describes the native metadata tree {@value RncMetadata#NATIVE_FORMAT}. */
public final class RncMetadataFormat extends IIOMetadataFormatImpl {
    private static final RncMetadataFormat INSTANCE = new RncMetadataFormat();

    private RncMetadataFormat() {
        // every child is optional: the writer's metadata has no Header, a file without metadata chunks no EXIF ...
        super(RncMetadata.NATIVE_FORMAT, CHILD_POLICY_SOME);
        addElement("Header", RncMetadata.NATIVE_FORMAT, CHILD_POLICY_EMPTY);
        addAttribute("Header", "width", DATATYPE_INTEGER, true, null);
        addAttribute("Header", "height", DATATYPE_INTEGER, true, null);
        addAttribute("Header", "formatVersion", DATATYPE_INTEGER, false, null); // the major version, 1-4
        addAttribute("Header", "colour", DATATYPE_STRING, true, null, java.util.List.of("GRAY", "RGB"));
        addAttribute("Header", "sampleBits", DATATYPE_INTEGER, true, null);
        addBooleanAttribute("Header", "alpha", false, false);
        addAttribute("Header", "coding", DATATYPE_STRING, true, null, java.util.List.of("RAW", "BINARY_RNN"));
        addAttribute("Header", "blockSize", DATATYPE_INTEGER, true, null);
        addAttribute("Header", "codesPerBlock", DATATYPE_INTEGER, true, null);
        addAttribute("Header", "iterations", DATATYPE_INTEGER, true, null);
        addBooleanAttribute("Header", "adaptive", false, false); // per-block iteration counts (format 3)
        addAttribute("Header", "model", DATATYPE_STRING, true, null);
        addAttribute("Header", "modelSha256", DATATYPE_STRING, true, null);
        addAttribute("Header", "entropyModel", DATATYPE_STRING, false, null);
        addAttribute("Header", "entropyModelSha256", DATATYPE_STRING, false, null);
        addElement("Iterations", RncMetadata.NATIVE_FORMAT, 0, 255);
        addElement("Iteration", "Iterations", CHILD_POLICY_EMPTY);
        addAttribute("Iteration", "index", DATATYPE_INTEGER, true, null);
        addAttribute("Iteration", "offset", DATATYPE_INTEGER, true, null);
        addAttribute("Iteration", "length", DATATYPE_INTEGER, true, null);
        // metadata chunks: the bytes are the node's user object (byte[]); XMP also as text in "value"
        addElement("ICCProfile", RncMetadata.NATIVE_FORMAT, CHILD_POLICY_EMPTY);
        addAttribute("ICCProfile", "length", DATATYPE_INTEGER, false, null);
        addObjectValue("ICCProfile", byte.class, 0, Chunks.MAX_METADATA);
        addElement("EXIF", RncMetadata.NATIVE_FORMAT, CHILD_POLICY_EMPTY);
        addAttribute("EXIF", "length", DATATYPE_INTEGER, false, null);
        addObjectValue("EXIF", byte.class, 0, Chunks.MAX_METADATA);
        addElement("XMP", RncMetadata.NATIVE_FORMAT, CHILD_POLICY_EMPTY);
        addAttribute("XMP", "value", DATATYPE_STRING, false, null);
        addObjectValue("XMP", byte.class, 0, Chunks.MAX_METADATA);
    }

    public static IIOMetadataFormat getInstance() {
        return INSTANCE;
    }

    @Override
    public boolean canNodeAppear(String elementName, ImageTypeSpecifier imageType) {
        return true;
    }
}

package org.rnc.format;

import java.util.HexFormat;
import java.util.Objects;

/**
 * A model's identity as a file records it: a short name plus the SHA-256 of its files, whole (32 bytes, format 1-3
 * files and every loaded model) or its first {@value RncHeader#HASH_PREFIX} bytes (format 4 files).
 * Two models with one name but different weights never decode each other's files.
 */
public record ModelId(String name, byte[] sha256) {

    public ModelId {
        Objects.requireNonNull(name);
        Objects.requireNonNull(sha256);
        if (name.isEmpty() || name.length() > 255) throw new IllegalArgumentException("model name length");
        if (sha256.length != 32 && sha256.length != RncHeader.HASH_PREFIX)
            throw new IllegalArgumentException("a SHA-256 has 32 bytes (or a file keeps its first " + RncHeader.HASH_PREFIX + ")");
        sha256 = sha256.clone();
    }

    public static ModelId of(String name, String hexSha256) {
        return new ModelId(name, HexFormat.of().parseHex(hexSha256));
    }

    @Override
    public byte[] sha256() { return sha256.clone(); }

    /** The hash in hex: 64 digits, or 16 for the prefix a format 4 file keeps. */
    public String hashHex() { return HexFormat.of().formatHex(sha256); }

    /** True when this identity holds only the first bytes of the hash (read from a format 4 file). */
    public boolean isPrefix() { return sha256.length < 32; }

    /** This identity as a format 4 file stores it: the name and the first {@value RncHeader#HASH_PREFIX} bytes of the hash. */
    public ModelId prefix() {
        return isPrefix() ? this : new ModelId(name, java.util.Arrays.copyOf(sha256, RncHeader.HASH_PREFIX));
    }

    /** Same name, and one hash starts with the other: the model a file names, whichever of the two holds a prefix. */
    public boolean matches(ModelId other) {
        if (other == null || !other.name.equals(name)) return false;
        int n = Math.min(sha256.length, other.sha256.length);
        return java.util.Arrays.equals(sha256, 0, n, other.sha256, 0, n);
    }

    /** Name and the first 12 hex digits of the hash, e.g. {@code rnc-default@3fa2c19b07de}. */
    public String shortForm() { return name + "@" + hashHex().substring(0, 12); }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelId m && m.name.equals(name) && java.util.Arrays.equals(m.sha256, sha256);
    }

    @Override
    public int hashCode() { return name.hashCode() * 31 + java.util.Arrays.hashCode(sha256); }

    @Override
    public String toString() { return shortForm(); }
}

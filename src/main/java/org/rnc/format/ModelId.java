package org.rnc.format;

import java.util.HexFormat;
import java.util.Objects;

/**
 * A model's identity as a file records it: a short name plus the SHA-256 of its files.
 * Two models with one name but different weights never decode each other's files.
 */
public record ModelId(String name, byte[] sha256) {

    public ModelId {
        Objects.requireNonNull(name);
        Objects.requireNonNull(sha256);
        if (name.isEmpty() || name.length() > 255) throw new IllegalArgumentException("model name length");
        if (sha256.length != 32) throw new IllegalArgumentException("a SHA-256 has 32 bytes");
        sha256 = sha256.clone();
    }

    public static ModelId of(String name, String hexSha256) {
        return new ModelId(name, HexFormat.of().parseHex(hexSha256));
    }

    @Override
    public byte[] sha256() { return sha256.clone(); }

    public String hashHex() { return HexFormat.of().formatHex(sha256); }

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

package org.rnc.format;

import java.io.IOException;

/** The bytes are not a valid {@code .rnc} file (bad magic, header, CRC, or impossible values). */
public class RncFormatException extends IOException {
    public RncFormatException(String message) { super(message); }
}

package org.rnc.studio;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** A PrintStream that hands each finished line (split at \n or \r, progress bars included) to a consumer. */
final class LineSink extends OutputStream {
    private final Consumer<String> lines;
    private final StringBuilder current = new StringBuilder();
    private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

    LineSink(Consumer<String> lines) {
        this.lines = lines;
    }

    static PrintStream printStream(Consumer<String> lines) {
        return new PrintStream(new LineSink(lines), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n' || b == '\r') {
            flushLine();
        } else {
            bytes.write(b);
        }
    }

    private void flushLine() {
        current.append(bytes.toString(StandardCharsets.UTF_8));
        bytes.reset();
        String s = current.toString().strip();
        current.setLength(0);
        if (!s.isEmpty()) lines.accept(s);
    }
}

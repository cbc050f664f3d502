package org.rnc.studio;

import java.io.FileNotFoundException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns an exception into one short readable sentence for a dialog: messages, never stack traces. */
public final class Errors {
    private Errors() {}

    static final int MAX_LENGTH = 300;

    /** The messages of {@code e} and its causes, most specific last, without repeats; at most {@value #MAX_LENGTH} chars. */
    public static String message(Throwable e) {
        Set<String> parts = new LinkedHashSet<>();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ExecutionException || t instanceof CompletionException) continue;
            String m = describe(t);
            if (m == null) continue;
            // a cause's message is often already part of its wrapper's
            boolean seen = false;
            for (String p : parts) if (p.contains(m)) seen = true;
            if (!seen) parts.add(m);
        }
        String s = parts.isEmpty() ? "unknown error (" + e.getClass().getSimpleName() + ")" : String.join(": ", parts);
        s = s.replaceAll("\\s+", " ").trim();
        return s.length() > MAX_LENGTH ? s.substring(0, MAX_LENGTH - 1) + "…" : s;
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        if (t instanceof NoSuchFileException || t instanceof FileNotFoundException && m != null && !m.contains(" "))
            return "file not found: " + m;
        if (t instanceof AccessDeniedException) return "access denied: " + m;
        if (t instanceof OutOfMemoryError) return "out of memory (start Java with a larger -Xmx)";
        if (t instanceof UnsatisfiedLinkError || t instanceof NoClassDefFoundError)
            return "a native library or class could not be loaded (" + (m == null ? t.getClass().getSimpleName() : m) + ")";
        if (m == null || m.isBlank()) {
            // exceptions without a message: their kind is all there is to say
            return t.getCause() == null ? t.getClass().getSimpleName() : null;
        }
        return m;
    }
}

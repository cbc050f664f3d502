package org.rnc.studio;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

class ErrorsTest {

    @Test
    void joinsCauseMessagesWithoutStackTracesOrRepeats() {
        IOException root = new IOException("bad chunk CRC");
        Exception wrapped = new ExecutionException(new RuntimeException("java.io.IOException: bad chunk CRC", root));
        assertEquals("java.io.IOException: bad chunk CRC", Errors.message(wrapped));
        assertEquals("could not decode: bad chunk CRC", Errors.message(new IOException("could not decode", root)));
        assertEquals("file not found: x.rnc", Errors.message(new NoSuchFileException("x.rnc")));
        assertEquals("NullPointerException", Errors.message(new NullPointerException()));
        assertEquals("out of memory (start Java with a larger -Xmx)", Errors.message(new OutOfMemoryError("Java heap space")));
        String longMsg = "x".repeat(1000);
        assertEquals(Errors.MAX_LENGTH, Errors.message(new IOException(longMsg)).length());
        assertFalse(Errors.message(new IOException("a\n\tat b")).contains("\n"));
    }
}

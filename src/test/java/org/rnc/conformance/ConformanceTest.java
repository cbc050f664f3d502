package org.rnc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The reference vectors in conformance/vectors decode as specified with the shipped models. */
class ConformanceTest {
    @Test
    void referenceVectorsPass() throws IOException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int failures = Conformance.check(Path.of("conformance/vectors"), new PrintStream(log, true));
        assertEquals(0, failures, log.toString());
    }
}

package org.rnc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The reference vectors in conformance/vectors, and every frozen set under conformance/frozen (files of earlier
 * models and format versions that every later build must decode), decode as specified.
 */
class ConformanceTest {
    @Test
    void referenceVectorsPass() throws IOException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int failures = Conformance.check(Path.of("conformance/vectors"), new PrintStream(log, true));
        assertEquals(0, failures, log.toString());
    }

    @Test
    void frozenSetsStillDecode() throws IOException {
        List<Path> sets = Conformance.frozenSets(Path.of("conformance/frozen"));
        assertFalse(sets.isEmpty(), "no frozen sets");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int failures = 0;
        for (Path set : sets) failures += Conformance.checkFrozen(set, new PrintStream(log, true));
        assertEquals(0, failures, log.toString());
    }
}

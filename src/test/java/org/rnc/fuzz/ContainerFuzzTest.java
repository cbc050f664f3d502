package org.rnc.fuzz;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import org.junit.jupiter.api.Timeout;
import org.rnc.format.RncFileReader;
import org.rnc.format.RncHeader;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The container parser on arbitrary bytes: a header and body, or an IOException; nothing else, no hang, no
 * allocation beyond what the bytes justify (the fuzzing profile runs with a 512 MB heap). Seeds and every finding
 * live in src/test/resources/org/rnc/fuzz/ContainerFuzzTestInputs/, replayed by every test run.
 */
class ContainerFuzzTest {

    @FuzzTest(maxDuration = "60s")
    @Timeout(10)
    @DictionaryFile(resourcePath = "rnc.dict")
    void fuzzContainer(byte[] data) {
        parse(data);
    }

    /** The same with every chunk's CRC repaired, to reach the header fields, alpha plane and chunk order. */
    @FuzzTest(maxDuration = "60s")
    @Timeout(10)
    @DictionaryFile(resourcePath = "rnc.dict")
    void fuzzContainerPastCrcs(byte[] data) {
        parse(FuzzSupport.withFixedCrcs(data));
    }

    static void parse(byte[] data) {
        try {
            RncFileReader r = new RncFileReader(new ByteArrayInputStream(data));
            RncHeader h = r.readHeader();
            RncFileReader.Body b = r.readBody(Integer.MAX_VALUE);
            if (b.iterations().size() > h.iterations()) throw new AssertionError("more iterations than declared");
            if (h.hasAlpha() && b.alpha() != null && b.alpha().length != (long) h.width() * h.height())
                throw new AssertionError("alpha plane of " + b.alpha().length + " bytes");
        } catch (IOException expected) {
            // the contract: bad input is an IOException
        }
    }
}

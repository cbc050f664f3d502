package org.rnc.fuzz;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.rnc.entropy.IterationCoder;
import org.rnc.format.RncFormatException;
import org.rnc.format.RncHeader;
import org.rnc.model.ModelRegistry;
import org.rnc.model.PortableEntropyModel;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The iteration decoder on hostile payloads, for every coding mode (RAW, and the entropy modes 0-3 with the
 * shipped portable entropy model, after 0-3 earlier iterations of arbitrary codes, on small grids): codes of the
 * right size, or an RncFormatException. Pure Java, no TensorFlow: thousands of inputs a second.
 */
class IterationDecoderFuzzTest {
    private static PortableEntropyModel model;

    @BeforeAll
    static void load() throws Exception {
        model = ModelRegistry.entropyFor(ModelRegistry.get(ModelRegistry.defaultModelName()).id());
    }

    @FuzzTest(maxDuration = "60s")
    @Timeout(10)
    void fuzzIterationPayload(FuzzedDataProvider d) {
        int h = d.consumeInt(1, 4), w = d.consumeInt(1, 4), bits = model.config().bits();
        boolean entropy = d.consumeBoolean();
        int earlier = d.consumeInt(0, 3);
        List<float[]> before = new ArrayList<>();
        for (int t = 0; t < earlier; t++) {
            float[] c = new float[h * w * bits];
            byte[] raw = d.consumeBytes((c.length + 7) / 8);
            for (int i = 0; i < c.length; i++) c[i] = i / 8 < raw.length && (raw[i / 8] >> (7 - i % 8) & 1) == 1 ? 1f : -1f;
            before.add(c);
        }
        byte[] payload = d.consumeRemainingAsBytes();
        RncHeader.Coding coding = entropy ? RncHeader.Coding.BINARY_RNN : RncHeader.Coding.RAW;
        IterationCoder writer = new IterationCoder(coding, entropy ? model : null, h, w, bits);
        IterationCoder reader = new IterationCoder(coding, entropy ? model : null, h, w, bits);
        try {
            // the earlier iterations through the coder (they are the hostile one's context), then the hostile one
            for (float[] c : before)
                if (!java.util.Arrays.equals(reader.decode(writer.encode(c)), c)) throw new AssertionError("an earlier iteration did not round-trip");
            float[] codes = reader.decode(payload);
            if (codes.length != h * w * bits) throw new AssertionError(codes.length + " codes");
            for (float c : codes) if (c != 1f && c != -1f) throw new AssertionError("code " + c);
        } catch (RncFormatException expected) {
            // the contract: a bad payload is an RncFormatException
        }
    }
}

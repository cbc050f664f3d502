package org.rnc.fuzz;

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
        int earlier = d.consumeInt(0, 3), raw = (h * w * bits + 7) / 8;
        RncHeader.Coding coding = entropy ? RncHeader.Coding.BINARY_RNN : RncHeader.Coding.RAW;
        IterationCoder reader = new IterationCoder(coding, entropy ? model : null, h, w, bits);
        try {
            // earlier iterations of arbitrary codes as RAW payloads (mode 0 in entropy-coded files): the hostile
            // iteration's context, at no model cost, so that the fuzzer's time goes to the hostile payload
            for (int t = 0; t < earlier; t++) {
                byte[] codes = java.util.Arrays.copyOf(d.consumeBytes(raw), raw);
                byte[] payload = entropy ? new byte[1 + raw] : codes;
                if (entropy) System.arraycopy(codes, 0, payload, 1, raw);
                reader.decode(payload);
            }
            float[] codes = reader.decode(d.consumeRemainingAsBytes());
            if (codes.length != h * w * bits) throw new AssertionError(codes.length + " codes");
            for (float c : codes) if (c != 1f && c != -1f) throw new AssertionError("code " + c);
        } catch (RncFormatException expected) {
            // the contract: a bad payload is an RncFormatException
        }
    }
}

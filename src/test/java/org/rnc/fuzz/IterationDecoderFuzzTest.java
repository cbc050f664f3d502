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
 * shipped portable entropy model, after 0-3 earlier iterations of arbitrary codes, on small grids), in files with and
 * without per-block iteration counts (format 3's stop flags), in format 4's payloads or the older ones: codes of the
 * right size, or an RncFormatException.
 * Pure Java, no TensorFlow: thousands of inputs a second.
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
        boolean entropy = d.consumeBoolean(), adaptive = d.consumeBoolean();
        int earlier = d.consumeInt(0, 3), raw = (h * w * bits + 7) / 8;
        boolean compact = entropy && d.consumeBoolean();
        RncHeader.Coding coding = entropy ? RncHeader.Coding.BINARY_RNN : RncHeader.Coding.RAW;
        // earlier iterations of arbitrary codes (and stop flags) as RAW payloads (mode 0 in entropy-coded files): the
        // hostile iteration's context, at no model cost, so that the fuzzer's time goes to the hostile payload
        IterationCoder writer = new IterationCoder(RncHeader.Coding.RAW, null, h, w, bits, adaptive);
        boolean[] going = new boolean[h * w];
        java.util.Arrays.fill(going, true);
        try {
            // format 4: every mode with the CRC of the codes, the range coder's leading 0 left out
            IterationCoder reader = compact ? IterationCoder.forFile(new RncHeader(16 * w, 16 * h, RncHeader.Colour.RGB, 8,
                    false, coding, 16, bits, 1024, earlier + 1, model.codec(), model.id()).withAdaptive(adaptive).forWriting(), model)
                    : new IterationCoder(coding, entropy ? model : null, h, w, bits, adaptive);
            for (int t = 0; t < earlier; t++) {
                byte[] bytes = java.util.Arrays.copyOf(d.consumeBytes(raw), raw);
                float[] c = org.rnc.format.RawBits.unpack(bytes, h * w * bits);
                for (int b = 0; b < going.length; b++) {
                    if (adaptive && t > 0 && going[b]) going[b] = d.consumeBoolean();
                    if (!going[b]) java.util.Arrays.fill(c, b * bits, (b + 1) * bits, 0f);
                }
                byte[] codes = writer.encode(c);
                int head = entropy ? (compact ? 5 : 1) : 0;
                byte[] payload = entropy ? new byte[head + codes.length] : codes;
                if (entropy) System.arraycopy(codes, 0, payload, head, codes.length);
                if (compact) {
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(codes);
                    for (int k = 0; k < 4; k++) payload[1 + k] = (byte) (crc.getValue() >>> (24 - 8 * k));
                }
                reader.decode(payload);
            }
            float[] codes = reader.decode(d.consumeRemainingAsBytes());
            if (codes.length != h * w * bits) throw new AssertionError(codes.length + " codes");
            for (int b = 0; b < h * w; b++) {
                boolean stopped = codes[b * bits] == 0f;
                if (stopped && !adaptive) throw new AssertionError("a stopped block in a file without stop flags");
                if (!stopped && earlier > 0 && !going[b]) throw new AssertionError("block " + b + " goes on after it stopped");
                for (int i = b * bits; i < (b + 1) * bits; i++)
                    if (stopped ? codes[i] != 0f : codes[i] != 1f && codes[i] != -1f) throw new AssertionError("code " + codes[i]);
            }
        } catch (RncFormatException expected) {
            // the contract: a bad payload is an RncFormatException
        }
    }
}

package org.rnc.model;

import java.nio.file.Path;
import java.util.Properties;

import org.rnc.format.ModelId;

/**
 * Shape of a BinaryRNN entropy model: code bits per position and its layer widths.
 *
 * @param bits            code bits per position (the codec's B)
 * @param contextChannels width of the previous-iterations context convolutions
 * @param lstmChannels    width of the line LSTM that runs from row to row
 * @param headChannels    width of the 1x1 head
 * @param crossChannelTerms terms of the cross-channel weights' polynomial in t/16 (0: the model has none, and
 *                        its files code with modes 1 and 2 only); see {@code cross_channel} in conformance/FORMAT.md
 */
public record EntropyConfig(int bits, int contextChannels, int lstmChannels, int headChannels, int crossChannelTerms) {

    public EntropyConfig(int bits, int contextChannels, int lstmChannels, int headChannels) {
        this(bits, contextChannels, lstmChannels, headChannels, 0);
    }

    public static EntropyConfig standard(int bits) {
        return new EntropyConfig(bits, 64, 64, 64, 3);
    }

    public boolean hasCrossChannel() { return crossChannelTerms > 0; }

    /** What an entropy model's properties declare, read after its files were checked against its hash. */
    record Declared(ModelId id, ModelId codec, EntropyConfig config, Properties properties) {}

    /** Reads and checks an entropy model directory's properties and file hash (either kind of model). */
    static Declared read(Path dir) throws ModelException {
        Properties p = CodecModel.readProperties(dir);
        String name = p.getProperty("name"), hash = p.getProperty("sha256");
        String codecName = p.getProperty("codec.name"), codecHash = p.getProperty("codec.sha256");
        if (name == null || hash == null || codecName == null || codecHash == null)
            throw new ModelException(dir + ": not an entropy model (properties lack name, sha256 or codec.*)");
        ModelFiles.verify(dir, name, hash);
        try {
            return new Declared(ModelId.of(name, hash), ModelId.of(codecName, codecHash), load(p), p);
        } catch (RuntimeException e) {
            throw new ModelException("entropy model " + name + ": bad configuration", e);
        }
    }

    /** Channels of the previous-iterations input: b_{t-1}, b_{t-2}, mean of b_{s<t}, and t/16. */
    public int previousChannels() { return 3 * bits + 1; }

    public void store(Properties p) {
        p.setProperty("entropy.bits", Integer.toString(bits));
        p.setProperty("entropy.contextChannels", Integer.toString(contextChannels));
        p.setProperty("entropy.lstmChannels", Integer.toString(lstmChannels));
        p.setProperty("entropy.headChannels", Integer.toString(headChannels));
        if (crossChannelTerms > 0) p.setProperty("entropy.crossChannelTerms", Integer.toString(crossChannelTerms));
    }

    public static EntropyConfig load(Properties p) {
        return new EntropyConfig(Integer.parseInt(p.getProperty("entropy.bits").trim()),
                Integer.parseInt(p.getProperty("entropy.contextChannels").trim()),
                Integer.parseInt(p.getProperty("entropy.lstmChannels").trim()),
                Integer.parseInt(p.getProperty("entropy.headChannels").trim()),
                Integer.parseInt(p.getProperty("entropy.crossChannelTerms", "0").trim()));
    }
}

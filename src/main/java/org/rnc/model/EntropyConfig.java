package org.rnc.model;

import java.util.Properties;

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

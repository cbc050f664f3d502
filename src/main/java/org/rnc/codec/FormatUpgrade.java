package org.rnc.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.rnc.entropy.IterationCoder;
import org.rnc.format.RncFileReader;
import org.rnc.format.RncFileWriter;
import org.rnc.format.RncFormatException;
import org.rnc.format.RncHeader;
import org.rnc.model.EntropyPredictor;
import org.rnc.model.ModelException;
import org.rnc.model.ModelRegistry;
import org.rnc.model.PortableEntropyModel;

/**
 * Rewrites an {@code .rnc} file in the format this build writes with the same codes, so the same pixels: each
 * iteration's codes are entropy-decoded with the file's own entropy model and coded again with the portable
 * entropy model this build has for the file's codec (RAW where it has none). The alpha plane is kept. No network
 * runs but the entropy models. This is how a format 1 file, whose entropy coding depends on the TensorFlow
 * arithmetic of the machine that wrote it, becomes a file that decodes everywhere: upgrade it on a machine that
 * decodes it.
 */
public final class FormatUpgrade {
    private FormatUpgrade() {}

    /** What an upgrade did. */
    public record Result(RncHeader from, RncHeader to, long bytesWritten) {}

    public static Result upgrade(InputStream in, OutputStream out) throws IOException, ModelException {
        RncFileReader reader = new RncFileReader(in);
        RncHeader h = reader.readHeader();
        RncFileReader.Body body = reader.readBody(Integer.MAX_VALUE);
        if (body.damage() != null)
            throw new RncFormatException("iteration " + (body.damage().iteration() + 1) + " is damaged (" + body.damage().reason()
                    + "): upgrade only whole files");
        if (body.truncated() || body.iterations().size() != h.iterations())
            throw new RncFormatException("the file is incomplete (" + body.iterations().size() + " of " + h.iterations()
                    + " iterations): upgrade only whole files");
        EntropyPredictor source = h.coding() == RncHeader.Coding.BINARY_RNN ? ModelRegistry.entropy(h.entropyModel()) : null;
        IterationCoder decoder = IterationCoder.forFile(h, source);
        PortableEntropyModel target = ModelRegistry.entropyFor(h.model());
        RncHeader nh = new RncHeader(h.width(), h.height(), h.colour(), h.sampleBits(), h.hasAlpha(),
                target == null ? RncHeader.Coding.RAW : RncHeader.Coding.BINARY_RNN, h.blockSize(), h.codesPerBlock(),
                h.tileSize(), h.iterations(), ModelRegistry.resolve(h.model(), "model"), target == null ? null : target.id()).withAdaptive(h.adaptive()).forWriting();
        IterationCoder encoder = IterationCoder.forFile(nh, target);
        RncFileWriter w = new RncFileWriter(out);
        w.writeHeader(nh);
        w.writeExtras(body.extras());
        if (h.hasAlpha()) w.writeAlpha(body.alpha());
        // the picture's own chunks go along: the codes stay the same, so their post-filter and the filter fitted to
        // its picture still apply
        if (body.postFilter() != null) w.writePostFilter(RncFileReader.postFilterModel(body.postFilter(), h));
        if (body.filter() != null) w.writeFilter(body.filter());
        for (int t = 0; t < h.iterations(); t++) {
            float[] codes;
            try {
                codes = decoder.decode(body.iterations().get(t).data());
            } catch (RncFormatException e) {
                throw new RncFormatException("iteration " + (t + 1) + ": " + e.getMessage());
            }
            w.writeIteration(encoder.encode(codes));
        }
        w.finish();
        return new Result(h, nh, w.bytesWritten());
    }
}

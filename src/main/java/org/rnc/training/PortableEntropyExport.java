package org.rnc.training;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.apache.commons.io.file.PathUtils;
import org.rnc.model.EntropyConfig;
import org.rnc.model.ModelFiles;
import org.rnc.model.PortableEntropyModel;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Writes a trained entropy network as a portable entropy model ({@link PortableEntropyModel}): its weights
 * rounded to multiples of 2^-20 and stored as integers, so the plugin evaluates it in plain Java with the same
 * bits on every machine. The network itself is unchanged; the rounding moves a weight by at most 2^-21.
 */
public final class PortableEntropyExport {
    private PortableEntropyExport() {}

    /**
     * Converts a TensorFlow entropy model directory (SavedModel with the trainer's variable names) into a
     * portable model directory {@code outDir} named {@code name}. Returns the new model's SHA-256.
     */
    public static String fromSavedModel(Path tfModelDir, Path outDir, String name) throws IOException {
        Properties src = readProperties(tfModelDir);
        EntropyConfig cfg = EntropyConfig.load(src);
        float[][] tensors;
        org.rnc.model.NativeLogs.quiet();
        try (SavedModelBundle b = SavedModelBundle.load(tfModelDir.resolve(ModelFiles.SAVED_MODEL).toString(),
                SavedModelBundle.DEFAULT_TAG)) {
            tensors = fetch(b.session(), cfg);
        }
        Properties p = new Properties();
        for (String k : List.of("codec.name", "codec.sha256", "training.step", "training.validationBitsPerCode", "training.cpuSeconds"))
            if (src.getProperty(k) != null) p.setProperty(k, src.getProperty(k));
        p.setProperty("source.name", src.getProperty("name"));
        p.setProperty("source.sha256", src.getProperty("sha256"));
        return write(tensors, cfg, outDir, name, p);
    }

    /** The network's variables from a session that holds them (a restored checkpoint or a loaded SavedModel). */
    static float[][] fetch(Session s, EntropyConfig cfg) {
        String[] names = PortableEntropyModel.Weights.names(cfg);
        int[] sizes = PortableEntropyModel.Weights.sizes(cfg);
        float[][] out = new float[names.length][];
        for (int i = 0; i < names.length; i++) {
            try (Result r = s.runner().fetch("entropy_" + names[i].replace('/', '_')).run()) {
                TFloat32 t = (TFloat32) r.get(0);
                if (t.shape().size() != sizes[i])
                    throw new IllegalStateException(names[i] + " has shape " + t.shape() + ", expected " + sizes[i] + " values");
                out[i] = new float[sizes[i]];
                t.copyTo(DataBuffers.of(out[i], false, false));
            }
        }
        // the cross-channel terms are used masked (strictly upper-triangular): store them that way
        int b = cfg.bits();
        for (int k = 0; k < cfg.crossChannelTerms(); k++) {
            float[] w = out[out.length - cfg.crossChannelTerms() + k];
            for (int from = 0; from < b; from++)
                for (int to = 0; to <= from; to++) w[from * b + to] = 0f;
        }
        return out;
    }

    /** Writes the model directory: weights file plus properties ({@code extra} and the configuration). */
    static String write(float[][] tensors, EntropyConfig cfg, Path outDir, String name, Properties extra) throws IOException {
        Path net = outDir.resolve(ModelFiles.NETWORK);
        if (Files.exists(net)) PathUtils.deleteDirectory(net);
        Path file = outDir.resolve(PortableEntropyModel.WEIGHTS_FILE);
        Files.createDirectories(file.getParent());
        try (OutputStream os = Files.newOutputStream(file);
             DataOutputStream d = new DataOutputStream(new BufferedOutputStream(os, 1 << 16))) {
            writeWeights(d, tensors, cfg);
        }
        Properties p = new Properties();
        p.putAll(extra);
        p.setProperty("format", PortableEntropyModel.FORMAT);
        cfg.store(p);
        return ModelFiles.writeProperties(outDir, name, p, "RNC portable BinaryRNN entropy model");
    }

    /** The weights file of conformance/FORMAT.md: header, then every tensor as big-endian k = round(w * 2^20). */
    static void writeWeights(DataOutputStream d, float[][] tensors, EntropyConfig cfg) throws IOException {
        d.writeInt(0x524E4345);
        d.writeShort(1);
        d.writeByte(cfg.bits());
        d.writeShort(cfg.contextChannels());
        d.writeShort(cfg.lstmChannels());
        d.writeShort(cfg.headChannels());
        d.writeByte(cfg.crossChannelTerms());
        d.writeByte(PortableEntropyModel.WEIGHT_SHIFT);
        d.writeByte(PortableEntropyModel.ACTIVATION_SHIFT);
        int[] sizes = PortableEntropyModel.Weights.sizes(cfg);
        for (int i = 0; i < sizes.length; i++) {
            if (tensors[i].length != sizes[i]) throw new IllegalArgumentException("tensor " + i + " has " + tensors[i].length + " values");
            for (float w : tensors[i]) {
                double k = Math.rint(StrictMath.scalb((double) w, PortableEntropyModel.WEIGHT_SHIFT));
                if (!(Math.abs(k) < (1 << 24)))
                    throw new IllegalArgumentException("weight " + w + " of tensor " + i + " is outside the portable range (|w| < 16)");
                d.writeInt((int) k);
            }
        }
    }

    private static Properties readProperties(Path dir) throws IOException {
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(dir.resolve(ModelFiles.PROPERTIES))) {
            p.load(r);
        }
        return p;
    }
}

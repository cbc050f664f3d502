package org.rnc.training;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.commons.io.file.PathUtils;
import org.rnc.model.CodecConfig;
import org.rnc.model.CodecSignatures;
import org.rnc.model.ModelFiles;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Turns a training checkpoint into a shipped model directory: a SavedModel with one-iteration
 * {@code encode} and {@code decode} signatures (all LSTM states explicit), plus rnc-model.properties
 * with the configuration and content hash. See conformance/FORMAT.md for the signature contract.
 */
public final class ModelExporter {
    private ModelExporter() {}

    /** Exports the run's current checkpoint to {@code outDir} (replacing its saved_model/ and properties). */
    public static String export(Path runDir, Path outDir, String name) throws IOException {
        Properties state = new Properties();
        try (Reader r = Files.newBufferedReader(runDir.resolve("state.properties"))) {
            state.load(r);
        }
        CodecConfig cfg = CodecConfig.load(state);
        Path ckpt = runDir.resolve(state.getProperty("checkpoint"));
        Path sm = outDir.resolve(ModelFiles.SAVED_MODEL);
        if (Files.exists(sm)) PathUtils.deleteDirectory(sm);
        Files.createDirectories(outDir);
        int priming = Integer.parseInt(state.getProperty("priming", "0").trim());
        org.rnc.model.NativeLogs.quiet();
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            CodecNetwork net = new CodecNetwork(tf, cfg, CodecNetwork.RESTORED_LATER);
            Signature enc = encoderSignature(tf, net, cfg);
            Signature dec = decoderSignature(tf, net, cfg, CodecSignatures.DECODE, 0);
            Signature first = priming > 0 ? decoderSignature(tf, net, cfg, CodecSignatures.DECODE_FIRST, priming) : null;
            try (Session s = new Session(g)) {
                s.restore(ckpt.toString());
                List<SessionFunction> fns = new ArrayList<>(List.of(SessionFunction.create(enc, s), SessionFunction.create(dec, s)));
                if (first != null) fns.add(SessionFunction.create(first, s));
                SavedModelBundle.exporter(sm.toString()).withSession(s).withFunctions(fns.toArray(new SessionFunction[0])).export();
            }
        }
        canonicalize(graphFile(outDir));
        Properties p = new Properties();
        cfg.store(p);
        if (priming > 0) p.setProperty(org.rnc.model.CodecModel.FEATURES, org.rnc.model.CodecModel.PRIMED);
        for (String k : List.of("step", "cpuSeconds", "trainedIterations", "preset", "priming", "mseWeight", "stopMasks",
                "ssimWeight", "ssimWeighting", "rateWeight", "rateSchedule", "distortionWeights", "train"))
            if (state.getProperty(k) != null) p.setProperty("training." + k, state.getProperty(k));
        String hash = ModelFiles.writeProperties(outDir, name, p, "RNC codec model");
        return hash;
    }

    /**
     * Rewrites a SavedModel's graph file with its map fields (node attributes, signatures) in sorted order.
     * TensorFlow writes them in hash order, which changes from one process to the next, so two exports of one
     * checkpoint used to differ in this file and get different hashes; a file names its model by hash, so a
     * model re-exported from its run must come out the same.
     */
    static void canonicalize(Path savedModelPb) throws IOException {
        org.tensorflow.proto.SavedModel m = readGraph(savedModelPb);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(m.getSerializedSize());
        com.google.protobuf.CodedOutputStream out = com.google.protobuf.CodedOutputStream.newInstance(bytes);
        out.useDeterministicSerialization();
        m.writeTo(out);
        out.flush();
        Files.write(savedModelPb, bytes.toByteArray());
    }

    /**
     * What differs between two codec model directories' networks: their SavedModel graphs (compared as messages, so
     * map order does not count) and their variables' files (byte for byte). Empty when both hold the same network;
     * names and hashes are not compared (a model exported before its graph file was canonical hashes otherwise).
     */
    public static List<String> networkDifferences(Path modelA, Path modelB) throws IOException {
        List<String> out = new ArrayList<>();
        Path a = modelA.resolve(ModelFiles.SAVED_MODEL), b = modelB.resolve(ModelFiles.SAVED_MODEL);
        if (!readGraph(graphFile(modelA)).equals(readGraph(graphFile(modelB)))) out.add("saved_model.pb: the graphs or signatures differ");
        List<String> fa = variableFiles(a), fb = variableFiles(b);
        if (!fa.equals(fb)) out.add("variables/: files " + fa + " against " + fb);
        else for (String f : fa)
            if (Files.mismatch(a.resolve(f), b.resolve(f)) != -1) out.add(f + ": the weights differ");
        return out;
    }

    /** A codec model directory's graph file, {@code saved_model/saved_model.pb}. */
    public static Path graphFile(Path modelDir) {
        return modelDir.resolve(ModelFiles.SAVED_MODEL).resolve("saved_model.pb");
    }

    private static org.tensorflow.proto.SavedModel readGraph(Path savedModelPb) throws IOException {
        return org.tensorflow.proto.SavedModel.parseFrom(Files.readAllBytes(savedModelPb));
    }

    private static List<String> variableFiles(Path savedModel) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.list(savedModel.resolve("variables"))) {
            return s.map(p -> "variables/" + p.getFileName()).sorted().toList();
        }
    }

    static Signature encoderSignature(Ops tf, CodecNetwork net, CodecConfig cfg) {
        Signature.Builder b = Signature.builder().key(CodecSignatures.ENCODE);
        Placeholder<TFloat32> x = input(tf, "encode", b, CodecSignatures.RESIDUAL, 3);
        List<CodecNetwork.State> states = new ArrayList<>();
        for (int i = 0; i < cfg.encoderCells(); i++) {
            int c = cfg.encoderStateChannels(i);
            states.add(new CodecNetwork.State(input(tf, "encode", b, CodecSignatures.encoderH(i), c), input(tf, "encode", b, CodecSignatures.encoderC(i), c)));
        }
        CodecNetwork.EncoderStep step = net.encode(x, states);
        b.output(CodecSignatures.BITS, net.binarize(step.code()));
        for (int i = 0; i < cfg.encoderCells(); i++) {
            b.output(CodecSignatures.next(CodecSignatures.encoderH(i)), step.states().get(i).h());
            b.output(CodecSignatures.next(CodecSignatures.encoderC(i)), step.states().get(i).c());
        }
        return b.build();
    }

    /** One decoder iteration; with {@code priming} P > 0, P + 1 decoder steps on the same bits (the last one's delta). */
    static Signature decoderSignature(Ops tf, CodecNetwork net, CodecConfig cfg, String key, int priming) {
        Signature.Builder b = Signature.builder().key(key);
        Placeholder<TFloat32> bits = input(tf, key, b, CodecSignatures.BITS, cfg.bits());
        List<CodecNetwork.State> states = new ArrayList<>();
        for (int i = 0; i < cfg.decoderCells(); i++) {
            int c = cfg.decoderStateChannels(i);
            states.add(new CodecNetwork.State(input(tf, key, b, CodecSignatures.decoderH(i), c), input(tf, key, b, CodecSignatures.decoderC(i), c)));
        }
        CodecNetwork.DecoderStep step = net.decode(bits, states);
        for (int p = 0; p < priming; p++) step = net.decode(bits, step.states());
        b.output(CodecSignatures.DELTA, step.delta());
        for (int i = 0; i < cfg.decoderCells(); i++) {
            b.output(CodecSignatures.next(CodecSignatures.decoderH(i)), step.states().get(i).h());
            b.output(CodecSignatures.next(CodecSignatures.decoderC(i)), step.states().get(i).c());
        }
        return b.build();
    }

    private static Placeholder<TFloat32> input(Ops tf, String prefix, Signature.Builder b, String name, int channels) {
        Placeholder<TFloat32> p = tf.withName(prefix + "_" + name).placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, -1, -1, channels)));
        b.input(name, p);
        return p;
    }

}

package org.rnc.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The on-disk layout of a shipped model and its content hash.
 * <pre>
 *   NAME/rnc-model.properties   name, sha256, files, configuration
 *   NAME/saved_model/...        the TensorFlow SavedModel (signatures "encode" and "decode")
 *   NAME/network/entropy.bin    or, for a portable entropy model, its integer weights
 * </pre>
 * The hash is SHA-256 over those files in sorted order, each as its relative path, a NUL byte,
 * its length (8 bytes, big-endian) and its bytes; the properties file itself is not covered.
 */
public final class ModelFiles {
    private ModelFiles() {}

    public static final String PROPERTIES = "rnc-model.properties";
    public static final String SAVED_MODEL = "saved_model";
    /** Folder of a portable entropy model's weights ({@link PortableEntropyModel}). */
    public static final String NETWORK = "network";

    /**
     * Relative paths of the model's files ("saved_model/...", and "network/..." for a portable entropy model),
     * sorted, with '/' separators.
     */
    public static List<String> listFiles(Path modelDir) throws IOException {
        List<String> out = new ArrayList<>();
        for (String folder : new String[]{SAVED_MODEL, NETWORK}) {
            Path sm = modelDir.resolve(folder);
            if (!Files.isDirectory(sm)) continue;
            try (Stream<Path> s = Files.walk(sm)) {
                s.filter(Files::isRegularFile).forEach(p -> out.add(folder + "/" + sm.relativize(p).toString().replace('\\', '/')));
            }
        }
        if (out.isEmpty()) throw new IOException(modelDir + " holds neither " + SAVED_MODEL + "/ nor " + NETWORK + "/");
        out.sort(null);
        return out;
    }

    public static String hash(Path modelDir, List<String> files) throws IOException {
        MessageDigest md = sha256();
        for (String f : files) {
            try (InputStream in = Files.newInputStream(modelDir.resolve(f))) {
                update(md, f, Files.size(modelDir.resolve(f)), in);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * Finishes a freshly exported model directory: hashes its SavedModel and writes rnc-model.properties with
     * the name, hash and file list plus {@code extra} (configuration, training facts). Returns the hash.
     */
    public static String writeProperties(Path modelDir, String name, java.util.Properties extra, String comment)
            throws IOException {
        List<String> files = listFiles(modelDir);
        String hash = hash(modelDir, files);
        java.util.Properties p = new java.util.Properties();
        p.putAll(extra);
        p.setProperty("name", name);
        p.setProperty("sha256", hash);
        p.setProperty("files", String.join(",", files));
        try (java.io.Writer w = Files.newBufferedWriter(modelDir.resolve(PROPERTIES), StandardCharsets.UTF_8)) {
            p.store(w, comment);
        }
        return hash;
    }

    /** Fails unless the model directory's files hash to {@code expected}. */
    static void verify(Path modelDir, String name, String expected) throws ModelException {
        String actual;
        try {
            actual = hash(modelDir, listFiles(modelDir));
        } catch (IOException e) {
            throw new ModelException("cannot read model " + name + " in " + modelDir + ": " + e.getMessage(), e);
        }
        if (!actual.equalsIgnoreCase(expected))
            throw new ModelException("model " + name + " in " + modelDir + " is damaged: its files hash to " + actual
                    + ", its properties say " + expected);
    }

    static void update(MessageDigest md, String name, long length, InputStream in) throws IOException {
        md.update(name.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        for (int i = 7; i >= 0; i--) md.update((byte) (length >>> (8 * i)));
        byte[] buf = new byte[1 << 16];
        long total = 0;
        for (int r; (r = in.read(buf)) > 0; ) {
            md.update(buf, 0, r);
            total += r;
        }
        if (total != length) throw new IOException(name + ": expected " + length + " bytes, read " + total);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** System property and environment variable naming TensorFlow's intra- and inter-op threads (0: its default). */
    public static final String THREADS_PROPERTY = "rnc.threads", THREADS_ENV = "RNC_THREADS";

    /** The thread count from {@code -Drnc.threads} or {@code RNC_THREADS}; 0 lets TensorFlow choose. */
    public static int threads() {
        String v = System.getProperty(THREADS_PROPERTY, System.getenv(THREADS_ENV));
        if (v == null || v.isBlank()) return 0;
        try {
            return Math.max(0, Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * System property and environment variable naming TensorFlow's inter-op threads apart from its intra-op ones: a
     * process whose threads run a shared model at the same time (a server, Spark's tasks) wants one intra-op
     * thread per call ({@code rnc.threads=1}) and as many inter-op threads as concurrent calls, or the calls queue.
     */
    public static final String INTER_OP_PROPERTY = "rnc.interOpThreads", INTER_OP_ENV = "RNC_INTER_OP_THREADS";

    /** Inter-op threads from {@code -Drnc.interOpThreads} or {@code RNC_INTER_OP_THREADS}; else {@code threads}. */
    static int interOpThreads(int threads) {
        String v = System.getProperty(INTER_OP_PROPERTY, System.getenv(INTER_OP_ENV));
        if (v == null || v.isBlank()) return threads;
        try {
            return Math.max(0, Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            return threads;
        }
    }

    /** Loads a SavedModel with {@code threads} intra-op threads and {@link #interOpThreads} (0: TensorFlow's default). */
    static org.tensorflow.SavedModelBundle loadBundle(Path modelDir, int threads) {
        NativeLogs.quiet();
        var loader = org.tensorflow.SavedModelBundle.loader(modelDir.resolve(SAVED_MODEL).toString())
                .withTags(org.tensorflow.SavedModelBundle.DEFAULT_TAG);
        int inter = interOpThreads(threads);
        if (threads > 0 || inter > 0) {
            var config = org.tensorflow.proto.ConfigProto.newBuilder();
            if (threads > 0) config.setIntraOpParallelismThreads(threads);
            if (inter > 0) config.setInterOpParallelismThreads(inter);
            loader = loader.withConfigProto(config.build());
        }
        return loader.load();
    }
}

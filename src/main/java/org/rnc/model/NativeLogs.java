package org.rnc.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Keeps TensorFlow's native log lines off the host application's stderr. A codec inside someone's web service or
 * viewer must not print "Reading SavedModel from ...", cpu_feature_guard or MLIR notices on every process start.
 *
 * <p>TensorFlow's C++ logging reads {@code TF_CPP_MIN_LOG_LEVEL} from the process environment, which Java cannot
 * set, and its absl-based lines ignore that variable. A 14 KB JNI helper (source in {@code src/main/c}) does both:
 * before TensorFlow loads it sets {@code TF_CPP_MIN_LOG_LEVEL=3} (only if the user has not set it), and once
 * TensorFlow is loaded it calls {@code absl::SetMinLogLevel} with the same level (in {@code libtensorflow_cc},
 * whose own absl copy exports no setter, it sets the level's variable for the TensorFlow build it knows). Where
 * the helper is missing (a platform other than Linux x86-64) or the TensorFlow build is another one, nothing
 * fails: the lines show.
 *
 * <p>{@code -Drnc.nativeLogs=true} (or {@code RNC_NATIVE_LOGS=true}) leaves TensorFlow's logging as it is, for
 * debugging; a {@code TF_CPP_MIN_LOG_LEVEL} set by the user is always honoured, also for the absl lines.
 */
public final class NativeLogs {
    public static final String PROPERTY = "rnc.nativeLogs", ENV = "RNC_NATIVE_LOGS";
    static final String TF_LEVEL = "TF_CPP_MIN_LOG_LEVEL";
    /** Level used when the user set none: FATAL only (a gpu build on a machine without CUDA logs ERROR lines). */
    static final int QUIET_LEVEL = 3;
    private static final String RESOURCE = "native/linux-x86_64/librncnativelogs.so";
    private static final String TF_FRAMEWORK = "libtensorflow_framework.so.2";
    /** absl LTS releases TensorFlow builds have used; the symbol carries the release in its name. */
    private static final String[] ABSL_RELEASES = {"20230802", "20240116", "20240722", "20250127", "20250512"};

    /**
     * Where a TensorFlow build keeps the absl log level of a library that exports no setter for it: the
     * {@code .bss} offset of {@code absl::(anonymous)::min_log_level} ({@code nm libtensorflow_cc.so.2}), valid
     * only for the build whose exported {@code TF_Version} and {@code TF_NewGraph} lie at the offsets given.
     */
    record AbslVariable(String library, long tfVersion, long tfNewGraph, long minLogLevel) {}

    static final AbslVariable[] KNOWN_BUILDS = {
        // TensorFlow Java 1.1.0 (TensorFlow 2.18), tensorflow-core-native linux-x86_64
        new AbslVariable("libtensorflow_cc.so.2", 0xaa7a3d0L, 0xaa83da0L, 0x1b498d2cL),
    };

    /** What {@link #quiet()} did: the helper loaded, the variable set, absl's level set in each library. */
    public record State(boolean helperLoaded, boolean envSet, boolean abslFramework, boolean abslCc, int level,
                        String problem) {}

    private static State state;

    private NativeLogs() {}

    /**
     * Makes TensorFlow quiet, once per JVM, and loads TensorFlow's native library. Call before the first use of
     * any {@code org.tensorflow} class: the environment variable only counts if it is set before TensorFlow logs.
     */
    public static synchronized State quiet() {
        if (state != null) return state;
        String user = System.getenv(TF_LEVEL);
        boolean logs = Boolean.parseBoolean(System.getProperty(PROPERTY, System.getenv(ENV)));
        if (logs) {
            state = new State(false, false, false, false, -1, "native logs left on (" + PROPERTY + ")");
            return state;
        }
        int level = parseLevel(user);
        boolean loaded = false, envSet = false, abslSet = false, abslCc = false;
        String problem = null;
        try {
            loaded = loadHelper();
            if (!loaded) problem = "no helper for " + System.getProperty("os.name") + "/" + System.getProperty("os.arch");
        } catch (IOException | LinkageError | SecurityException e) {
            problem = "helper not loaded: " + e;
        }
        if (loaded) envSet = setenvIfUnset(TF_LEVEL, Integer.toString(level)) == 1;
        // loads libtensorflow_framework (and the rest) now, so that absl's level can be set before any model runs
        org.tensorflow.TensorFlow.version();
        if (loaded) {
            for (String release : ABSL_RELEASES) {
                if (callIntSetter(TF_FRAMEWORK, "_ZN4absl12lts_" + release + "14SetMinLogLevelENS0_18LogSeverityAtLeastE",
                        Math.min(level, 3)) == 1) {
                    abslSet = true;
                    break;
                }
            }
            if (!abslSet) problem = "absl::SetMinLogLevel not found in " + TF_FRAMEWORK;
            for (AbslVariable v : KNOWN_BUILDS) {
                if (symbolOffset(v.library(), "TF_Version") == v.tfVersion()
                        && symbolOffset(v.library(), "TF_NewGraph") == v.tfNewGraph()) {
                    // absl's default level is INFO (0); any other value means someone set it: leave it
                    abslCc = storeIntIfEquals(v.library(), "TF_Version", v.minLogLevel(), 0, Math.min(level, 3)) == 1;
                    break;
                }
            }
        }
        state = new State(loaded, envSet, abslSet, abslCc, level, problem);
        return state;
    }

    /** The user's level if it is a number 0..3 (TensorFlow's own reading), else {@link #QUIET_LEVEL}. */
    static int parseLevel(String user) {
        if (user == null) return QUIET_LEVEL;
        try {
            return Math.max(0, Math.min(3, Integer.parseInt(user.trim())));
        } catch (NumberFormatException e) {
            return 0; // TensorFlow treats an unparsable value as 0, and so logs everything
        }
    }

    private static boolean loadHelper() throws IOException {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) return false;
        byte[] lib;
        try (InputStream in = NativeLogs.class.getResourceAsStream(RESOURCE)) {
            if (in == null) return false;
            lib = in.readAllBytes();
        }
        // named by content, so a later release's helper never meets an older file of the same name
        String hash = HexFormat.of().formatHex(ModelFiles.sha256().digest(lib)).substring(0, 16);
        Path target = ModelRegistry.cacheRoot().resolve("native").resolve(hash + "-librncnativelogs.so");
        if (!Files.isRegularFile(target) || Files.size(target) != lib.length) {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), "librncnativelogs-", ".tmp");
            try {
                Files.write(tmp, lib);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                    // another process wrote the same bytes first
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        System.load(target.toAbsolutePath().toString());
        return true;
    }

    private static native int setenvIfUnset(String name, String value);

    private static native int callIntSetter(String library, String symbol, int value);

    private static native long symbolOffset(String library, String symbol);

    private static native int storeIntIfEquals(String library, String symbol, long offset, int expected, int value);
}

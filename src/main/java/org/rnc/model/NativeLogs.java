package org.rnc.model;

import java.io.IOException;
import java.io.InputStream;
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
 * TensorFlow is loaded it sets absl's log level, the same, in TensorFlow's two libraries (a variable neither
 * exports, at an offset known for the exact build, named by its GNU build ID). Where the helper is missing (a
 * platform other than Linux x86-64) or the TensorFlow build is another one (the gpu build), nothing fails: the
 * absl lines, or all lines, show.
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

    /**
     * Where a TensorFlow library keeps absl's log level: the offset of {@code absl::(anonymous)::min_log_level}
     * ({@code nm LIBRARY | grep min_log_levelE}), valid only in the build with that GNU build ID
     * ({@code readelf -n LIBRARY}). Neither library exports a setter that reaches its own copy of absl.
     */
    record AbslVariable(String library, String buildId, long minLogLevel) {}

    static final AbslVariable[] KNOWN_BUILDS = {
        // TensorFlow Java 1.1.0 (TensorFlow 2.18), tensorflow-core-native linux-x86_64
        new AbslVariable("libtensorflow_framework.so.2", "171083abc7ad035cbf4700ba9158fe84", 0x22bc0b8L),
        new AbslVariable("libtensorflow_cc.so.2", "cdcdb4f3f8a928555b71513cbcae8523", 0x1b498d2cL),
    };

    /**
     * What {@link #quiet()} did: the helper loaded, the environment variable set (false when the user had set it),
     * absl's level set in how many of the known libraries, and whether this TensorFlow is a build it knows.
     */
    public record State(boolean helperLoaded, boolean envSet, int abslSet, boolean knownBuild, int level, String problem) {}

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
            state = new State(false, false, 0, false, -1, "native logs left on (" + PROPERTY + ")");
            return state;
        }
        int level = parseLevel(user);
        boolean loaded = false, envSet = false, known = false;
        int abslSet = 0;
        String problem = null;
        try {
            loaded = loadHelper();
            if (!loaded) problem = "no helper for " + System.getProperty("os.name") + "/" + System.getProperty("os.arch");
        } catch (IOException | LinkageError | SecurityException e) {
            problem = "helper not loaded: " + e;
        }
        if (loaded) envSet = setenvIfUnset(TF_LEVEL, Integer.toString(level)) == 1;
        // loads TensorFlow's libraries now, so that absl's level is set before any model runs
        org.tensorflow.TensorFlow.version();
        if (loaded) {
            int matched = 0;
            for (AbslVariable v : KNOWN_BUILDS) {
                // absl's default level is INFO (0); any other value means someone set it: left alone
                int r = storeIntInBuild(v.library(), HexFormat.of().parseHex(v.buildId()), v.minLogLevel(), 0, Math.min(level, 3));
                if (r == 1) abslSet++;
                if (r == 1 || r == -2) matched++;
            }
            known = matched == KNOWN_BUILDS.length;
            if (!known) problem = "a TensorFlow build without known absl offsets: its absl lines still show";
        }
        state = new State(loaded, envSet, abslSet, known, level, problem);
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
        // named by content, so a later release's helper never meets an older file of the same name; an existing
        // file is loaded only if it holds exactly these bytes
        String hash = HexFormat.of().formatHex(ModelFiles.sha256().digest(lib)).substring(0, 16);
        Path target = ModelRegistry.cacheRoot().resolve("native").resolve(hash + "-librncnativelogs.so");
        if (!Files.isRegularFile(target) || !java.util.Arrays.equals(Files.readAllBytes(target), lib)) {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), "librncnativelogs-", ".tmp");
            try {
                Files.write(tmp, lib);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        System.load(target.toAbsolutePath().toString());
        return true;
    }

    private static native int setenvIfUnset(String name, String value);

    /** 1: stored; 0: library not loaded; -1: another build; -2: the variable did not hold {@code expected}. */
    private static native int storeIntInBuild(String library, byte[] buildId, long offset, int expected, int value);
}

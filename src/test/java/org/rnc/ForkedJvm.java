package org.rnc;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A probe's main class run in a fresh JVM on the test class path: tests that play another machine or a fresh process. */
public final class ForkedJvm {
    private ForkedJvm() {}

    /**
     * Runs {@code main} with {@code jvmArgs} (plus a 1 GB heap, headless, and the test run's model and cache folders)
     * and {@code args}; {@code env} edits the child's environment. Fails the test unless it exits 0 within
     * {@code minutes}. Returns {stdout, stderr}.
     */
    public static String[] run(Class<?> main, List<String> jvmArgs, Consumer<Map<String, String>> env, int minutes, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-Xmx1g");
        cmd.add("-Djava.awt.headless=true");
        for (String p : List.of("rnc.cache.dir", "rnc.models.dir"))
            if (System.getProperty(p) != null) cmd.add("-D" + p + "=" + System.getProperty(p));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        env.accept(pb.environment());
        Path err = Files.createTempFile("fork-", ".err"), out = Files.createTempFile("fork-", ".out");
        try {
            pb.redirectError(err.toFile());
            pb.redirectOutput(out.toFile());
            Process p = pb.start();
            if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail(main.getSimpleName() + " did not finish in " + minutes + " minutes");
            }
            String[] io = {Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8)};
            assertEquals(0, p.exitValue(), main.getSimpleName() + " failed:\n" + io[1]);
            return io;
        } finally {
            Files.deleteIfExists(err);
            Files.deleteIfExists(out);
        }
    }
}

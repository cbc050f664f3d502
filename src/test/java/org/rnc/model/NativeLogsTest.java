package org.rnc.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The plugin keeps TensorFlow's native logging off the host's streams: a forked JVM with no
 * {@code TF_CPP_MIN_LOG_LEVEL} in its environment writes and reads an image through ImageIO and prints nothing.
 * The same JVM with {@code -Drnc.nativeLogs=true} prints TensorFlow's lines, so the check can fail.
 */
class NativeLogsTest {

    private static boolean linuxX64() {
        return System.getProperty("os.name").toLowerCase().startsWith("linux")
                && List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
    }

    @Test
    void aReadAndAWritePrintNothing() throws Exception {
        assumeTrue(linuxX64(), "the helper is built for Linux x86-64 only");
        // the forked JVM loads the same TensorFlow: where it is a build the helper knows, nothing at all may show
        assumeTrue(NativeLogs.quiet().knownBuild(), "a TensorFlow build without known absl offsets (the gpu build)");
        String[] io = fork();
        assertEquals("", io[0], "stdout");
        assertEquals("", io[1], "stderr");
    }

    @Test
    void theSwitchTurnsTensorFlowsLinesBackOn() throws Exception {
        String[] io = fork("-Drnc.nativeLogs=true");
        assertTrue(io[1].contains("SavedModel"), "TensorFlow's own lines with the switch on:\n" + io[1]);
        assertTrue(io[1].contains("MLIR"), "the absl-based line with the switch on:\n" + io[1]);
    }

    @Test
    void theUsersLevelWins() {
        assertEquals(NativeLogs.QUIET_LEVEL, NativeLogs.parseLevel(null));
        assertEquals(1, NativeLogs.parseLevel("1"));
        assertEquals(0, NativeLogs.parseLevel("verbose"));
        assertEquals(3, NativeLogs.parseLevel("9"));
    }

    @Test
    void inThisJvmEveryPartTookEffect() {
        assumeTrue(linuxX64(), "the helper is built for Linux x86-64 only");
        NativeLogs.State s = NativeLogs.quiet();
        // surefire sets TF_CPP_MIN_LOG_LEVEL=2 for the tests, so the variable is the user's here
        assertTrue(s.helperLoaded(), s.toString());
        assumeTrue(s.knownBuild(), "a TensorFlow build without known absl offsets (the gpu build)");
        // surefire's TF_CPP_MIN_LOG_LEVEL=2 is taken as the user's: absl's level set to 2 in both libraries
        assertEquals(2, s.level(), s.toString());
        assertEquals(2, s.abslSet(), s.toString());
    }

    /** {stdout, stderr} of {@link QuietProbe} in a fresh JVM without TF_CPP_MIN_LOG_LEVEL. */
    private static String[] fork(String... jvmArgs) throws IOException, InterruptedException {
        return org.rnc.ForkedJvm.run(QuietProbe.class, List.of(jvmArgs), env -> {
            env.remove("TF_CPP_MIN_LOG_LEVEL");
            env.remove(NativeLogs.ENV);
        }, 3);
    }
}

package org.rnc.portability;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnc.conformance.Conformance;
import org.rnc.format.RncFileReader;
import org.rnc.imageio.RncIO;
import org.rnc.metrics.ImageQuality;

/**
 * Plays other machines on this one: JVMs that compile Java differently (no AVX, no auto-vectorisation,
 * interpreter only), use one thread, or run TensorFlow with other kernels (oneDNN off) must compute the same
 * entropy-model probabilities, bit for bit, over all iterations of a real photo's codes; and a file written in
 * any of them (uniform, or adaptive with stop flags) must decode in all the others to the same codes (the lossless part; the pictures may differ in the
 * last bits, within the spec's tolerance).
 */
class PortabilityTest {
    /** Each "machine": extra JVM options and environment. */
    private record Machine(String name, List<String> jvm, Map<String, String> env) {}

    private static final List<Machine> MACHINES = List.of(
            new Machine("default", List.of(), Map.of()),
            new Machine("no-avx", List.of("-XX:UseAVX=0"), Map.of()),
            new Machine("no-superword", List.of("-XX:-UseSuperWord"), Map.of()),
            new Machine("interpreter", List.of("-Xint"), Map.of()),
            new Machine("one-thread", List.of("-Drnc.threads=1"), Map.of()),
            new Machine("onednn-off", List.of(), Map.of("TF_ENABLE_ONEDNN_OPTS", "0")));

    @Test
    void probabilitiesAndFilesAgreeAcrossJvmSettings(@TempDir Path dir) throws Exception {
        BufferedImage photo = ImageIO.read(Path.of("conformance/images/kodim05.png").toFile());
        // 512x64: a 32x4 code grid, wide and large enough that the entropy model splits its rows and positions
        // between threads (one-thread must then agree with the others)
        BufferedImage crop = new BufferedImage(512, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = crop.createGraphics();
        g.drawImage(photo, 0, 0, 512, 64, 100, 200, 612, 264, null);
        g.dispose();
        Files.write(dir.resolve("raw.rnc"), RncIO.encode(crop, p -> {
            p.setIterations(6);
            p.setEntropyCoding(false);
        }));
        BufferedImage small = crop.getSubimage(192, 0, 128, 64); // big enough that entropy coding beats RAW
        ImageIO.write(small, "png", dir.resolve("small.png").toFile());

        Map<String, String> digests = new LinkedHashMap<>();
        for (Machine m : MACHINES) {
            String out = fork(m, "digest", dir.resolve("raw.rnc").toString(),
                    "write", dir.resolve("small.png").toString(), dir.resolve(m.name + ".rnc").toString(), "5",
                    "write-adaptive", dir.resolve("small.png").toString(), dir.resolve(m.name + "-adaptive.rnc").toString(), "8", "27");
            digests.put(m.name, value(out, "digest"));
        }
        assertEquals(1, digests.values().stream().distinct().count(), "probability digests differ: " + digests);

        // every file (uniform, and adaptive with stop flags) decodes in every JVM to the codes its writer coded
        List<String> files = new ArrayList<>();
        for (Machine w : MACHINES) files.addAll(List.of(w.name, w.name + "-adaptive"));
        Map<String, String> writers = new LinkedHashMap<>();
        for (String f : files) {
            byte[] file = Files.readAllBytes(dir.resolve(f + ".rnc"));
            writers.put(f, Conformance.codesSha256(file));
            assertTrue(RncFileReader.iterationsOf(file).stream().anyMatch(i -> i.data()[0] != 0),
                    f + " has entropy-coded iterations");
            org.rnc.format.RncHeader h = new RncFileReader(new java.io.ByteArrayInputStream(file)).readHeader();
            assertEquals(f.endsWith("-adaptive"), h.adaptive(), f);
            if (h.adaptive()) { // some blocks stopped before the last iteration: the flags decide something
                org.rnc.entropy.IterationCoder coder = org.rnc.entropy.IterationCoder.forFile(h,
                        org.rnc.model.ModelRegistry.entropy(h.entropyModel()));
                boolean[] last = null;
                for (RncFileReader.Iteration it : RncFileReader.iterationsOf(file))
                    last = org.rnc.format.RawBits.activeBlocks(coder.decode(it.data()), h.codesPerBlock());
                int going = 0;
                for (boolean b : last) going += b ? 1 : 0;
                assertTrue(going > 0 && going < last.length, f + ": " + going + " of " + last.length + " blocks in the last iteration");
            }
        }
        for (Machine r : MACHINES) {
            List<String> args = new ArrayList<>();
            for (String f : files)
                args.addAll(List.of("read", dir.resolve(f + ".rnc").toString(), dir.resolve(f + "-by-" + r.name + ".png").toString()));
            String out = fork(r, args.toArray(new String[0]));
            for (String f : files)
                assertEquals(writers.get(f), value(out, "codes " + f + ".rnc"), f + "'s file read by " + r.name);
        }
        for (String f : files) {
            BufferedImage ref = ImageIO.read(dir.resolve(f + "-by-default.png").toFile());
            for (Machine r : MACHINES) {
                BufferedImage other = ImageIO.read(dir.resolve(f + "-by-" + r.name + ".png").toFile());
                double psnr = ImageQuality.psnr(ref, other);
                assertTrue(psnr >= Conformance.MIN_PSNR, f + "'s file read by " + r.name + ": " + psnr + " dB");
            }
        }
    }

    private static String value(String out, String key) {
        for (String line : out.split("\n"))
            if (line.startsWith(key + " ")) return line.substring(key.length() + 1).trim();
        throw new AssertionError("no '" + key + "' in the probe's output:\n" + out);
    }

    private static String fork(Machine m, String... args) throws IOException, InterruptedException {
        return org.rnc.ForkedJvm.run(PortabilityProbe.class, m.jvm, env -> {
            env.putAll(m.env);
            env.putIfAbsent("TF_CPP_MIN_LOG_LEVEL", "2");
        }, 5, args)[0];
    }
}

package org.rnc.portability;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.rnc.conformance.Conformance;
import org.rnc.entropy.EntropyAnalysis;
import org.rnc.entropy.IterationCoder;
import org.rnc.format.RncFileReader;
import org.rnc.format.RncHeader;
import org.rnc.imageio.RncIO;
import org.rnc.model.ModelRegistry;
import org.rnc.model.PortableEntropyModel;

/**
 * What {@link PortabilityTest} runs in JVMs set up like other machines. Commands, in order:
 * {@code digest RAW.rnc} prints the probability digest of the file's codes under the writer's entropy model;
 * {@code write SRC.png OUT.rnc N} writes an entropy-coded file of N iterations;
 * {@code write-adaptive SRC.png OUT.rnc N T} the same with blocks stopping at T dB (format 3, stop flags);
 * {@code read FILE.rnc OUT.png} prints the SHA-256 of the file's decoded codes and writes its picture.
 */
public final class PortabilityProbe {
    public static void main(String[] args) throws Exception {
        for (int i = 0; i < args.length; ) {
            switch (args[i]) {
                case "digest" -> {
                    byte[] raw = Files.readAllBytes(Path.of(args[i + 1]));
                    RncFileReader r = new RncFileReader(new ByteArrayInputStream(raw));
                    RncHeader h = r.readHeader();
                    IterationCoder unpack = IterationCoder.forFile(h, null);
                    List<float[]> codes = new ArrayList<>();
                    for (RncFileReader.Iteration it : r.readBody(Integer.MAX_VALUE).iterations()) codes.add(unpack.decode(it.data()));
                    PortableEntropyModel m = ModelRegistry.entropyFor(h.model());
                    System.out.println("digest " + EntropyAnalysis.probabilityDigest(m, codes, h.blocksHigh(), h.blocksWide()));
                    i += 2;
                }
                case "write" -> {
                    BufferedImage src = ImageIO.read(Path.of(args[i + 1]).toFile());
                    int n = Integer.parseInt(args[i + 3]);
                    Files.write(Path.of(args[i + 2]), RncIO.encode(src, p -> {
                        p.setIterations(n);
                        p.setAdaptiveRate(false);
                    }));
                    i += 4;
                }
                case "write-adaptive" -> {
                    BufferedImage src = ImageIO.read(Path.of(args[i + 1]).toFile());
                    int n = Integer.parseInt(args[i + 3]);
                    double target = Double.parseDouble(args[i + 4]);
                    Files.write(Path.of(args[i + 2]), RncIO.encode(src, p -> {
                        p.setIterations(n);
                        p.setBlockTargetPsnr(target);
                    }));
                    i += 5;
                }
                case "read" -> {
                    byte[] file = Files.readAllBytes(Path.of(args[i + 1]));
                    System.out.println("codes " + Path.of(args[i + 1]).getFileName() + " " + Conformance.codesSha256(file));
                    ImageIO.write(RncIO.decode(file, null, null), "png", Path.of(args[i + 2]).toFile());
                    i += 3;
                }
                default -> throw new IllegalArgumentException("unknown command " + args[i]);
            }
        }
    }
}

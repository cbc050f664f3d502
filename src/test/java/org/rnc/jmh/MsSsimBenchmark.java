package org.rnc.jmh;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.rnc.metrics.ImageQuality;

/**
 * JMH microbenchmark of {@link ImageQuality#msSsim} (and PSNR for scale) on a 768x512 picture against its
 * JPEG (quality 0.5) decoding. Not a JUnit test: surefire never runs it. Run it with
 * <pre>
 *   mvn -q -B -o test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 *   java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) org.rnc.jmh.MsSsimBenchmark
 * </pre>
 * (JMH options may follow, e.g. {@code -f 1 -wi 2 -i 3}; the main class runs {@code org.openjdk.jmh.Main}.)
 * The picture is {@code conformance/images/kodim05.png} when run from the repository root (param {@code image}),
 * else a synthetic 768x512 picture.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx1g", "-Djava.awt.headless=true"})
public class MsSsimBenchmark {

    @Param({"conformance/images/kodim05.png"})
    public String image;

    BufferedImage original, degraded;

    @Setup
    public void setUp() throws IOException {
        File f = new File(image);
        BufferedImage img = f.isFile() ? ImageIO.read(f) : synthetic();
        if (img.getWidth() != 768 || img.getHeight() != 512) img = synthetic();
        original = img;
        degraded = jpeg(img, 0.5f);
    }

    @Benchmark
    public double msSsim() {
        return ImageQuality.msSsim(original, degraded);
    }

    @Benchmark
    public double psnr() {
        return ImageQuality.psnr(original, degraded);
    }

    static BufferedImage synthetic() {
        BufferedImage img = new BufferedImage(768, 512, BufferedImage.TYPE_3BYTE_BGR);
        java.util.Random r = new java.util.Random(1);
        for (int y = 0; y < 512; y++)
            for (int x = 0; x < 768; x++) {
                int v = (int) (128 + 80 * Math.sin(x / 17.0) * Math.cos(y / 23.0)) + r.nextInt(9) - 4;
                v = Math.max(0, Math.min(255, v));
                img.setRGB(x, y, v << 16 | (255 - v) << 8 | (v / 2));
            }
        return img;
    }

    static BufferedImage jpeg(BufferedImage img, float quality) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(quality);
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ImageOutputStream o = ImageIO.createImageOutputStream(bos)) {
            w.setOutput(o);
            w.write(null, new IIOImage(img, null, null), p);
        } finally {
            w.dispose();
        }
        return ImageIO.read(new ByteArrayInputStream(bos.toByteArray()));
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            org.openjdk.jmh.Main.main(prepend(args));
            return;
        }
        new Runner(new OptionsBuilder().include(MsSsimBenchmark.class.getSimpleName()).build()).run();
    }

    private static String[] prepend(String[] args) {
        String[] a = new String[args.length + 1];
        a[0] = MsSsimBenchmark.class.getSimpleName();
        System.arraycopy(args, 0, a, 1, args.length);
        return a;
    }
}

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.rnc.bench.BenchRunner;
import org.rnc.bench.RncEvaluation;

/**
 * Every (block PSNR target, iteration cap) point of the adaptive rate on a folder of images, from one 16-iteration
 * adaptive write per target and one progressive read (the first k iterations of an adaptive file are exactly the file a
 * cap of k writes: the stop rule is causal). Writes CSV: image,target,k,bytes,bpp,psnr,msssim,decode_ms. Targets
 * below 1 are block SSIM targets, the others block PSNR targets (dB).
 * <pre>java -cp "target/rnc-cli.jar:target/rnc.jar:target/lib/*" docs/quality/AdaptiveCloud.java IMAGES OUT.csv [targets...]</pre>
 */
public class AdaptiveCloud {
    public static void main(String[] args) throws Exception {
        List<Path> images = BenchRunner.listImages(Path.of(args[0]));
        double[] targets = args.length > 2 ? java.util.Arrays.stream(args, 2, args.length).mapToDouble(Double::parseDouble).toArray()
                : new double[]{24, 27, 30, 33, 36, 40};
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[1])))) {
            out.println("image,target,k,bytes,bpp,psnr,msssim,decode_ms");
            for (Path p : images) {
                BufferedImage img = BenchRunner.toRgb(ImageIO.read(p.toFile()));
                for (double t : targets) {
                    long t0 = System.nanoTime();
                    for (RncEvaluation.Timed r : RncEvaluation.evaluateTimed(img, 16, null, false, q -> {
                        if (t < 1) q.setBlockTargetSsim(t);
                        else q.setBlockTargetPsnr(t);
                    })) {
                        RncEvaluation.Point pt = r.point();
                        out.printf(Locale.ROOT, "%s,%.4f,%d,%d,%.6f,%.4f,%.6f,%.1f%n", BenchRunner.imageName(p), t, pt.iterations(),
                                pt.bytes(), pt.bpp(), pt.psnr(), pt.msSsim(), r.decodeMs());
                    }
                    out.flush();
                    System.err.printf(Locale.ROOT, "%s target %.4f: %.0f s%n", BenchRunner.imageName(p), t, (System.nanoTime() - t0) / 1e9);
                }
            }
        }
    }
}

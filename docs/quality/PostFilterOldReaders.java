import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.util.Arrays;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.rnc.imageio.RncIO;
import org.rnc.metrics.ImageQuality;
import org.rnc.model.ModelRegistry;

/**
 * What a reader before format 2.3 / 3.2 shows of a file that names the post-filter: it skips the POST chunk and runs
 * the file's restoration filter (fitted to the post-filter's picture) on the plain picture. Against the same image
 * written without the post-filter (what the writer wrote before), and what this reader shows. Kodak images at caps K.
 * <pre>
 * java -cp "target/rnc.jar:target/lib/*" docs/quality/PostFilterOldReaders.java KODAK_DIR 2,4,8
 * </pre>
 */
public class PostFilterOldReaders {
    public static void main(String[] a) throws Exception {
        File[] files = new File(a[0]).listFiles((d, n) -> n.endsWith(".png"));
        Arrays.sort(files);
        int[] caps = Arrays.stream(a[1].split(",")).mapToInt(Integer::parseInt).toArray();
        System.out.println("image,cap,bytes_new,bytes_nopost,psnr_new,psnr_old_reader,psnr_nopost,msssim_new,msssim_old_reader,msssim_nopost");
        for (File f : files) {
            BufferedImage img = ImageIO.read(f);
            for (int k : caps) {
                byte[] withPost = RncIO.encode(img, p -> p.setIterations(k));
                byte[] noPost = RncIO.encode(img, p -> {
                    p.setIterations(k);
                    p.setPostFilter(false);
                });
                int at = chunk(withPost, "POST");
                byte[] oldView = at < 0 ? withPost : without(withPost, at);
                BufferedImage n = RncIO.decode(withPost, null, null), o = RncIO.decode(oldView, null, null), b = RncIO.decode(noPost, null, null);
                System.out.printf(Locale.ROOT, "%s,%d,%d,%d,%.3f,%.3f,%.3f,%.5f,%.5f,%.5f%n", f.getName().replace(".png", ""), k,
                        withPost.length, noPost.length, ImageQuality.psnr(img, n), ImageQuality.psnr(img, o), ImageQuality.psnr(img, b),
                        ImageQuality.msSsim(img, n), ImageQuality.msSsim(img, o), ImageQuality.msSsim(img, b));
            }
        }
        ModelRegistry.closeAll();
    }

    static int chunk(byte[] f, String type) {
        for (int at = 8; at + 8 <= f.length; at += 12 + len(f, at))
            if (new String(f, at + 4, 4, java.nio.charset.StandardCharsets.US_ASCII).equals(type)) return at;
        return -1;
    }

    static int len(byte[] f, int at) {
        return (f[at] & 255) << 24 | (f[at + 1] & 255) << 16 | (f[at + 2] & 255) << 8 | (f[at + 3] & 255);
    }

    static byte[] without(byte[] f, int at) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(f, 0, at);
        int end = at + 12 + len(f, at);
        o.write(f, end, f.length - end);
        return o.toByteArray();
    }
}

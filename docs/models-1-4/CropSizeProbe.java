import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Path;
import java.util.*;
import javax.imageio.ImageIO;
import org.rnc.codec.*;
import org.rnc.model.*;
import org.rnc.metrics.ImageQuality;

/** One iteration of each model on crops of kodim23 of several sizes: docs/models-1-4.md, "Models 3 and 4". */
public class CropSizeProbe {
    public static void main(String[] a) throws Exception {
        BufferedImage full = ImageIO.read(new File("../shared/data/kodak/kodim23.png"));
        for (String m : a) {
            CodecModel model = CodecModel.load(Path.of("docs/models-1-4/models/" + m), 1);
            for (int size : new int[]{32, 64, 128, 512}) {
                double sum = 0; int n = 0;
                for (int y = 0; y + size <= 512 && n < 8; y += size)
                    for (int x = 0; x + size <= 768 && n < 8; x += size * 2) {
                        BufferedImage crop = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
                        crop.getGraphics().drawImage(full.getSubimage(x, y, size, size), 0, 0, null);
                        SourceImage src = SourceImage.of(crop, 16);
                        Tiling t = new Tiling(size, size, 1024);
                        float[][] codes = IterativeCodec.encode(model, src, 1, t, null);
                        List<float[]> out = new ArrayList<>();
                        IterativeCodec.decodeTiles(model, t, List.of(codes), (tile, r) -> { out.add(r.clone()); return true; });
                        BufferedImage dec = OutputImages.rgb(out.get(0), size, size, size);
                        sum += ImageQuality.psnr(crop, dec); n++;
                    }
                System.out.printf("%s size %d: PSNR after 1 iteration %.2f (%d crops)%n", m, size, sum / n, n);
            }
        }
    }
}

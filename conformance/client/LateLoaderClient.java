import java.awt.image.BufferedImage;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * The plugin loaded late, by a class loader the program makes at run time (as application servers and
 * plugin hosts do): ImageIO knows nothing of "rnc" until ImageIO.scanForPlugins() runs with that loader as
 * the thread's context class loader. Run from the project root after `mvn package`, with nothing of RNC
 * on the class path:
 *
 *   java -cp conformance/client conformance/client/LateLoaderClient.java target/rnc.jar target/lib
 *
 * (an explicit class path: the default "." would be the project root, whose META-INF/services names the
 * plugin without its classes)
 */
public class LateLoaderClient {
    public static void main(String[] args) throws Exception {
        if (ImageIO.getImageWritersByFormatName("rnc").hasNext())
            throw new AssertionError("rnc must not be on the class path for this check");
        List<URL> urls = new ArrayList<>();
        urls.add(new File(args[0]).toURI().toURL());
        if (args.length > 1)
            for (File f : new File(args[1]).listFiles((d, n) -> n.endsWith(".jar"))) urls.add(f.toURI().toURL());
        URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), LateLoaderClient.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        ImageIO.scanForPlugins();
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        File f = Files.createTempFile("late", ".rnc").toFile();
        try {
            if (!ImageIO.write(img, "rnc", f)) throw new AssertionError("scanForPlugins did not register the rnc writer");
            BufferedImage back = ImageIO.read(f);
            if (back == null || back.getWidth() != 40) throw new AssertionError("read back failed");
            System.out.println("late class loader + ImageIO.scanForPlugins(): wrote " + f.length() + " bytes and read 40x30 back");
        } finally {
            f.delete();
        }
    }
}

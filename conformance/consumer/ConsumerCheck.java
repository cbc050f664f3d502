import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.IIOServiceProvider;
import javax.imageio.spi.ImageInputStreamSpi;
import javax.imageio.spi.ImageOutputStreamSpi;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.spi.ImageTranscoderSpi;
import javax.imageio.spi.ImageWriterSpi;

/**
 * Run on the run-time class path Maven resolves for a project that depends on org.rnc:rnc (check.sh):
 * the class path holds the plugin, TensorFlow Java with its natives, and commons-io, nothing else; ImageIO gains
 * the rnc reader and writer and no other plugin; an image goes through ImageIO.write/read. Exits 1 on a failure.
 */
public class ConsumerCheck {
    /** What the plugin may bring: itself, TensorFlow Java (API, natives, ndarray, protobuf, JavaCPP), commons-io. */
    private static final Pattern ALLOWED = Pattern.compile(
            "rnc-[0-9].*\\.jar|tensorflow-core-api-.*\\.jar|tensorflow-core-native-.*\\.jar|ndarray-.*\\.jar"
                    + "|protobuf-java-.*\\.jar|javacpp-.*\\.jar|commons-io-.*\\.jar");

    public static void main(String[] args) throws Exception {
        List<String> problems = new ArrayList<>();
        String cp = args[0];
        for (String entry : cp.split(File.pathSeparator)) {
            String name = new File(entry).getName();
            System.out.println("class path: " + name);
            if (!ALLOWED.matcher(name).matches()) problems.add("unexpected on the run-time class path: " + name);
        }
        if (!cp.contains("rnc-0.1.0-SNAPSHOT.jar")) problems.add("the plugin itself is not on the class path");

        IIORegistry registry = IIORegistry.getDefaultInstance();
        Class<?>[] categories = {ImageReaderSpi.class, ImageWriterSpi.class, ImageInputStreamSpi.class,
                ImageOutputStreamSpi.class, ImageTranscoderSpi.class};
        int rnc = 0;
        for (Class<?> c : categories) {
            for (Iterator<?> it = registry.getServiceProviders(c, false); it.hasNext(); ) {
                IIOServiceProvider p = (IIOServiceProvider) it.next();
                String module = p.getClass().getModule().getName();
                if ("java.desktop".equals(module)) continue; // the JDK's own
                if (p.getClass().getName().startsWith("org.rnc.")) {
                    rnc++;
                    System.out.println("ImageIO gained: " + p.getClass().getName());
                } else {
                    problems.add("ImageIO gained a provider that is not RNC's: " + p.getClass().getName());
                }
            }
        }
        if (rnc != 2) problems.add("expected RNC's reader and writer, found " + rnc + " RNC providers");

        BufferedImage img = new BufferedImage(48, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++)
            for (int x = 0; x < 48; x++) img.setRGB(x, y, (x * 5) << 16 | (y * 7) << 8 | 120);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "rnc", out)) problems.add("ImageIO.write(img, \"rnc\", out) found no writer");
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
        if (back == null || back.getWidth() != 48 || back.getHeight() != 32) problems.add("ImageIO.read gave " + back);
        else System.out.println("ImageIO round trip: 48x32 -> " + out.size() + " bytes -> " + back.getWidth() + "x" + back.getHeight());

        if (problems.isEmpty()) {
            System.out.println("consumer check: OK");
        } else {
            problems.forEach(p -> System.err.println("consumer check: " + p));
            System.exit(1);
        }
    }
}

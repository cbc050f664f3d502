package org.rnc.imageio;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;

import javax.imageio.ImageIO;

/**
 * {@code java -jar rnc.jar decode IN.rnc OUT.png}: the plugin jar decodes on its own (with {@code lib/} beside it, as
 * {@code mvn package} leaves it), so a file can be checked on any machine without the tools. Everything else is
 * {@code rnc-cli.jar}'s.
 */
public final class JarMain {
    private JarMain() {}

    public static void main(String[] args) {
        if (args.length != 3 || !args[0].equals("decode")) {
            System.err.println("rnc.jar is the RNC ImageIO plugin; on its own it only decodes: java -jar rnc.jar decode IN.rnc OUT.png");
            System.err.println("The command line (encode, info, bench, train ...) is rnc-cli.jar: java -jar rnc-cli.jar --help");
            System.exit(2);
        }
        try {
            BufferedImage img = ImageIO.read(new File(args[1]));
            if (img == null) throw new IOException(args[1] + " is not an image any ImageIO reader here understands");
            String out = args[2], ext = out.substring(out.lastIndexOf('.') + 1);
            if (!ImageIO.write(img, ext, new File(out))) throw new IOException("no ImageIO writer for '" + ext + "' files");
            System.out.printf("%s: %dx%d -> %s%n", args[1], img.getWidth(), img.getHeight(), out);
        } catch (IOException | RuntimeException e) {
            System.err.println("decode failed: " + e.getMessage());
            System.exit(1);
        } catch (LinkageError e) {
            System.err.println("decode failed: TensorFlow Java is not on the class path (" + e.getMessage()
                    + "); rnc.jar finds it in lib/ beside it, as mvn package leaves it");
            System.exit(1);
        }
    }
}

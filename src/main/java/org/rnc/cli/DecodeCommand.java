package org.rnc.cli;

import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Callable;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "decode", mixinStandardHelpOptions = true, description = "Decode an .rnc file to PNG (or any format by suffix).")
final class DecodeCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "Input .rnc file.") File input;
    @Parameters(index = "1", description = "Output image; the suffix picks the format (png, bmp, jpg ...).") File output;
    @Option(names = {"-p", "--passes"}, description = "Decode only the first N iterations.") Integer passes;

    @Override
    public Integer call() throws Exception {
        BufferedImage img;
        try (ImageInputStream in = ImageIO.createImageInputStream(input)) {
            if (in == null) throw new IllegalArgumentException("cannot open " + input);
            Iterator<ImageReader> it = ImageIO.getImageReaders(in);
            if (!it.hasNext()) throw new IllegalArgumentException(input + " is not an image ImageIO knows");
            ImageReader r = it.next();
            try {
                r.setInput(in);
                r.addIIOReadWarningListener((IIOReadWarningListener) (src, warning) -> System.err.println("warning: " + warning));
                ImageReadParam p = r.getDefaultReadParam();
                if (passes != null) p.setSourceProgressivePasses(0, passes);
                img = r.read(0, p);
            } finally {
                r.dispose();
            }
        }
        String name = output.getName();
        String fmt = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "png";
        if (!ImageIO.write(img, fmt, output)) throw new IllegalArgumentException("no ImageIO writer for '" + fmt + "'");
        System.out.printf(Locale.ROOT, "%s: %dx%d%n", output, img.getWidth(), img.getHeight());
        return 0;
    }
}

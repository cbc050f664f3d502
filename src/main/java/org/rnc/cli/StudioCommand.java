package org.rnc.cli;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import javax.imageio.ImageIO;
import javax.swing.SwingUtilities;

import org.rnc.studio.Studio;
import org.rnc.studio.StudioFrame;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "studio", mixinStandardHelpOptions = true,
        description = "RNC Studio: view (progressively), compare with JPEG, JPEG 2000 and WebP, train, results and plots.")
final class StudioCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", description = "An image to open in the Viewer (.rnc or any ImageIO format).")
    Path file;
    @Option(names = "--compare", description = "An original image to compare at once on the Compare tab.")
    Path compare;
    @Option(names = {"-n", "--iterations"}, defaultValue = "4", description = "RNC iterations for --compare (default ${DEFAULT-VALUE}).")
    int iterations;
    @Option(names = "--tab", description = "Tab to show: Viewer, Compare, Train, Results, Plots.")
    String tab;
    @Option(names = "--pass", description = "Show the Viewer's file after this many iterations (passes).")
    Integer pass;
    @Option(names = "--screenshot", description = "Wait for the opened work to finish, save the window as this PNG and exit.")
    Path screenshot;
    @Option(names = "--size", defaultValue = "1280x860", description = "Window size with --screenshot (default ${DEFAULT-VALUE}).")
    String size;

    @Override
    public Integer call() throws Exception {
        if (GraphicsEnvironment.isHeadless()) {
            System.err.println("RNC Studio needs a display: set DISPLAY, or run it under a virtual one (xvfb-run -a java -jar target/rnc-cli.jar studio)");
            return 1;
        }
        if (file != null && !Files.isRegularFile(file)) {
            System.err.println("no such file: " + file);
            return 2;
        }
        AtomicReference<StudioFrame> frame = new AtomicReference<>();
        SwingUtilities.invokeAndWait(() -> {
            StudioFrame f = StudioFrame.show(file);
            frame.set(f);
            if (screenshot != null) {
                String[] wh = size.split("x");
                f.setSize(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]));
            }
            if (compare != null) {
                f.studio().compare().setIterations(iterations);
                f.studio().compare().setOriginal(compare);
            }
        });
        StudioFrame f = frame.get();
        if (compare != null) {
            // the original is read in the background; then the comparison starts
            f.studio().background().awaitIdle(60_000);
            SwingUtilities.invokeAndWait(() -> {
                f.studio().showTab(Studio.COMPARE);
                f.studio().compare().start();
            });
        }
        if (screenshot != null) {
            f.studio().background().awaitIdle(600_000);
            SwingUtilities.invokeAndWait(() -> {
                if (pass != null) f.studio().viewer().setPass(pass);
                if (tab != null) f.studio().showTab(tab);
            });
            Thread.sleep(800); // let the window paint the last state
            AtomicReference<BufferedImage> img = new AtomicReference<>();
            SwingUtilities.invokeAndWait(() -> img.set(f.screenshot()));
            Path parent = screenshot.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            ImageIO.write(img.get(), "png", screenshot.toFile());
            System.out.println("wrote " + screenshot);
            SwingUtilities.invokeAndWait(f::close);
        } else {
            SwingUtilities.invokeAndWait(() -> {
                if (pass != null) f.studio().viewer().setPass(pass);
                if (tab != null) f.studio().showTab(tab);
            });
        }
        // runs until the window is closed (which stops and waits for background work)
        f.awaitClosed(Long.MAX_VALUE);
        return 0;
    }
}

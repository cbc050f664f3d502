package org.rnc.studio;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.rnc.studio.StudioPaneTest.onEdt;
import static org.rnc.studio.StudioPaneTest.settle;

import java.awt.GraphicsEnvironment;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnc.TestImages;

/**
 * RNC Studio in a real window: starts the app on an .rnc file, moves the iteration slider, compares, saves
 * the results CSV and takes screenshots (the screen as the X server shows it, and the window painted),
 * then checks the CSV and the pixels. Needs a display: .ci/run runs the build under Xvfb (xvfb-run); with
 * no display the test is skipped. Surefire runs it in its own JVM without java.awt.headless.
 */
class StudioEndToEndTest {
    static final Path OUT = Path.of("target", "studio-e2e");

    @Test
    void opensAnRncMovesTheSliderSavesResultsAndShowsTheImage(@TempDir Path dir) throws Exception {
        assumeFalse(GraphicsEnvironment.isHeadless(), "no display: run under xvfb-run (as .ci/run does)");
        BufferedImage img = TestImages.photo(192, 128, BufferedImage.TYPE_INT_RGB);
        Path rnc = dir.resolve("photo.rnc"), png = dir.resolve("photo.png");
        Files.write(rnc, TestImages.encode(img, 3));
        ImageIO.write(img, "png", png.toFile());
        Files.createDirectories(OUT);

        StudioFrame frame = onEdt(() -> StudioFrame.show(rnc));
        Studio s = frame.studio();
        List<String> errors = new ArrayList<>();
        onEdt(() -> s.setDialogHandlers((t, m) -> errors.add(t + ": " + m), (t, m) -> errors.add(t + ": " + m)));
        try {
            settle(s);
            ViewerPanel v = s.viewer();
            assertEquals(3, (int) onEdt(v::passCount), "errors " + errors);
            assertEquals(org.rnc.model.ModelRegistry.defaultModelName(), onEdt(() -> v.info().model()));

            // move the slider as a user does (through its model): the viewer shows the reconstruction after 1 pass
            onEdt(() -> v.slider().setValue(1));
            assertEquals(1, (int) onEdt(v::shownPass));
            assertSame(onEdt(() -> v.pass(1)), onEdt(v::shownImage));
            onEdt(() -> v.slider().setValue(2));
            assertSame(onEdt(() -> v.pass(2)), onEdt(v::shownImage));
            onEdt(() -> v.imageView().setZoom(2));

            Robot robot = new Robot();
            robot.waitForIdle();
            Thread.sleep(700);
            robot.waitForIdle();

            // the screen under the image view shows pass 2 (at 2x, nearest neighbour)
            Rectangle onScreen = onEdt((java.util.concurrent.Callable<Rectangle>) () -> {
                Point p = v.imageView().getLocationOnScreen();
                Rectangle r = v.imageView().imageRect();
                return new Rectangle(p.x + r.x, p.y + r.y, r.width, r.height);
            });
            assertEquals(384, onScreen.width);
            BufferedImage shown = robot.createScreenCapture(onScreen);
            BufferedImage expected = onEdt(() -> v.pass(2));
            double diff = meanAbsDiff(shown, expected, 2);
            assertTrue(diff < 6, "the screen differs from the decoded pass by " + diff + " per sample");
            // and the passes differ, so the slider did choose
            assertTrue(meanAbsDiff(expected, onEdt(() -> v.pass(1)), 1) > 0.5);

            // the whole window, as on screen and as painted
            Rectangle bounds = onEdt(() -> frame.getBounds());
            BufferedImage screen = robot.createScreenCapture(bounds);
            ImageIO.write(screen, "png", OUT.resolve("screen.png").toFile());
            assertNotBlank(screen);
            BufferedImage painted = onEdt(frame::screenshot);
            ImageIO.write(painted, "png", OUT.resolve("studio.png").toFile());
            assertNotBlank(painted);
            BufferedImage back = ImageIO.read(OUT.resolve("studio.png").toFile());
            assertEquals(painted.getWidth(), back.getWidth());

            // compare against the PNG original, then save the results as CSV
            onEdt(() -> s.compare().setOriginal(png));
            settle(s);
            onEdt(() -> {
                s.showTab(Studio.COMPARE);
                s.compare().setIterations(2);
                s.compare().start();
            });
            settle(s);
            assertEquals(4, s.results().size(), "errors " + errors);
            Path csv = dir.resolve("saved/results.csv");
            s.saveResultsCsv(csv);
            Files.copy(csv, OUT.resolve("results.csv"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            List<String> lines = Files.readAllLines(csv);
            assertEquals(ResultsModel.CSV_HEADER, lines.get(0));
            assertEquals(5, lines.size());
            double rncBpp = Double.NaN;
            Set<String> codecs = new HashSet<>();
            for (String l : lines.subList(1, lines.size())) {
                String[] f = l.split(",");
                codecs.add(f[0]);
                assertEquals("photo", f[1]);
                double bpp = Double.parseDouble(f[3]), psnr = Double.parseDouble(f[5]);
                if (f[0].equals("rnc")) rncBpp = bpp;
                assertTrue(bpp > 0 && bpp < 8, l);
                assertTrue(psnr > 15 && psnr < 60, l);
            }
            assertEquals(Set.of("rnc", "jpeg", "jpeg2000", "webp"), codecs);
            for (String l : lines.subList(1, lines.size()))
                assertEquals(rncBpp, Double.parseDouble(l.split(",")[3]), 0.2 * rncBpp, "near the RNC file's size: " + l);
            onEdt(() -> s.showTab(Studio.VIEWER));
            assertEquals(List.of(), errors);
        } finally {
            // closing the window stops the background work and waits for it
            onEdt(frame::close);
            assertTrue(frame.awaitClosed(60_000), "window did not close");
        }
        assertTrue(frame.closedCleanly());
        assertFalse(onEdt(frame::isDisplayable));
    }

    /** Mean absolute difference per RGB sample between a capture and an image scaled up {@code zoom} times. */
    static double meanAbsDiff(BufferedImage capture, BufferedImage img, int zoom) {
        long sum = 0, n = 0;
        for (int y = 0; y < capture.getHeight(); y++)
            for (int x = 0; x < capture.getWidth(); x++) {
                int a = capture.getRGB(x, y), b = img.getRGB(Math.min(img.getWidth() - 1, x / zoom), Math.min(img.getHeight() - 1, y / zoom));
                for (int sh = 0; sh <= 16; sh += 8) sum += Math.abs(((a >> sh) & 255) - ((b >> sh) & 255));
                n += 3;
            }
        return (double) sum / n;
    }

    /** Not one colour: many distinct colours and a spread of brightness. */
    static void assertNotBlank(BufferedImage img) {
        Set<Integer> colours = new HashSet<>();
        double sum = 0, sq = 0;
        int n = 0;
        for (int y = 0; y < img.getHeight(); y += 2)
            for (int x = 0; x < img.getWidth(); x += 2) {
                int p = img.getRGB(x, y) & 0xFFFFFF;
                colours.add(p);
                double l = ((p >> 16) & 255) * 0.299 + ((p >> 8) & 255) * 0.587 + (p & 255) * 0.114;
                sum += l;
                sq += l * l;
                n++;
            }
        double sd = Math.sqrt(sq / n - (sum / n) * (sum / n));
        assertTrue(colours.size() > 200, "only " + colours.size() + " colours");
        assertTrue(sd > 20, "brightness spread " + sd);
    }
}

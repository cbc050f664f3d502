package org.rnc.studio;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import javax.imageio.ImageIO;
import javax.swing.SwingUtilities;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnc.TestImages;
import org.rnc.study.MnistFixtures;

/**
 * The Studio's panels wired together without a window (runs headless too): the Viewer's slider over a
 * decoding .rnc, a comparison into Results and Plots, errors as messages. The windowed test is
 * {@link StudioEndToEndTest}.
 */
class StudioPaneTest {

    static <T> T onEdt(Callable<T> c) throws Exception {
        AtomicReference<T> v = new AtomicReference<>();
        AtomicReference<Exception> e = new AtomicReference<>();
        SwingUtilities.invokeAndWait(() -> {
            try {
                v.set(c.call());
            } catch (Exception x) {
                e.set(x);
            }
        });
        if (e.get() != null) throw e.get();
        return v.get();
    }

    static void onEdt(Runnable r) throws Exception {
        SwingUtilities.invokeAndWait(r);
    }

    /** Waits for the Studio's background jobs, then lets the event thread catch up. */
    static void settle(Studio s) throws Exception {
        assertTrue(s.background().awaitIdle(120_000), "background work did not finish");
        onEdt(() -> {});
    }

    @Test
    void viewerSliderCompareResultsAndErrors(@TempDir Path dir) throws Exception {
        BufferedImage img = TestImages.photo(96, 64, BufferedImage.TYPE_INT_RGB);
        Path rnc = dir.resolve("photo.rnc");
        Files.write(rnc, TestImages.encode(img, 3));
        Path png = dir.resolve("photo.png");
        ImageIO.write(img, "png", png.toFile());

        Studio s = onEdt(Studio::new);
        List<String> errors = new ArrayList<>();
        onEdt(() -> s.setDialogHandlers((t, m) -> errors.add(t + ": " + m), (t, m) -> errors.add("warning " + t + ": " + m)));
        onEdt(() -> s.open(rnc));
        settle(s);
        ViewerPanel v = s.viewer();
        assertEquals(3, (int) onEdt(v::passCount));
        assertEquals(3, (int) onEdt(v::shownPass), "the viewer follows the decode to the last pass");
        assertTrue(onEdt(() -> v.info().isRnc()));
        onEdt(() -> v.setPass(1));
        assertSame(onEdt(() -> v.pass(1)), onEdt(v::shownImage));
        assertEquals(3, onEdt(() -> v.slider().getMaximum()));

        // an .rnc is no original for Compare
        onEdt(s::originalFromViewer);
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).contains("already compressed"), errors.get(0));
        errors.clear();

        // a PNG in the viewer becomes the Compare tab's original
        onEdt(() -> s.open(png));
        settle(s);
        assertTrue(onEdt(() -> s.compare().hasOriginal()));
        onEdt(() -> {
            s.compare().setIterations(2);
            s.compare().start();
        });
        settle(s);
        CompareJob.Result r = onEdt(() -> s.compare().lastResult());
        assertNotNull(r, "comparison result; errors " + errors);
        assertEquals(4, s.results().size(), "errors " + errors + " " + r.entries().stream().map(CompareJob.Entry::caption).toList());
        assertEquals(4, (int) onEdt(() -> s.resultsPanel().rowCount()));
        assertEquals(List.of("photo"), s.plotData().rdImages());
        Path saved = onEdt(() -> s.compare().save("jpeg", dir.resolve("out")));
        assertEquals("out.jpg", saved.getFileName().toString());
        assertNotNull(ImageIO.read(saved.toFile()));
        s.saveResultsCsv(dir.resolve("results.csv"));
        List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
        assertEquals(ResultsModel.CSV_HEADER, csv.get(0));
        assertEquals(5, csv.size());
        Path rdPng = onEdt(() -> s.plots().saveRd(dir.resolve("rd.png")));
        assertTrue(Files.size(rdPng) > 1000);

        // a file that is no image: a message, not a stack trace
        Path junk = dir.resolve("junk.rnc");
        Files.writeString(junk, "not an image");
        onEdt(() -> s.open(junk));
        settle(s);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("Could not open junk.rnc: ") && errors.get(0).contains("not an image"), errors.get(0));
        assertFalse(errors.get(0).contains("\tat "));

        // a training task that cannot start says why
        errors.clear();
        onEdt(() -> {
            s.train().mnistData.setText("");
            s.train().study.start();
        });
        assertEquals(List.of("Cannot start training: choose the MNIST folder"), errors);
        assertTrue(s.shutdown(10_000));
    }

    /** A Studio whose error and info dialogs land in {@code errors}, with the MNIST study started (and seen running) on tiny data. */
    private static Studio studyStarted(Path dir, int epochs, List<String> errors) throws Exception {
        MnistFixtures.writeTinyMnist(dir, 128, 16);
        Studio s = onEdt(Studio::new);
        onEdt(() -> s.setDialogHandlers((t, m) -> errors.add(t + ": " + m), (t, m) -> errors.add(t + ": " + m)));
        onEdt(() -> {
            TrainPanel t = s.train();
            t.mnistData.setText(dir.toString());
            t.studyOut.setText(dir.resolve("out").toString());
            t.epochs.setValue(epochs);
            t.latent.setValue(8);
            t.study.start();
            assertTrue(t.isRunning());
            assertFalse(t.study.train.isEnabled());
            assertTrue(t.study.stop.isEnabled());
        });
        return s;
    }

    @Test
    void trainTabRunsTheStudyIntoResultsAndPlots(@TempDir Path dir) throws Exception {
        List<String> errors = new ArrayList<>();
        Studio s = studyStarted(dir, 1, errors);
        settle(s);
        assertEquals(List.of(), errors);
        assertEquals(List.of("autoencoder", "vae", "zip", "rnc"), s.results().rows().stream().map(RunResult::model).toList());
        assertEquals(2, s.plotData().losses().size());
        for (LossSeries l : s.plotData().losses()) assertEquals(1, l.count(), l.name());
        onEdt(() -> {
            assertFalse(s.train().isRunning());
            assertTrue(s.train().study.train.isEnabled());
            assertEquals(1000, s.train().study.progress.getValue());
        });
        Path png = onEdt(() -> s.plots().saveLoss(dir.resolve("loss.png")));
        assertTrue(Files.size(png) > 1000);
        assertTrue(s.shutdown(10_000));
    }

    @Test
    void shuttingDownStopsALongTrainingRun(@TempDir Path dir) throws Exception {
        List<String> errors = new ArrayList<>();
        Studio s = studyStarted(dir, 1000, errors);
        // wait for the first epoch, then close as the window does
        long end = System.nanoTime() + 120_000_000_000L;
        while (s.plotData().losses().isEmpty() || s.plotData().losses().get(0).count() == 0) {
            assertTrue(System.nanoTime() < end, "no epoch finished");
            Thread.sleep(50);
        }
        long t0 = System.nanoTime();
        assertTrue(s.shutdown(60_000), "the study did not stop");
        assertTrue((System.nanoTime() - t0) / 1e9 < 60);
        assertTrue(s.plotData().losses().get(0).count() < 1000);
        onEdt(() -> {});
        assertEquals(List.of(), errors);
        // the stopped run still reports what it had: the autoencoder's row and ZIP's
        assertEquals(List.of("autoencoder", "zip"), s.results().rows().stream().map(RunResult::model).toList());
        assertThrows(IllegalStateException.class, () -> s.background().submit("late", () -> 1, null, null, null, null));
    }
}

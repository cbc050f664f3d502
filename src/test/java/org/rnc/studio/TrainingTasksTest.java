package org.rnc.studio;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnc.study.MnistFixtures;
import org.rnc.study.MnistStudy;
import org.rnc.training.Trainer;

/** The Train tab's tasks: the MNIST study on tiny data, and the codec task around a stand-in trainer (no real training). */
class TrainingTasksTest {

    static MnistStudy.Options tinyStudy(Path dir) throws IOException {
        MnistFixtures.writeTinyMnist(dir, 128, 32);
        MnistStudy.Options o = new MnistStudy.Options();
        o.data = dir;
        o.out = dir.resolve("out");
        o.epochs = 2;
        o.latent = 8;
        o.batch = 64;
        return o;
    }

    @Test
    void studyTaskPlotsEachEpochAndGivesTheStudyRows(@TempDir Path dir) throws Exception {
        StudyTask t = new StudyTask(tinyStudy(dir));
        assertEquals(0, t.progress());
        t.run();
        assertEquals(1.0, t.progress());
        List<LossSeries> l = t.losses();
        assertEquals(2, l.size());
        for (LossSeries s : l) assertEquals(2, s.count(), s.name());
        List<RunResult> rows = t.results();
        assertEquals(List.of("autoencoder", "vae", "zip", "rnc"), rows.stream().map(RunResult::model).toList());
        RunResult ae = rows.get(0);
        assertEquals("mnist", ae.source());
        assertEquals((8 * 8 + 64) / 784.0, ae.bpp(), 1e-12);
        assertEquals(RunResult.psnrOf(ae.mse()), ae.psnr(), 1e-6);
        assertTrue(t.status().startsWith("finished"), t.status());
        assertTrue(Files.isRegularFile(dir.resolve("out/results.csv")));
    }

    @Test
    void stoppedStudyEndsWithoutTrainingOrTheRncPass(@TempDir Path dir) throws Exception {
        StudyTask t = new StudyTask(tinyStudy(dir));
        t.requestStop();
        t.run();
        assertTrue(t.stopRequested());
        assertEquals(List.of("zip"), t.results().stream().map(RunResult::model).toList());
        assertTrue(t.status().startsWith("stopped"), t.status());
        MnistStudy.Options none = new MnistStudy.Options();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StudyTask(none));
        assertTrue(e.getMessage().contains("MNIST folder"));
    }

    /** Steps until stopped, as the Trainer does, writing a log.csv with a validation row. */
    static final class FakeTrainer implements CodecTrainTask.Runner {
        final Trainer.Options o;
        final CountDownLatch started = new CountDownLatch(1);
        volatile boolean stop;

        FakeTrainer(Trainer.Options o) { this.o = o; }

        @Override
        public void run() throws IOException {
            Files.createDirectories(o.runDir);
            Files.writeString(o.runDir.resolve("log.csv"), "step,loss,lr,cpu_hours,wall_hours,steps_per_s,val_psnr_1,val_psnr_2\n"
                    + "100,0.2,5e-4,0.1,0.1,1.0,20.5,23.25\n" + "200,0.1,5e-4,0.1,0.1,1.0,21.0,24.5\n");
            o.out.println("data: 3 training images");
            for (long s = 1; s <= o.maxSteps && !stop; s++) {
                o.onStep.accept(s, 1f / s);
                if (s == 5) started.countDown();
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    break;
                }
            }
            o.out.print("step 9 loss 0.1\r");
            o.out.println("stopped at step 9");
        }

        @Override public void requestStop() { stop = true; }
    }

    static Trainer.Options codecOptions(Path dir) throws IOException {
        Trainer.Options o = new Trainer.Options();
        Files.createDirectories(dir.resolve("photos"));
        o.data = List.of(dir.resolve("photos"));
        o.runDir = dir.resolve("run");
        o.preset = "tiny";
        return o;
    }

    @Test
    void codecTaskFollowsStepsStopsAndReadsItsValidation(@TempDir Path dir) throws Exception {
        Trainer.Options o = codecOptions(dir);
        o.maxMinutes = 60;
        FakeTrainer[] fake = new FakeTrainer[1];
        CodecTrainTask t = new CodecTrainTask(o, opts -> fake[0] = new FakeTrainer(opts));
        Thread th = new Thread(() -> {
            try {
                t.run();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        th.start();
        assertTrue(fake[0].started.await(10, TimeUnit.SECONDS));
        assertTrue(t.progress() >= 0 && t.progress() < 0.5, "progress " + t.progress());
        assertTrue(t.losses().get(0).count() >= 5);
        t.requestStop();
        th.join(10_000);
        assertFalse(th.isAlive());
        assertEquals(1.0, t.progress());
        assertTrue(t.status().startsWith("stopped at step"), t.status());
        RunResult r = t.results().get(0);
        assertEquals("rnc-train", r.model());
        assertEquals("run", r.source());
        assertEquals(24.5, r.psnr());
        assertEquals(2 / 8.0, r.bpp());
        assertTrue(r.setting().contains("step 200") && r.setting().contains("tiny"), r.setting());
    }

    @Test
    void codecTaskProgressByStepsAndReadableRefusals(@TempDir Path dir) throws Exception {
        Trainer.Options o = codecOptions(dir);
        o.maxSteps = 20;
        CodecTrainTask t = new CodecTrainTask(o, FakeTrainer::new);
        t.run();
        assertEquals(20, t.losses().get(0).count());
        assertEquals(1.0, t.progress());

        Trainer.Options noLimit = codecOptions(dir);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new CodecTrainTask(noLimit, FakeTrainer::new))
                .getMessage().contains("limit"));
        Trainer.Options missing = codecOptions(dir);
        missing.maxSteps = 5;
        missing.data = List.of(dir.resolve("nope"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new CodecTrainTask(missing, FakeTrainer::new))
                .getMessage().contains("not a folder"));
    }

    @Test
    void logWithoutValidationGivesNoResult(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("log.csv");
        assertTrue(CodecTrainTask.fromLog(log, "r", "small", 1).isEmpty());
        Files.writeString(log, "step,loss,lr,cpu_hours,wall_hours,steps_per_s,val_psnr_1\n");
        assertTrue(CodecTrainTask.fromLog(log, "r", "small", 1).isEmpty());
    }
}

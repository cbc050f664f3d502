package org.rnc.training;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnc.TestImages;
import org.rnc.codec.IterativeCodec;
import org.rnc.codec.SourceImage;
import org.rnc.codec.Tiling;
import org.rnc.model.CodecConfig;
import org.rnc.model.CodecModel;

/**
 * The design options the thesis compares (cell, reconstruction, residual scaling) and the SSIM loss survive the whole path: a
 * few training steps of the tiny preset, export, load, and an encode/decode through the plugin's codec.
 * Quality is not the point here (3 steps); the options' effect is measured by training for real.
 */
class CodecOptionsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"lstm, additive, 1, 0", "gru, additive, 1, 0", "lstm, oneshot, 1, 0", "lstm, additive, 2, 0", "lstm, additive, 1, 0.8"})
    void trainsExportsAndCodes(String cell, String reconstruction, float gain, float ssimWeight) throws Exception {
        Trainer.Options o = tinyRun(3);
        o.cell = cell;
        o.reconstruction = reconstruction;
        o.residualGain = gain;
        o.ssimWeight = ssimWeight;
        o.maxSteps = 3;
        new Trainer(o).run();

        Path modelDir = dir.resolve("models/tiny-test");
        ModelExporter.export(o.runDir, modelDir, "tiny-test");
        CodecConfig expected = CodecConfig.preset("tiny").withOptions(cell, reconstruction, gain);
        try (CodecModel m = CodecModel.load(modelDir, 1)) {
            assertEquals(expected, m.config());
            SourceImage src = SourceImage.of(TestImages.photo(48, 32, BufferedImage.TYPE_INT_RGB), CodecConfig.BLOCK);
            Tiling tiling = new Tiling(src.paddedWidth, src.paddedHeight, 1024);
            float[][] codes = IterativeCodec.encode(m, src, 3, tiling, null);
            for (float[] c : codes) for (float v : c) assertTrue(v == 1f || v == -1f);
            List<float[]> out = new ArrayList<>();
            IterativeCodec.decodeTiles(m, tiling, List.of(codes), (t, r) -> out.add(r.clone()));
            for (float v : out.get(0)) assertTrue(Float.isFinite(v) && Math.abs(v) <= 2f, "reconstruction " + v);
        }
    }

    /**
     * A new run's own widths (GRU cells widened to the LSTM's multiply-adds, for instance) reach the exported model,
     * hard crops are kept by a resumed run, and a resumed run cannot change its widths.
     */
    @Test
    void aNewRunTakesItsOwnWidthsAndKeepsItsHardCrops() throws Exception {
        Trainer.Options o = tinyRun(1);
        o.cell = CodecConfig.GRU;
        o.newEncoderWidths = new int[]{8, 20, 36, 36};
        o.newDecoderWidths = new int[]{36, 36, 20, 20};
        o.hardCrops = 3;
        o.maxSteps = 2;
        new Trainer(o).run();
        Path modelDir = dir.resolve("models/wide-gru");
        ModelExporter.export(o.runDir, modelDir, "wide-gru");
        CodecConfig expected = CodecConfig.preset("tiny").withOptions(CodecConfig.GRU, CodecConfig.ADDITIVE, 1f)
                .withWidths(new int[]{8, 20, 36, 36}, new int[]{36, 36, 20, 20});
        try (CodecModel m = CodecModel.load(modelDir, 1)) {
            assertEquals(expected, m.config());
        }
        Trainer.Options more = tinyRun(1);
        more.resume = true;
        more.maxSteps = 3;
        new Trainer(more).run();
        java.util.Properties state = new java.util.Properties();
        try (var r = Files.newBufferedReader(o.runDir.resolve("state.properties"))) {
            state.load(r);
        }
        assertEquals("3", state.getProperty("hardCrops"), "a resumed run keeps its hard crops");
        assertEquals("36,36,20,20", state.getProperty("decoder.widths"));
        Trainer.Options reshape = tinyRun(1);
        reshape.resume = true;
        reshape.maxSteps = 4;
        reshape.newDecoderWidths = new int[]{32, 32, 16, 16};
        var e = assertThrows(IllegalArgumentException.class, () -> new Trainer(reshape).run());
        assertTrue(e.getMessage().contains("keeps its widths"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CodecConfig.preset("tiny").withWidths(new int[]{8, 16, 32}, new int[]{32, 32, 16, 16}));
    }

    /** The study's layouts with two cells at the bottleneck train, export (their extra states in the signatures) and code. */
    @ParameterizedTest
    @CsvSource({"model3", "model4"})
    void studyLayoutsTrainExportAndCode(String preset) throws Exception {
        Trainer.Options o = tinyRun(1);
        o.preset = preset;
        o.maxSteps = 2;
        new Trainer(o).run();
        Path modelDir = dir.resolve("models/" + preset + "-test");
        ModelExporter.export(o.runDir, modelDir, preset + "-test");
        try (CodecModel m = CodecModel.load(modelDir, 1)) {
            assertEquals(CodecConfig.preset(preset), m.config());
            assertEquals(preset, m.property("training.preset"));
            SourceImage src = SourceImage.of(TestImages.photo(48, 32, BufferedImage.TYPE_INT_RGB), CodecConfig.BLOCK);
            Tiling tiling = new Tiling(src.paddedWidth, src.paddedHeight, 1024);
            float[][] codes = IterativeCodec.encode(m, src, 2, tiling, null);
            List<float[]> out = new ArrayList<>();
            IterativeCodec.decodeTiles(m, tiling, List.of(codes), (t, r) -> out.add(r.clone()));
            assertEquals(1, out.size(), "one tile");
            for (float v : out.get(0)) assertTrue(Float.isFinite(v) && Math.abs(v) <= 2f, "reconstruction " + v);
        }
    }

    /**
     * A primed model: training unrolls the extra decoder steps, export adds decode_first, and the runtime uses it for
     * the first iteration only, so the same weights decode differently with and without priming.
     */
    @Test
    void primingIsExportedAndUsedForTheFirstIterationOnly() throws Exception {
        Trainer.Options o = tinyRun(1);
        o.maxSteps = 2;
        new Trainer(o).run();
        Path plain = dir.resolve("models/plain"), primed = dir.resolve("models/primed");
        ModelExporter.export(o.runDir, plain, "plain");
        Trainer.Options fork = tinyRun(1);
        fork.resume = true;
        fork.maxSteps = 2; // no more steps: the same weights
        fork.priming = 2;
        new Trainer(fork).run();
        ModelExporter.export(o.runDir, primed, "primed");
        SourceImage src = SourceImage.of(TestImages.photo(48, 32, BufferedImage.TYPE_INT_RGB), CodecConfig.BLOCK);
        float[] bits = new float[(src.paddedHeight / 16) * (src.paddedWidth / 16) * 32];
        for (int i = 0; i < bits.length; i++) bits[i] = (i * 7 % 3) == 0 ? 1f : -1f;
        try (CodecModel a = CodecModel.load(plain, 1); CodecModel b = CodecModel.load(primed, 1);
             CodecModel.Decoder da = a.decoder(src.paddedHeight, src.paddedWidth);
             CodecModel.Decoder db = b.decoder(src.paddedHeight, src.paddedWidth)) {
            assertFalse(a.primed());
            assertTrue(b.primed());
            assertEquals("2", b.property("training.priming"));
            assertEquals(CodecModel.PRIMED, b.property(CodecModel.FEATURES));
            float[] a1 = da.step(bits), b1 = db.step(bits);
            assertFalse(java.util.Arrays.equals(a1, b1), "the first iteration is primed");
            // a second primed decoder's first step equals the first one's: priming is deterministic, per decoder
            try (CodecModel.Decoder dc = b.decoder(src.paddedHeight, src.paddedWidth)) {
                assertArrayEquals(b1, dc.step(bits));
            }
        }
    }

    /**
     * A capacity fork: a trained run grows a full-resolution output stage. It keeps every trained weight, so before
     * its first step it decodes exactly as the run did; the stage then trains, and a run cannot change a stage it has.
     */
    @Test
    void aGrownOutputStageStartsAsNoChangeThenTrains() throws Exception {
        Trainer.Options o = tinyRun(1);
        o.maxSteps = 2;
        new Trainer(o).run();
        Path plain = dir.resolve("models/plain"), grown = dir.resolve("models/grown"), trained = dir.resolve("models/trained");
        ModelExporter.export(o.runDir, plain, "plain");
        Trainer.Options fork = tinyRun(1);
        fork.resume = true;
        fork.maxSteps = 2; // no step yet: the grown weights as restored
        fork.outputStage = 8;
        new Trainer(fork).run();
        ModelExporter.export(o.runDir, grown, "grown");
        assertEquals(0.0, maxAbsWeight(o.runDir, CodecNetwork.OUT_CONV2), "the stage's last convolution starts at zero");
        Trainer.Options more = tinyRun(1);
        more.resume = true;
        more.maxSteps = 5;
        new Trainer(more).run();
        ModelExporter.export(o.runDir, trained, "trained");
        assertTrue(maxAbsWeight(o.runDir, CodecNetwork.OUT_CONV2) > 0, "the stage trains");

        SourceImage src = SourceImage.of(TestImages.photo(48, 32, BufferedImage.TYPE_INT_RGB), CodecConfig.BLOCK);
        float[] bits = new float[(src.paddedHeight / 16) * (src.paddedWidth / 16) * 32];
        for (int i = 0; i < bits.length; i++) bits[i] = (i * 7 % 3) == 0 ? 1f : -1f;
        try (CodecModel a = CodecModel.load(plain, 1); CodecModel b = CodecModel.load(grown, 1); CodecModel c = CodecModel.load(trained, 1);
             CodecModel.Decoder da = a.decoder(src.paddedHeight, src.paddedWidth);
             CodecModel.Decoder db = b.decoder(src.paddedHeight, src.paddedWidth);
             CodecModel.Decoder dc = c.decoder(src.paddedHeight, src.paddedWidth)) {
            assertEquals(CodecConfig.preset("tiny").withOutputStage(8), b.config());
            assertEquals(b.config(), c.config(), "a resumed run keeps its stage");
            for (int t = 0; t < 2; t++) {
                float[] a1 = da.step(bits), b1 = db.step(bits), c1 = dc.step(bits);
                assertArrayEquals(a1, b1, "iteration " + t + ": the new stage starts at zero");
                assertFalse(java.util.Arrays.equals(b1, c1), "iteration " + t + ": three steps move the weights");
            }
        }
        Trainer.Options change = tinyRun(1);
        change.resume = true;
        change.maxSteps = 6;
        change.outputStage = 4;
        var e = assertThrows(IllegalArgumentException.class, () -> new Trainer(change).run());
        assertTrue(e.getMessage().contains("output stage"), e.getMessage());
    }

    /** The largest magnitude of one weight in the run's current checkpoint. */
    private static double maxAbsWeight(Path run, String name) throws java.io.IOException {
        double max = 0;
        for (float x : checkpointWeights(run).get(name)) max = Math.max(max, Math.abs(x));
        return max;
    }

    /** Every weight of the run's current checkpoint, by name. */
    static java.util.Map<String, float[]> checkpointWeights(Path run) throws java.io.IOException {
        java.util.Properties state = new java.util.Properties();
        try (var r = Files.newBufferedReader(run.resolve("state.properties"))) {
            state.load(r);
        }
        java.util.Map<String, float[]> out = new java.util.LinkedHashMap<>();
        try (org.tensorflow.Graph g = new org.tensorflow.Graph()) {
            var net = new CodecNetwork(org.tensorflow.op.Ops.create(g), CodecConfig.load(state), CodecNetwork.RESTORED_LATER);
            try (org.tensorflow.Session s = new org.tensorflow.Session(g)) {
                s.restore(run.resolve(state.getProperty("checkpoint")).toString());
                for (var en : net.weights().entrySet()) {
                    try (org.tensorflow.Result res = s.runner().fetch(en.getValue()).run()) {
                        var t = (org.tensorflow.types.TFloat32) res.get(0);
                        float[] v = new float[(int) t.size()];
                        t.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(v, false, false));
                        out.put(en.getKey(), v);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void aModelNeedingAnUnknownFeatureIsRefused() throws Exception {
        Trainer.Options o = tinyRun(1);
        o.maxSteps = 1;
        new Trainer(o).run();
        Path m = dir.resolve("models/future");
        ModelExporter.export(o.runDir, m, "future");
        Path props = m.resolve(org.rnc.model.ModelFiles.PROPERTIES);
        Files.writeString(props, Files.readString(props) + "features=teleportation\n");
        var e = assertThrows(org.rnc.model.ModelException.class, () -> CodecModel.load(m, 1));
        assertTrue(e.getMessage().contains("teleportation"), e.getMessage());
    }

    @Test
    void cpuBudgetCountsEveryInvocation() throws Exception {
        Trainer.Options first = tinyRun(1);
        first.maxSteps = 2;
        new Trainer(first).run();
        java.util.Properties state = new java.util.Properties();
        try (var r = Files.newBufferedReader(dir.resolve("run/state.properties"))) {
            state.load(r);
        }
        double used = Double.parseDouble(state.getProperty("cpuSeconds"));
        assertTrue(used > 0, "CPU time recorded");
        Trainer.Options resumed = tinyRun(1);
        resumed.resume = true;
        resumed.maxSteps = 50;
        resumed.maxCpuHours = used / 3600; // spent already
        new Trainer(resumed).run();
        try (var r = Files.newBufferedReader(dir.resolve("run/state.properties"))) {
            state.load(r);
        }
        assertEquals("2", state.getProperty("step"), "a run past its CPU budget takes no more steps");
    }

    @Test
    void rateWeightAndBinarizerAreStoredAndKeptOnResume() throws Exception {
        Trainer.Options first = tinyRun(1);
        first.rateWeight = 0.01f;
        first.mseWeight = 0.5f;
        first.rateSchedule = "gain^0.5";
        first.deterministicBits = true;
        first.stopMasks = 0.5f;
        first.ssimWeight = 0.25f;
        first.ssimWeighting = 0.75f;
        first.distortionWeights = Trainer.RELATIVE;
        first.train = Trainer.TRAIN_DECODER;
        first.learningRate = 1e-3f;
        first.halveEvery = 7L;
        first.maxSteps = 2;
        new Trainer(first).run();
        Trainer.Options resumed = tinyRun(1);
        resumed.resume = true;
        resumed.maxSteps = 3;
        new Trainer(resumed).run();
        java.util.Properties state = new java.util.Properties();
        try (var r = Files.newBufferedReader(dir.resolve("run/state.properties"))) {
            state.load(r);
        }
        assertEquals("3", state.getProperty("step"));
        assertEquals(0.01f, Float.parseFloat(state.getProperty("rateWeight")));
        assertEquals(0.01f, resumed.rateWeight, "a resumed run without --rate-weight keeps its own");
        assertEquals(0.5f, Float.parseFloat(state.getProperty("mseWeight")));
        assertEquals(0.5f, resumed.mseWeight, "a resumed run without --mse-weight keeps its own");
        assertEquals("deterministic", state.getProperty("binarizer"));
        assertTrue(resumed.deterministicBits, "a resumed run without --binarizer keeps its own");
        assertEquals("gain^0.5", state.getProperty("rateSchedule"));
        assertEquals("gain^0.5", resumed.rateSchedule, "a resumed run without --rate-schedule keeps its own");
        assertEquals(0.5f, Float.parseFloat(state.getProperty("stopMasks")));
        assertEquals(0.5f, resumed.stopMasks, "a resumed run without --stop-masks keeps its own");
        assertEquals(0.25f, resumed.ssimWeight, "a resumed run without --ssim-weight keeps its own");
        assertEquals(0.75f, resumed.ssimWeighting, "a resumed run without --ssim-weighting keeps its own");
        assertEquals("relative", state.getProperty("distortionWeights"));
        assertEquals(Trainer.RELATIVE, resumed.distortionWeights, "a resumed run without --distortion-weights keeps its own");
        assertEquals(Trainer.TRAIN_DECODER, state.getProperty("train"));
        assertEquals(Trainer.TRAIN_DECODER, resumed.train, "a resumed run without --train keeps its own");
        assertEquals(1e-3f, resumed.learningRate, "a resumed run without --lr keeps its own");
        assertEquals(7L, resumed.halveEvery, "a resumed run without --halve-every keeps its own");
        Path m = dir.resolve("models/masked");
        ModelExporter.export(dir.resolve("run"), m, "masked");
        try (CodecModel model = CodecModel.load(m, 1)) {
            assertEquals("0.5", model.property("training.stopMasks"), "the model card's facts say how it was trained");
            assertEquals(Trainer.TRAIN_DECODER, model.property("training.train"));
            assertEquals("0.25", model.property("training.ssimWeight"));
            assertEquals("0.75", model.property("training.ssimWeighting"));
        }
        // a decoder-only checkpoint carries every weight's Adam moments, so the run can go on training everything
        Trainer.Options all = tinyRun(1);
        all.resume = true;
        all.train = Trainer.TRAIN_ALL;
        all.maxSteps = 4;
        new Trainer(all).run();
        try (var r = Files.newBufferedReader(dir.resolve("run/state.properties"))) {
            state.load(r);
        }
        assertEquals("4", state.getProperty("step"));
        assertEquals(Trainer.TRAIN_ALL, state.getProperty("train"));
    }

    @Test
    void rateSchedulesParse() {
        assertEquals(0, Trainer.rateScheduleExponent("uniform"));
        assertEquals(1, Trainer.rateScheduleExponent("gain"));
        assertEquals(0.5, Trainer.rateScheduleExponent("gain^0.5"));
        for (String bad : new String[]{"gain^0", "gain^x", "gain^-1", "linear", null}) {
            assertThrows(IllegalArgumentException.class, () -> Trainer.rateScheduleExponent(bad), String.valueOf(bad));
        }
    }

    /** Options for a tiny-preset run in {@code dir/run} on {@code images} small synthetic photos (written once). */
    private Trainer.Options tinyRun(int images) throws java.io.IOException {
        return tinyRun(dir, images);
    }

    /** A run of the tiny preset in {@code dir}/run on {@code images} generated photos, 2 iterations, batch 2, silent. */
    static Trainer.Options tinyRun(Path dir, int images) throws java.io.IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        for (int i = 0; i < images; i++) {
            Path f = data.resolve("p" + i + ".png");
            if (!Files.exists(f)) ImageIO.write(TestImages.photo(64 + 16 * i, 48, BufferedImage.TYPE_INT_RGB), "png", f.toFile());
        }
        Trainer.Options o = new Trainer.Options();
        o.data = List.of(data);
        o.runDir = dir.resolve("run");
        o.preset = "tiny";
        o.iterations = 2;
        o.batch = 2;
        o.validateEvery = 1000;
        o.out = new PrintStream(OutputStream.nullOutputStream());
        return o;
    }
}

package org.rnc.training;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rnc.model.CodecConfig;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;

/** {@code train --train decoder}: a step moves the decoder's weights and leaves the encoder's and binariser's as they were. */
class DecoderOnlyTest {
    static final int BATCH = 2, PATCH = 32, T = 2;

    /** Every weight's values after {@code steps} training steps, by name. */
    static Map<String, float[]> weightsAfter(int steps, boolean decoderOnly) {
        CodecConfig cfg = CodecConfig.preset("tiny");
        try (Graph g = new Graph()) {
            TrainingGraph tg = new TrainingGraph(g, cfg, CodecNetwork.randomInit(5), T, BATCH, PATCH, 0.5f, 0.01f, true,
                    TrainingGraph.RATE_UNIFORM, 0f, 0, false, false, decoderOnly);
            try (Session s = new Session(g)) {
                s.initialize();
                for (int step = 1; step <= steps; step++) {
                    List<Tensor> owned = new ArrayList<>();
                    try {
                        Session.Runner run = TrainingFeeds.batch(s, tg, cfg, BATCH, PATCH, step, owned);
                        tg.adam.feed(run, owned, 1e-2f, step);
                        run.addTarget(tg.adam.train).run().close();
                    } finally {
                        owned.forEach(Tensor::close);
                    }
                }
                Map<String, float[]> out = new LinkedHashMap<>();
                Session.Runner run = s.runner();
                List<String> names = new ArrayList<>(tg.net.weights().keySet());
                names.forEach(n -> run.fetch(tg.net.weights().get(n)));
                try (Result res = run.run()) {
                    for (int i = 0; i < names.size(); i++) {
                        TFloat32 t = (TFloat32) res.get(i);
                        float[] v = new float[(int) t.size()];
                        t.asRawTensor().data().asFloats().read(v);
                        out.put(names.get(i), v);
                    }
                }
                return out;
            }
        }
    }

    @Test
    void onlyTheDecoderTrains() {
        Map<String, float[]> start = weightsAfter(0, true), frozen = weightsAfter(2, true), all = weightsAfter(2, false);
        int decoder = 0;
        for (String n : start.keySet()) {
            if (TrainingGraph.isDecoderWeight(n)) {
                decoder++;
                assertFalse(java.util.Arrays.equals(start.get(n), frozen.get(n)), n + " trains");
            } else {
                assertArrayEquals(start.get(n), frozen.get(n), n + " is frozen");
                assertFalse(java.util.Arrays.equals(start.get(n), all.get(n)), n + " trains when everything does");
            }
        }
        assertTrue(decoder > 0 && decoder < start.size(), "the tiny model has weights on both sides");
    }
}

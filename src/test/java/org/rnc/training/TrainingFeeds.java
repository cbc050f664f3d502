package org.rnc.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.rnc.model.CodecConfig;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** Test feeds for a training graph: a seeded random batch, and the binariser's uniforms all 0.5. */
final class TrainingFeeds {
    private TrainingFeeds() {}

    /** A runner fed with the batch and the uniforms; the tensors it creates are added to {@code owned} to close. */
    static Session.Runner batch(Session s, TrainingGraph tg, CodecConfig cfg, int batch, int patch, long seed,
                                List<Tensor> owned) {
        int cells = patch / CodecConfig.BLOCK;
        float[] img = new float[batch * patch * patch * 3];
        java.util.Random r = new java.util.Random(seed);
        for (int i = 0; i < img.length; i++) img[i] = r.nextFloat() - 0.5f;
        Session.Runner run = s.runner();
        TFloat32 images = TFloat32.tensorOf(Shape.of(batch, patch, patch, 3), DataBuffers.of(img, true, false));
        owned.add(images);
        run.feed(tg.images, images);
        float[] half = new float[batch * cells * cells * cfg.bits()];
        Arrays.fill(half, 0.5f);
        for (var u : tg.uniforms) {
            TFloat32 t = TFloat32.tensorOf(Shape.of(batch, cells, cells, cfg.bits()), DataBuffers.of(half, true, false));
            owned.add(t);
            run.feed(u, t);
        }
        return run;
    }

    /** The values of scalar outputs of the graph on one such batch, in a fresh session of its initial weights. */
    static float[] scalars(Graph g, TrainingGraph tg, CodecConfig cfg, int batch, int patch, long seed,
                           List<Operand<TFloat32>> outputs) {
        try (Session s = new Session(g)) {
            s.initialize();
            List<Tensor> owned = new ArrayList<>();
            try {
                Session.Runner run = batch(s, tg, cfg, batch, patch, seed, owned);
                outputs.forEach(run::fetch);
                float[] v = new float[outputs.size()];
                try (Result res = run.run()) {
                    for (int i = 0; i < v.length; i++) v[i] = ((TFloat32) res.get(i)).getFloat();
                }
                return v;
            } finally {
                owned.forEach(Tensor::close);
            }
        }
    }
}

package org.rnc.training;

import java.util.ArrayList;
import java.util.List;

import org.rnc.model.CodecConfig;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The codec unrolled over T iterations for training: L1 loss on every iteration's residual (equal weights,
 * as the reference), additive or one-shot reconstruction with optional residual scaling (see {@link CodecConfig}), Adam with the step-dependent terms fed from Java so that a
 * resumed run continues exactly from the checkpointed moments.
 */
final class TrainingGraph {
    final CodecNetwork net;
    final Placeholder<TFloat32> images;
    final List<Placeholder<TFloat32>> uniforms = new ArrayList<>();
    final Operand<TFloat32> loss;
    /** Mean squared residual after each iteration (units: [0,1] intensity squared). */
    final List<Operand<TFloat32>> mse = new ArrayList<>();
    final Adam adam;
    final int iterations, batch, patch;

    TrainingGraph(Graph g, CodecConfig cfg, CodecNetwork.WeightSource init, int iterations, int batch, int patch) {
        this.iterations = iterations;
        this.batch = batch;
        this.patch = patch;
        Ops tf = Ops.create(g);
        net = new CodecNetwork(tf, cfg, init);
        images = tf.withName("images").placeholder(TFloat32.class, Placeholder.shape(Shape.of(batch, patch, patch, 3)));
        int[] e = cfg.encoderWidths(), d = cfg.decoderWidths();
        List<CodecNetwork.State> enc = new ArrayList<>(), dec = new ArrayList<>();
        for (int i = 0; i < 3; i++) enc.add(zeroState(tf, batch, patch / cfg.encoderStateScale(i), cfg.encoderStateChannels(i)));
        for (int i = 0; i < 4; i++) dec.add(zeroState(tf, batch, patch / cfg.decoderStateScale(i), cfg.decoderStateChannels(i)));
        Operand<TFloat32> residual = images;
        Operand<TFloat32> total = tf.constant(0f);
        int cells = patch / CodecConfig.BLOCK;
        for (int t = 0; t < iterations; t++) {
            Placeholder<TFloat32> u = tf.withName("uniform" + t).placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(batch, cells, cells, cfg.bits())));
            uniforms.add(u);
            float gain = cfg.gain(t);
            CodecNetwork.EncoderStep es = net.encode(gain == 1f ? residual : tf.math.mul(residual, tf.constant(gain)), enc);
            enc = es.states();
            Operand<TFloat32> bits = net.binarizeStochastic(es.code(), u);
            CodecNetwork.DecoderStep ds = net.decode(bits, dec);
            dec = ds.states();
            if (cfg.oneShot()) {
                residual = tf.math.sub(images, ds.delta());
            } else {
                Operand<TFloat32> delta = gain == 1f ? ds.delta() : tf.math.div(ds.delta(), tf.constant(gain));
                residual = tf.math.sub(residual, delta);
            }
            Operand<org.tensorflow.types.TInt32> axes = tf.constant(new int[]{0, 1, 2, 3});
            total = tf.math.add(total, tf.math.mean(tf.math.abs(residual), axes));
            mse.add(tf.math.mean(tf.math.square(residual), axes));
        }
        loss = tf.withName("loss").math.div(total, tf.constant((float) iterations));

        adam = new Adam(tf, loss, net.weights());
    }

    private static CodecNetwork.State zeroState(Ops tf, int batch, int side, int channels) {
        Operand<TFloat32> z = tf.zeros(tf.constant(new int[]{batch, side, side, channels}), TFloat32.class);
        return new CodecNetwork.State(z, z);
    }
}

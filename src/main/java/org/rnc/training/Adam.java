package org.rnc.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Adam in the graph with its step-dependent terms fed from Java (learning rate and the bias-correction
 * powers), so that a run restored from a checkpoint continues exactly: the moments are graph variables and
 * the step count lives in the run's state file.
 */
public final class Adam {
    public final Placeholder<TFloat32> learningRate, beta1Power, beta2Power;
    public final Op train;

    public Adam(Ops tf, Operand<TFloat32> loss, Map<String, Variable<TFloat32>> weights) {
        this(tf, loss, weights, name -> true);
    }

    /**
     * Trains only the weights whose names {@code trained} accepts; the others stay as they are. Every weight still
     * gets its moments, so a checkpoint of a partly frozen run restores into a full one and back.
     */
    public Adam(Ops tf, Operand<TFloat32> loss, Map<String, Variable<TFloat32>> weights, Predicate<String> trained) {
        learningRate = tf.withName("lr").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        beta1Power = tf.withName("beta1_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        beta2Power = tf.withName("beta2_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        List<Operand<?>> trainedWeights = new ArrayList<>();
        for (Map.Entry<String, Variable<TFloat32>> en : weights.entrySet())
            if (trained.test(en.getKey())) trainedWeights.add(en.getValue());
        if (trainedWeights.isEmpty()) throw new IllegalArgumentException("no weight to train");
        Gradients grads = tf.gradients(loss, trainedWeights);
        List<Op> updates = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Variable<TFloat32>> en : weights.entrySet()) {
            Variable<TFloat32> v = en.getValue();
            String n = v.op().name();
            Variable<TFloat32> m = tf.withName(n + "_adam_m").variable(tf.zerosLike(v.asOutput()));
            Variable<TFloat32> s = tf.withName(n + "_adam_v").variable(tf.zerosLike(v.asOutput()));
            if (!trained.test(en.getKey())) continue;
            updates.add(tf.train.applyAdam(v, m, s, beta1Power, beta2Power, learningRate, tf.constant(0.9f),
                    tf.constant(0.999f), tf.constant(1e-8f), grads.<TFloat32>dy(i++)));
        }
        train = tf.withName("train").withControlDependencies(updates).noOp();
    }

    /** Feeds the step-dependent terms for 1-based step {@code t}. */
    public void feed(org.tensorflow.Session.Runner r, java.util.List<org.tensorflow.Tensor> owned, float lr, long t) {
        org.tensorflow.types.TFloat32 a = TFloat32.scalarOf(lr), b = TFloat32.scalarOf((float) Math.pow(0.9, t)),
                c = TFloat32.scalarOf((float) Math.pow(0.999, t));
        owned.add(a);
        owned.add(b);
        owned.add(c);
        r.feed(learningRate, a).feed(beta1Power, b).feed(beta2Power, c);
    }
}

package org.rnc.training;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.Restore;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * Restores a checkpoint into a graph that has more variables than the checkpoint: a run grown by a new layer (the
 * output stage) keeps every trained weight and its Adam moments, and the new ones keep their initial values.
 * {@code Session.restore} cannot: it asks the checkpoint for every variable of the graph.
 */
final class WarmStart {
    private WarmStart() {}

    /**
     * An op that assigns every float variable of {@code g} that {@code fresh} does not name from the checkpoint at
     * {@code prefix}; run it after the session's initialisation. Build it before the session is created.
     */
    static Op restoreExcept(Graph g, String prefix, Predicate<String> fresh) {
        List<Output<TFloat32>> vars = new ArrayList<>();
        for (Iterator<GraphOperation> it = g.operations(); it.hasNext(); ) {
            GraphOperation op = it.next();
            if (op.type().equals("VariableV2") && !fresh.test(op.name())) vars.add(op.output(0));
        }
        if (vars.isEmpty()) throw new IllegalArgumentException("nothing to restore from " + prefix);
        Ops tf = Ops.create(g).withSubScope("warm_start");
        String[] names = new String[vars.size()], slices = new String[vars.size()];
        List<Class<? extends TType>> types = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            names[i] = vars.get(i).op().name();
            slices[i] = "";
            types.add(TFloat32.class);
        }
        Restore r = tf.train.restore(tf.constant(prefix), tf.constant(StandardCharsets.UTF_8, names),
                tf.constant(StandardCharsets.UTF_8, slices), types);
        List<Op> assigns = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            Operand<TFloat32> value = r.tensors().get(i).expect(TFloat32.class);
            assigns.add(tf.assign(vars.get(i), value));
        }
        return tf.withControlDependencies(assigns).noOp();
    }
}

package org.rnc.training;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.train.Restore;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * Reads a checkpoint's variables as plain arrays and writes new values into a graph's variables: how a resumed run
 * changes the shape of some weights ({@link EncoderWidening}, {@link HiddenKernelGrowth}) while keeping what they
 * learned.
 */
final class CheckpointValues {
    private CheckpointValues() {}

    /**
     * Reads the named float variables of a checkpoint with their shapes, in one restore. Every weight has its Adam
     * moments in a checkpoint of this trainer (frozen weights too, see {@link Adam}).
     */
    static void read(String prefix, List<String> names, Map<String, float[]> values, Map<String, long[]> shapes) {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            List<Class<? extends TType>> types = new ArrayList<>();
            String[] slices = new String[names.size()];
            for (int i = 0; i < slices.length; i++) {
                types.add(TFloat32.class);
                slices[i] = "";
            }
            Restore r = tf.train.restore(tf.constant(prefix), tf.constant(StandardCharsets.UTF_8, names.toArray(new String[0])),
                    tf.constant(StandardCharsets.UTF_8, slices), types);
            try (Session s = new Session(g)) {
                Session.Runner run = s.runner();
                r.tensors().forEach(run::fetch);
                try (Result res = run.run()) {
                    for (int i = 0; i < names.size(); i++) {
                        TFloat32 t = (TFloat32) res.get(i);
                        float[] v = new float[(int) t.size()];
                        t.asRawTensor().data().asFloats().read(v);
                        values.put(names.get(i), v);
                        shapes.put(names.get(i), t.shape().asArray());
                    }
                }
            }
        }
    }

    /** The op names of {@code g}'s variables that {@code which} accepts, in graph order: what a reshape assigns. */
    static List<String> variables(Graph g, Predicate<String> which) {
        List<String> names = new ArrayList<>();
        for (Iterator<GraphOperation> it = g.operations(); it.hasNext(); ) {
            GraphOperation op = it.next();
            if (op.type().equals("VariableV2") && which.test(op.name())) names.add(op.name());
        }
        return names;
    }

    /** Assign ops for reshaped variables, built before the session: feed each placeholder its values. */
    static final class Assign {
        private final Map<String, Placeholder<TFloat32>> feeds = new LinkedHashMap<>();
        private final Map<String, long[]> shapes = new LinkedHashMap<>();
        final Op op;

        Assign(Graph g, Iterable<String> names) {
            Ops tf = Ops.create(g).withSubScope("assign_values");
            List<Op> assigns = new ArrayList<>();
            for (String n : names) {
                GraphOperation v = g.operation(n);
                if (v == null) throw new IllegalStateException("no variable " + n);
                Output<TFloat32> out = v.output(0);
                Placeholder<TFloat32> p = tf.placeholder(TFloat32.class, Placeholder.shape(out.shape()));
                feeds.put(n, p);
                shapes.put(n, out.shape().asArray());
                assigns.add(tf.assign(out, p));
            }
            op = tf.withControlDependencies(assigns).noOp();
        }

        void run(Session s, Map<String, float[]> values) {
            List<Tensor> owned = new ArrayList<>();
            try {
                Session.Runner r = s.runner();
                for (var en : feeds.entrySet()) {
                    float[] v = values.get(en.getKey());
                    TFloat32 t = TFloat32.tensorOf(Shape.of(shapes.get(en.getKey())), DataBuffers.of(v, true, false));
                    owned.add(t);
                    r.feed(en.getValue(), t);
                }
                r.addTarget(op).run().close();
            } finally {
                owned.forEach(Tensor::close);
            }
        }
    }
}

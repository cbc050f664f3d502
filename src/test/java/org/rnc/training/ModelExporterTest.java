package org.rnc.training;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnc.model.ModelFiles;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;

/**
 * A file names its codec model by hash, so exporting one checkpoint must give the same model files every time,
 * whatever order TensorFlow (whose map order changes from one process to the next) wrote the graph's maps in.
 */
class ModelExporterTest {

    @TempDir
    Path dir;

    @Test
    void oneCheckpointExportsToOneHashWhateverOrderTheGraphsMapsCameIn() throws Exception {
        Trainer.Options o = CodecOptionsTest.tinyRun(dir, 1);
        o.maxSteps = 1;
        new Trainer(o).run();
        String first = ModelExporter.export(o.runDir, dir.resolve("models/a"), "same");
        String second = ModelExporter.export(o.runDir, dir.resolve("models/b"), "same");
        assertEquals(first, second, "two exports of one checkpoint");

        // Play a process whose TensorFlow wrote every node's attributes in the opposite order.
        Path pb = ModelExporter.graphFile(dir.resolve("models/b"));
        byte[] canonical = Files.readAllBytes(pb);
        byte[] reversed = reverseAttributeOrder(SavedModel.parseFrom(canonical)).toByteArray();
        assertFalse(java.util.Arrays.equals(canonical, reversed), "the reversed graph file differs before rewriting");
        Files.write(pb, reversed);
        assertEquals(List.of(), ModelExporter.networkDifferences(dir.resolve("models/a"), dir.resolve("models/b")),
                "the same network, whatever the order of its graph file");
        ModelExporter.canonicalize(pb);
        assertArrayEquals(canonical, Files.readAllBytes(pb));
        assertEquals(first, ModelFiles.hash(dir.resolve("models/b"), ModelFiles.listFiles(dir.resolve("models/b"))));
    }

    /** The same SavedModel with each node's attributes inserted in reverse order (Java keeps insertion order). */
    private static SavedModel reverseAttributeOrder(SavedModel m) {
        SavedModel.Builder b = m.toBuilder();
        for (int g = 0; g < b.getMetaGraphsCount(); g++) {
            MetaGraphDef.Builder mg = b.getMetaGraphsBuilder(g);
            GraphDef.Builder graph = mg.getGraphDefBuilder();
            for (int n = 0; n < graph.getNodeCount(); n++) {
                NodeDef.Builder node = graph.getNodeBuilder(n);
                List<Map.Entry<String, AttrValue>> attrs = new ArrayList<>(node.getAttrMap().entrySet());
                Collections.reverse(attrs);
                node.clearAttr();
                for (Map.Entry<String, AttrValue> e : attrs) node.putAttr(e.getKey(), e.getValue());
            }
        }
        return b.build();
    }
}

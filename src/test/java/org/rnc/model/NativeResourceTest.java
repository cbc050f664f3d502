package org.rnc.model;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rnc.TestImages;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Every TensorFlow tensor the codec makes is closed: native memory (resident set size minus the Java heap)
 * does not grow over hundreds of encodes and decodes. The meter is first shown to see a deliberate leak.
 */
class NativeResourceTest {

    /** Resident bytes not accounted for by the committed Java heap (Linux /proc). */
    static long nativeBytes() throws IOException {
        System.gc();
        String[] statm = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
        long rss = Long.parseLong(statm[1]) * 4096;
        return rss - Runtime.getRuntime().totalMemory();
    }

    @Test
    void theMeterSeesADeliberateLeak() throws IOException {
        long before = nativeBytes();
        List<TFloat32> leaked = new ArrayList<>();
        float[] mb = new float[256 * 1024];
        for (int i = 0; i < 100; i++) leaked.add(TFloat32.tensorOf(Shape.of(mb.length), DataBuffers.of(mb, true, false)));
        long grown = nativeBytes() - before;
        leaked.forEach(TFloat32::close);
        assertTrue(grown > 80L << 20, "100 unclosed 1 MB tensors show as " + (grown >> 20) + " MB");
    }

    @Test
    void hundredsOfEncodesAndDecodesLeakNoTensor() throws IOException {
        BufferedImage img = TestImages.photo(128, 128, BufferedImage.TYPE_INT_RGB);
        // TensorFlow's and malloc's pools grow for the first hundred or so operations, then stay flat
        for (int i = 0; i < 150; i++) TestImages.decode(TestImages.encode(img, 3));
        long before = nativeBytes();
        for (int i = 0; i < 150; i++) TestImages.decode(TestImages.encode(img, 3));
        long grown = nativeBytes() - before;
        // one iteration of this image allocates ~1 MB of tensors; 150 x 6 leaked steps would be hundreds of MB
        assertTrue(grown < 30L << 20, "native memory grew by " + (grown >> 20) + " MB over 300 operations");
        assertEquals(0, ModelRegistry.get(ModelRegistry.DEFAULT_MODEL).openSteppers());
    }
}

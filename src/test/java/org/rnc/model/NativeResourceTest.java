package org.rnc.model;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.rnc.TestImages;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * Every TensorFlow object the codec makes is closed. The meter is JavaCPP's count of live native objects
 * (tensors, sessions, buffers: each registers a deallocator when made and drops it when closed), so it is exact,
 * unlike resident memory, which moves as the Java heap touches new pages. JavaCPP also frees an unreachable
 * object when the garbage collector finds it, which would hide a leak, so only operations during which no collection
 * ran are counted. The meter is first shown to see a deliberate leak.
 */
class NativeResourceTest {

    @Test
    void theMeterSeesADeliberateLeak() {
        TFloat32.tensorOf(Shape.of(1)).close(); // the first tensor also makes one long-lived native object
        long before = Pointer.totalCount();
        List<TFloat32> leaked = new ArrayList<>();
        for (int i = 0; i < 100; i++) leaked.add(TFloat32.tensorOf(Shape.of(1024)));
        long grown = Pointer.totalCount() - before;
        leaked.forEach(TFloat32::close);
        assertEquals(100, grown, "100 unclosed tensors");
        assertEquals(before, Pointer.totalCount(), "closing them");
    }

    @Test
    void hundredsOfEncodesAndDecodesLeakNoTensor() throws IOException {
        BufferedImage img = TestImages.photo(128, 128, BufferedImage.TYPE_INT_RGB);
        // the first operations load the model and may create long-lived objects (sessions, cached constants)
        for (int i = 0; i < 5; i++) TestImages.decode(TestImages.encode(img, 3));
        long grown = 0;
        int counted = 0;
        for (int i = 0; i < 150; i++) {
            long gcs = collections(), before = Pointer.totalCount();
            TestImages.decode(TestImages.encode(img, 3));
            // a collection during the operation may free an unclosed tensor and hide it: count only operations without one
            if (collections() == gcs) {
                grown += Pointer.totalCount() - before;
                counted++;
            }
        }
        assertTrue(counted >= 50, "only " + counted + " of 150 encode+decode pairs ran without a garbage collection");
        // one unclosed tensor per network step would be 6 per pair
        assertEquals(0, grown, "native objects left open by " + counted + " encode+decode pairs");
        assertEquals(0, ModelRegistry.get(ModelRegistry.DEFAULT_MODEL).openSteppers());
    }

    static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }
}

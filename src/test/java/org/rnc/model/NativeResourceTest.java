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

    /** A decoder's trial step returns what its step would, leaves its state as it was and leaks nothing. */
    @Test
    void trialStepsLeaveTheDecoderAsItWas() throws ModelException {
        CodecModel model = ModelRegistry.get(ModelRegistry.DEFAULT_MODEL);
        int n = 2 * 2 * model.config().bits();
        java.util.Random r = new java.util.Random(1);
        float[] a = new float[n], b = new float[n], c = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextBoolean() ? 1 : -1;
            b[i] = r.nextBoolean() ? 1 : -1;
            c[i] = r.nextBoolean() ? 1 : -1;
        }
        try (CodecModel.Decoder tried = model.decoder(32, 32); CodecModel.Decoder plain = model.decoder(32, 32)) {
            float[] first = plain.step(a);
            assertArrayEquals(first, tried.trial(a), "a first-iteration trial is the first step");
            tried.trial(c);
            assertArrayEquals(first, tried.step(a), "trials do not move the state");
            assertArrayEquals(plain.step(b), tried.trial(b), "a later trial is the step it stands for");
            assertFalse(java.util.Arrays.equals(first, tried.trial(a)), "the state moved with the step");
            tried.step(b);
            long before = Pointer.totalCount();
            for (int i = 0; i < 20; i++) tried.trial(i % 2 == 0 ? b : c);
            assertEquals(before, Pointer.totalCount(), "trials leave no tensor open");
            assertArrayEquals(plain.step(c), tried.step(c), "after the trials");
        }
    }

    /** A two-step trial is a step and a trial on a copy; it moves nothing and leaks nothing. */
    @Test
    void aTwoStepTrialIsAStepThenATrial() throws ModelException {
        CodecModel model = ModelRegistry.get(ModelRegistry.DEFAULT_MODEL);
        float[][] codes = randomCodes(model, 3, 2);
        try (CodecModel.Decoder tried = model.decoder(32, 32); CodecModel.Decoder plain = model.decoder(32, 32)) {
            plain.step(codes[0]);
            assertArrayEquals(plain.trial(codes[1]), tried.trialAfter(codes[0], codes[1]), "from the first iteration");
            tried.step(codes[0]);
            long before = Pointer.totalCount();
            float[] look = tried.trialAfter(codes[1], codes[2]);
            assertEquals(before, Pointer.totalCount(), "a two-step trial leaves no tensor open");
            float[] second = plain.step(codes[1]);
            assertArrayEquals(plain.trial(codes[2]), look, "from a later iteration");
            assertArrayEquals(second, tried.step(codes[1]), "the two-step trial left the state as it was");
        }
    }

    /**
     * The gradient the guided code search ranks flips by is the derivative of sum(upstream * delta): checked against
     * central differences of the decoder's own output, at codes the decoder accepts as any float.
     */
    @Test
    void theCodeGradientIsTheDecodersDerivative() throws ModelException {
        CodecModel model = ModelRegistry.get(ModelRegistry.DEFAULT_MODEL);
        float[][] codes = randomCodes(model, 2, 3);
        java.util.Random r = new java.util.Random(7);
        float[] up = new float[32 * 32 * 3];
        for (int i = 0; i < up.length; i++) up[i] = (float) r.nextGaussian();
        try (CodecModel.Decoder dec = model.decoder(32, 32)) {
            dec.step(codes[0]);
            long before = Pointer.totalCount();
            float[] g = dec.gradient(codes[1], up);
            assertEquals(before, Pointer.totalCount(), "a gradient leaves no tensor open");
            assertEquals(codes[1].length, g.length);
            double eps = 1e-2, worst = 0, scale = 0;
            for (int i = 0; i < g.length; i += 7) {
                float[] p = codes[1].clone(), m = codes[1].clone();
                p[i] += (float) eps;
                m[i] -= (float) eps;
                double fd = (dot(up, dec.trial(p)) - dot(up, dec.trial(m))) / (2 * eps);
                worst = Math.max(worst, Math.abs(fd - g[i]));
                scale = Math.max(scale, Math.abs(g[i]));
            }
            assertTrue(scale > 0, "a zero gradient");
            assertTrue(worst < 0.02 * scale, "gradient off its finite difference by " + worst + " (largest " + scale + ")");
            assertArrayEquals(g, dec.gradient(codes[1], up), "the same gradient twice");
        }
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }

    private static float[][] randomCodes(CodecModel model, int iterations, long seed) {
        int n = 2 * 2 * model.config().bits();
        java.util.Random r = new java.util.Random(seed);
        float[][] c = new float[iterations][n];
        for (float[] it : c) for (int i = 0; i < n; i++) it[i] = r.nextBoolean() ? 1 : -1;
        return c;
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

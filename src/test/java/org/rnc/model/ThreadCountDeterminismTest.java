package org.rnc.model;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rnc.TestImages;
import org.rnc.codec.IterativeCodec;
import org.rnc.codec.SourceImage;
import org.rnc.codec.Tiling;
import org.rnc.entropy.IterationCoder;
import org.rnc.format.RncHeader;

/**
 * Files must not depend on how many threads TensorFlow used: the codes of an encode, the reconstruction, and
 * the entropy model's probabilities (an entropy-coded iteration written with one thread count must decode with
 * another, which its checksum would catch otherwise) are compared between 1 and 2 threads.
 */
class ThreadCountDeterminismTest {

    @Test
    void oneAndTwoThreadsGiveIdenticalCodesPixelsAndProbabilities() throws Exception {
        Path codecDir = ModelRegistry.locate(ModelRegistry.DEFAULT_MODEL);
        Path entropyDir = ModelRegistry.locate(ModelRegistry.catalogEntropyName(ModelRegistry.DEFAULT_MODEL));
        BufferedImage img = TestImages.photo(96, 80, BufferedImage.TYPE_INT_RGB);
        SourceImage src = SourceImage.of(img, CodecConfig.BLOCK);
        Tiling tiling = new Tiling(src.paddedWidth, src.paddedHeight, 1024);
        int n = 5;
        try (CodecModel one = CodecModel.load(codecDir, 1); CodecModel two = CodecModel.load(codecDir, 2);
             PortableEntropyModel e1 = PortableEntropyModel.load(entropyDir, 1);
             PortableEntropyModel e2 = PortableEntropyModel.load(entropyDir, 2)) {
            float[][] a = IterativeCodec.encode(one, src, n, tiling, (d, t) -> true);
            float[][] b = IterativeCodec.encode(two, src, n, tiling, (d, t) -> true);
            for (int t = 0; t < n; t++) assertArrayEquals(a[t], b[t], "codes of iteration " + (t + 1));

            List<float[]> ra = new ArrayList<>(), rb = new ArrayList<>();
            IterativeCodec.decodeTiles(one, tiling, List.of(a), (tile, r) -> ra.add(r.clone()));
            IterativeCodec.decodeTiles(two, tiling, List.of(a), (tile, r) -> rb.add(r.clone()));
            assertArrayEquals(ra.get(0), rb.get(0), "reconstruction");

            int bh = tiling.blocksHigh(), bw = src.paddedWidth / CodecConfig.BLOCK, bits = one.config().bits();
            IterationCoder writer = new IterationCoder(RncHeader.Coding.BINARY_RNN, e1, bh, bw, bits);
            IterationCoder reader = new IterationCoder(RncHeader.Coding.BINARY_RNN, e2, bh, bw, bits);
            for (int t = 0; t < n; t++) assertArrayEquals(a[t], reader.decode(writer.encode(a[t])), "entropy coding of iteration " + (t + 1));
        }
    }
}

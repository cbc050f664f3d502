package org.rnc.imageio;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.rnc.conformance.Conformance;
import org.rnc.format.RncFileReader;
import org.rnc.format.RncHeader;
import org.rnc.metrics.ImageQuality;

/** The writer's compact container (format 4) against the older formats it can still write: same codes, fewer bytes. */
class CompactContainerWriterTest {

    @Test
    void theOlderContainerHoldsTheSameCodesAndPictureInMoreBytes() throws IOException {
        BufferedImage photo;
        try (InputStream in = ImageQuality.class.getResourceAsStream("kodim23-crop256.png")) {
            photo = ImageIO.read(in);
        }
        for (boolean adaptive : new boolean[]{true, false}) {
            byte[] compact = RncIO.encode(photo, p -> {
                p.setIterations(4);
                p.setAdaptiveRate(adaptive);
            });
            byte[] older = RncIO.encode(photo, p -> {
                p.setIterations(4);
                p.setAdaptiveRate(adaptive);
                p.setCompactContainer(false);
            });
            RncHeader c = new RncFileReader(new ByteArrayInputStream(compact)).readHeader();
            RncHeader o = new RncFileReader(new ByteArrayInputStream(older)).readHeader();
            assertEquals(4, c.version());
            assertEquals(adaptive ? 3 : 2, o.version());
            assertEquals(Conformance.codesSha256(older), Conformance.codesSha256(compact), "the same codes");
            assertArrayEquals(RestorationFilterTest.planes(RncIO.decode(older, null, null)),
                    RestorationFilterTest.planes(RncIO.decode(compact, null, null)), "the same picture");
            // the two hashes of HEAD (48 bytes), END (12), and per iteration at least 10 bytes of framing
            assertTrue(older.length - compact.length >= 48 + 12 + 4 * 10, older.length + " against " + compact.length + " bytes");
        }
    }
}

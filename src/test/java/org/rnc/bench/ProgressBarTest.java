package org.rnc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void rendersFractionCountsAndTimeLeft() {
        assertEquals("[###############...............]  50% 5/10  0:30 elapsed ~0:30 left  img rnc",
                ProgressBar.render(5, 10, 30, "img rnc"));
        assertEquals("[##############################] 100% 10/10  1:01:05 elapsed", ProgressBar.render(10, 10, 3665, ""));
    }

    @Test
    void withoutATerminalItPrintsWholeLines() {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ProgressBar bar = new ProgressBar(new PrintStream(bos, true, StandardCharsets.UTF_8), 4, false)) {
            bar.advance(4);
        }
        String s = bos.toString(StandardCharsets.UTF_8);
        assertTrue(s.contains("100% 4/4"), s);
        assertTrue(!s.contains("\r"), s);
    }
}

package org.rnc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

class PointsCsvTest {

    @Test
    void headerIsExactlyTheIssuesColumns() throws IOException {
        assertEquals("codec,setting,image,bytes,bpp,psnr,msssim,encode_ms,decode_ms", PointsCsv.HEADER);
        StringWriter w = new StringWriter();
        PointsCsv.write(List.of(), w);
        assertEquals("codec,setting,image,bytes,bpp,psnr,msssim,encode_ms,decode_ms\n", w.toString());
    }

    @Test
    void rowsRoundTripWithInfinityAndQuoting() throws IOException {
        List<BenchPoint> pts = List.of(
                new BenchPoint("jpeg", "q0.50", "kodim05", 24567, 0.499817, 29.1234, 0.955512, 12.5, 3.25),
                new BenchPoint("png", "lossless", "a, \"odd\" name", 851234, 17.3, Double.POSITIVE_INFINITY, 1.0, 80, 15),
                new BenchPoint("rnc", "it1", "tiny", 100, 0.2, 14.0, Double.NaN, 1000, 500));
        StringWriter w = new StringWriter();
        PointsCsv.write(pts, w);
        String[] lines = w.toString().split("\n");
        assertEquals(4, lines.length);
        assertEquals("jpeg,q0.50,kodim05,24567,0.499817,29.1234,0.955512,12.500,3.250", lines[1]);
        assertEquals("png,lossless,\"a, \"\"odd\"\" name\",851234,17.300000,inf,1.000000,80.000,15.000", lines[2]);
        assertEquals("rnc,it1,tiny,100,0.200000,14.0000,nan,1000.000,500.000", lines[3]);
        List<BenchPoint> back = PointsCsv.read(new BufferedReader(new StringReader(w.toString())));
        assertEquals(pts.get(0), back.get(0));
        assertEquals(pts.get(1), back.get(1));
        assertEquals(pts.get(2).image(), back.get(2).image());
        assertEquals(Double.NaN, back.get(2).msssim());
    }

    @Test
    void aFileWithAnotherHeaderIsRefused() {
        assertThrows(IOException.class, () -> PointsCsv.read(new BufferedReader(new StringReader("codec,bpp\njpeg,1\n"))));
    }
}

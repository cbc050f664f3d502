package org.rnc.studio;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsModelTest {

    @Test
    void writesEveryRunAsCsvWithQuotingInfinityAndEmptyCells(@TempDir Path dir) throws Exception {
        ResultsModel m = new ResultsModel();
        AtomicInteger told = new AtomicInteger();
        m.addListener(told::incrementAndGet);
        m.add(new RunResult("rnc", "kodim23", "it4", 0.4123456, 0.00123, 29.1234, 0.95432, 1.5));
        m.addAll(List.of(new RunResult("zip", "mnist", "deflate, level 9", 1.9, 0, Double.POSITIVE_INFINITY, Double.NaN, 0),
                new RunResult("jpeg", "a \"quoted\" name", "q0.430", 0.41, 0.002, 27, Double.NaN, 0.01)));
        assertEquals(2, told.get());
        assertEquals(3, m.size());
        m.writeCsv(dir.resolve("sub/results.csv"));
        List<String> lines = Files.readAllLines(dir.resolve("sub/results.csv"));
        assertEquals(List.of(ResultsModel.CSV_HEADER,
                "rnc,kodim23,it4,0.4123,0.001230,29.123,0.95432,1.50",
                "zip,mnist,\"deflate, level 9\",1.9000,0.000000,inf,,0.00",
                "jpeg,\"a \"\"quoted\"\" name\",q0.430,0.4100,0.002000,27.000,,0.01"), lines);
        m.clear();
        assertEquals(0, m.size());
        assertEquals(ResultsModel.CSV_HEADER + "\n", m.toCsv());
    }

    @Test
    void psnrAndMseConvert() {
        assertEquals(30, RunResult.psnrOf(RunResult.mseOf(30)), 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, RunResult.psnrOf(0));
        assertEquals(0, RunResult.mseOf(Double.POSITIVE_INFINITY));
    }
}

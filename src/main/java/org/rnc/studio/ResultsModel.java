package org.rnc.studio;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every run of the session (Compare, the MNIST study, codec training), in order, and its CSV form. Safe to
 * add to from any thread; listeners are told on the adding thread (views re-post to the event thread).
 */
public final class ResultsModel {
    public static final String CSV_HEADER = "model,source,setting,bpp,mse,psnr,msssim,seconds";

    private final List<RunResult> rows = new ArrayList<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public void addListener(Runnable l) { listeners.add(l); }

    public void add(RunResult r) {
        synchronized (rows) {
            rows.add(r);
        }
        listeners.forEach(Runnable::run);
    }

    public void addAll(List<RunResult> rs) {
        synchronized (rows) {
            rows.addAll(rs);
        }
        listeners.forEach(Runnable::run);
    }

    public void clear() {
        synchronized (rows) {
            rows.clear();
        }
        listeners.forEach(Runnable::run);
    }

    public List<RunResult> rows() {
        synchronized (rows) {
            return List.copyOf(rows);
        }
    }

    public int size() {
        synchronized (rows) {
            return rows.size();
        }
    }

    /** The rows as CSV: {@value #CSV_HEADER}; {@code inf} for lossless PSNR, empty cells for what was not measured. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (RunResult r : rows())
            sb.append(field(r.model())).append(',').append(field(r.source())).append(',').append(field(r.setting()))
                    .append(',').append(number(r.bpp(), "%.4f")).append(',').append(number(r.mse(), "%.6f"))
                    .append(',').append(number(r.psnr(), "%.3f")).append(',').append(number(r.msssim(), "%.5f"))
                    .append(',').append(number(r.seconds(), "%.2f")).append('\n');
        return sb.toString();
    }

    public void writeCsv(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(toCsv());
        }
    }

    static String number(double v, String format) {
        if (Double.isNaN(v)) return "";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        return String.format(Locale.ROOT, format, v);
    }

    /** RFC 4180 quoting where needed. */
    static String field(String s) {
        if (s == null) return "";
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}

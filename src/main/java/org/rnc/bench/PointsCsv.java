package org.rnc.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code points.csv}: one line per {@link BenchPoint}, RFC 4180 quoting where a field needs it, numbers in
 * the ROOT locale, {@code inf} for an infinite PSNR and {@code nan} for a missing value.
 */
public final class PointsCsv {
    private PointsCsv() {}

    public static final String HEADER = "codec,setting,image,bytes,bpp,psnr,msssim,encode_ms,decode_ms";

    public static void write(List<BenchPoint> points, Writer out) throws IOException {
        out.write(HEADER);
        out.write('\n');
        for (BenchPoint p : points) {
            out.write(line(p));
            out.write('\n');
        }
        out.flush();
    }

    public static void write(List<BenchPoint> points, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(points, w);
        }
    }

    public static String line(BenchPoint p) {
        return String.join(",", quote(p.codec()), quote(p.setting()), quote(p.image()), Long.toString(p.bytes()),
                num(p.bpp(), 6), num(p.psnr(), 4), num(p.msssim(), 6), num(p.encodeMs(), 3), num(p.decodeMs(), 3));
    }

    public static List<BenchPoint> read(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r);
        }
    }

    public static List<BenchPoint> read(BufferedReader r) throws IOException {
        String header = r.readLine();
        if (!HEADER.equals(header)) throw new IOException("not a points.csv: header is " + header);
        List<BenchPoint> out = new ArrayList<>();
        String line;
        int n = 1;
        while ((line = r.readLine()) != null) {
            n++;
            if (line.isEmpty()) continue;
            List<String> f = split(line);
            if (f.size() != 9) throw new IOException("line " + n + ": " + f.size() + " fields, expected 9");
            try {
                out.add(new BenchPoint(f.get(0), f.get(1), f.get(2), Long.parseLong(f.get(3)), parse(f.get(4)),
                        parse(f.get(5)), parse(f.get(6)), parse(f.get(7)), parse(f.get(8))));
            } catch (NumberFormatException e) {
                throw new IOException("line " + n + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    static String num(double v, int decimals) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    static double parse(String s) {
        return switch (s) {
            case "nan", "" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else quoted = false;
                } else cur.append(c);
            } else if (c == '"') quoted = true;
            else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else cur.append(c);
        }
        out.add(cur.toString());
        return out;
    }
}

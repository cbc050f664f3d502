import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import org.rnc.bench.BenchPoint;
import org.rnc.bench.BenchSummary;
import org.rnc.bench.PointsCsv;

/**
 * `rnc bench`'s summary.md over points from several runs on the same images, for example a new model's run beside an
 * earlier run's JPEG, JPEG 2000 and WebP points (the classical codecs are deterministic, so they need not be measured
 * again). Each SOURCE is a points.csv, optionally followed by the codecs to take from it, each optionally renamed:
 * java -cp "target/rnc-cli.jar:target/rnc.jar:target/lib/*" docs/quality/MergeSummary.java OUT.md POINTS.csv[:CODEC[=NAME],...] ...
 * e.g. old/points.csv:jpeg,jpeg2000,webp old2/points.csv:rnc-adaptive=rnc-2-adaptive new/points.csv
 * Iteration-count settings can be capped with -Dmax.iterations=N (settings itK / capK above N dropped), so that runs
 * measured with different -n give the same range.
 */
public class MergeSummary {
    public static void main(String[] a) throws Exception {
        int maxIterations = Integer.getInteger("max.iterations", Integer.MAX_VALUE);
        List<BenchPoint> all = new ArrayList<>();
        for (String source : Arrays.asList(a).subList(1, a.length)) {
            int colon = source.lastIndexOf(':');
            Path file = Path.of(colon < 0 ? source : source.substring(0, colon));
            Map<String, String> take = new LinkedHashMap<>();
            if (colon >= 0)
                for (String c : source.substring(colon + 1).split(",")) {
                    String[] kv = c.split("=", 2);
                    take.put(kv[0], kv.length == 2 ? kv[1] : kv[0]);
                }
            for (BenchPoint p : PointsCsv.read(file)) {
                if (!take.isEmpty() && !take.containsKey(p.codec())) continue;
                if (iterationsOf(p.setting()) > maxIterations) continue;
                String name = take.getOrDefault(p.codec(), p.codec());
                all.add(new BenchPoint(name, p.setting(), p.image(), p.bytes(), p.bpp(), p.psnr(), p.msssim(),
                        p.encodeMs(), p.decodeMs()));
            }
        }
        Files.writeString(Path.of(a[0]), new BenchSummary(all).summaryMarkdown(Map.of()), StandardCharsets.UTF_8);
        System.out.println(all.size() + " points -> " + a[0]);
    }

    /** K of a setting itK or capK (RNC's iteration counts), else 0 (a classical codec's quality setting). */
    static int iterationsOf(String setting) {
        String digits = setting.startsWith("it") ? setting.substring(2) : setting.startsWith("cap") ? setting.substring(3) : "";
        return digits.matches("\\d+") ? Integer.parseInt(digits) : 0;
    }
}

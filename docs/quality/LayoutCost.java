import java.util.Arrays;

import org.rnc.model.CodecConfig;

/**
 * The cost of decoder layouts against the small preset's: multiply-adds per pixel per iteration
 * ({@code CodecConfig.decoderMacsPerPixel()}, convolutions only), weights, and channels at full resolution.
 * java -cp "target/rnc.jar:target/lib/*" docs/quality/LayoutCost.java 128,128,64,32 192,192,56,28 ...
 */
public class LayoutCost {
    public static void main(String[] a) {
        CodecConfig small = CodecConfig.preset("small");
        System.out.println("| decoder widths | multiply-adds per pixel | vs small | weights | channels at full resolution |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (String w : a) {
            int[] d = Arrays.stream(w.split(",")).mapToInt(Integer::parseInt).toArray();
            CodecConfig c = small.withWidths(small.encoderWidths(), d);
            System.out.printf("| %s | %,.0f | %.3fx | %,d | %d |%n", w, c.decoderMacsPerPixel(),
                    c.decoderMacsPerPixel() / small.decoderMacsPerPixel(), c.parameterCount(), c.fullResolutionChannels());
        }
    }
}

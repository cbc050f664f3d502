package org.rnc.spark;

import java.io.Serializable;
import java.util.Locale;

/** What a transcode job does; travels to the executors with each task. */
public final class TranscodeOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum Direction { ENCODE, DECODE }

    public String in, out, report;
    public Direction direction = Direction.ENCODE;
    /** Files the job takes, by name (Spark's pathGlobFilter); null: {@link #IMAGES} to encode, *.rnc to decode. */
    public String glob;
    /** The image files ImageIO reads here (the JDK's formats), in either case. */
    public static final String IMAGES = "*.{png,PNG,jpg,JPG,jpeg,JPEG,bmp,BMP,gif,GIF,tif,TIF,tiff,TIFF,wbmp,WBMP}";
    public boolean recursive = true;
    /** Writer settings, as {@code rnc encode}: exact iterations, ImageIO quality, target bpp, model name, search effort. */
    public Integer iterations;
    public Float quality;
    public Double bpp;
    public String model;
    public Integer searchEffort;
    /** Also decode each written file and report PSNR and MS-SSIM against its source. */
    public boolean metrics;
    /** Also write the report as one CSV file (beside the Parquet one). */
    public boolean csv;
    /** TensorFlow threads per task (the task's cores); 0: spark.task.cpus. */
    public int tfThreads;

    String glob() {
        if (glob != null) return glob;
        return direction == Direction.DECODE ? "*.rnc" : IMAGES;
    }

    /** The output's name for an input's relative name: its extension replaced. */
    String outputName(String relative) {
        String ext = direction == Direction.DECODE ? ".png" : ".rnc";
        int slash = relative.lastIndexOf('/'), dot = relative.lastIndexOf('.');
        String stem = dot > slash + 1 ? relative.substring(0, dot) : relative;
        return stem + ext;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %s -> %s (glob %s, iterations %s, quality %s, bpp %s, model %s, search effort %s, metrics %s)",
                direction.name().toLowerCase(Locale.ROOT), in, out, glob(), iterations, quality, bpp, model, searchEffort, metrics);
    }
}

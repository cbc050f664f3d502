package org.rnc.spark;

import java.io.Serializable;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** One line of the job's report: what became of one input. */
public final class ReportRow implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final StructType SCHEMA = new StructType()
            .add("path", DataTypes.StringType, false)
            .add("output", DataTypes.StringType, true)
            .add("width", DataTypes.IntegerType, true)
            .add("height", DataTypes.IntegerType, true)
            .add("input_bytes", DataTypes.LongType, true)
            .add("output_bytes", DataTypes.LongType, true)
            .add("bpp", DataTypes.DoubleType, true)
            .add("psnr", DataTypes.DoubleType, true)
            .add("ms_ssim", DataTypes.DoubleType, true)
            .add("millis", DataTypes.LongType, false)
            .add("status", DataTypes.StringType, false)
            .add("error", DataTypes.StringType, true);

    public String path, output, status, error;
    public Integer width, height;
    public Long inputBytes, outputBytes;
    public Double bpp, psnr, msSsim;
    public long millis;

    Row toRow() {
        return RowFactory.create(path, output, width, height, inputBytes, outputBytes, bpp, psnr, msSsim, millis, status, error);
    }
}

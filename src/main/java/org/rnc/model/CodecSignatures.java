package org.rnc.model;

/**
 * Names of the SavedModel signatures and their tensors (documented in conformance/FORMAT.md).
 * All tensors are float32, NHWC, batch 1 at run time.
 * <pre>
 * encode: residual [1,H,W,3], e{1,2,3}_{h,c}  ->  bits [1,H/16,W/16,B] (+1/-1), e{1,2,3}_{h,c}_next
 * decode: bits [1,H/16,W/16,B], d{1..4}_{h,c} ->  delta [1,H,W,3], d{1..4}_{h,c}_next
 * </pre>
 * A model with more cells at H/16 ({@link CodecConfig}) has more states, numbered on: e4, d5 and so on.
 */
public final class CodecSignatures {
    private CodecSignatures() {}

    public static final String ENCODE = "encode";
    public static final String DECODE = "decode";
    /**
     * Optional: the first iteration's decode of a primed model (Johnston et al. 2018), the decoder run 1 + P times on
     * the same bits inside one call, only the last step's delta returned. Same tensors as {@link #DECODE}. A model
     * with this signature uses it for iteration 1 and {@link #DECODE} after; being in the SavedModel, it is covered by
     * the model's hash.
     */
    public static final String DECODE_FIRST = "decode_first";
    public static final String RESIDUAL = "residual";
    public static final String BITS = "bits";
    public static final String DELTA = "delta";

    public static String encoderH(int i) { return "e" + (i + 1) + "_h"; }

    public static String encoderC(int i) { return "e" + (i + 1) + "_c"; }

    public static String decoderH(int i) { return "d" + (i + 1) + "_h"; }

    public static String decoderC(int i) { return "d" + (i + 1) + "_c"; }

    public static String next(String state) { return state + "_next"; }
}

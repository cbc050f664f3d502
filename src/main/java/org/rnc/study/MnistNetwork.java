package org.rnc.study;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The study's convolutional autoencoder and variational autoencoder on 28x28 digits, in TensorFlow Java.
 * <pre>
 * encoder: conv 3x3/2 (32) relu -> conv 3x3/2 (64) relu -> flatten (7*7*64)
 *          AE: dense -> z (latent)            VAE: dense -> mean, dense -> log-variance; z = mean + exp(lv/2) * eps
 * decoder: dense (7*7*64) relu -> transposed conv 3x3/2 (64) relu -> transposed conv 3x3/2 (32) relu
 *          -> transposed conv 3x3/1 (1) -> sigmoid
 * AE loss: mean squared error per pixel.  VAE loss: binary cross-entropy summed over the pixels plus the KL
 * divergence to N(0, I), per image, averaged over the batch.
 * </pre>
 * The batch size is dynamic, so the same graph serves training, evaluation and export.
 */
public final class MnistNetwork {
    public enum Kind { AUTOENCODER, VAE }

    final Kind kind;
    final int latent;
    final Ops tf;
    final Map<String, Variable<TFloat32>> weights = new LinkedHashMap<>();
    final Placeholder<TFloat32> images;
    /** VAE only: N(0, I) samples fed from Java (zeros at evaluation: the mean is used). */
    final Placeholder<TFloat32> epsilon;
    final Operand<TFloat32> code, reconstruction, loss;
    /** Decoder fed directly from a latent code, for export. */
    final Placeholder<TFloat32> latentIn;
    final Operand<TFloat32> decoded;

    MnistNetwork(Ops tf, Kind kind, int latent, long seed) {
        this.tf = tf;
        this.kind = kind;
        this.latent = latent;
        Random r = new Random(seed);
        weight(r, "enc_conv1", 3, 3, 1, 32);
        weight(r, "enc_bias1", 32);
        weight(r, "enc_conv2", 3, 3, 32, 64);
        weight(r, "enc_bias2", 64);
        weight(r, "enc_dense", 3136, latent);
        weight(r, "enc_dense_bias", latent);
        if (kind == Kind.VAE) {
            weight(r, "enc_logvar", 3136, latent);
            weight(r, "enc_logvar_bias", latent);
        }
        weight(r, "dec_dense", latent, 3136);
        weight(r, "dec_dense_bias", 3136);
        weight(r, "dec_deconv1", 3, 3, 64, 64);
        weight(r, "dec_bias1", 64);
        weight(r, "dec_deconv2", 3, 3, 32, 64);
        weight(r, "dec_bias2", 32);
        weight(r, "dec_deconv3", 3, 3, 1, 32);
        weight(r, "dec_bias3", 1);

        images = tf.withName("images").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 28, 28, 1)));
        Operand<TFloat32> x = relu(conv(images, "enc_conv1", 2), "enc_bias1");
        x = relu(conv(x, "enc_conv2", 2), "enc_bias2");
        Operand<TFloat32> flat = tf.reshape(x, tf.constant(new int[]{-1, 3136}));
        Operand<TFloat32> mean = dense(flat, "enc_dense", "enc_dense_bias");
        Operand<TFloat32> logVar = null;
        if (kind == Kind.VAE) {
            logVar = dense(flat, "enc_logvar", "enc_logvar_bias");
            epsilon = tf.withName("epsilon").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, latent)));
            Operand<TFloat32> z = tf.math.add(mean, tf.math.mul(tf.math.exp(tf.math.mul(logVar, tf.constant(0.5f))), epsilon));
            code = mean;
            Operand<TFloat32> logits = decoderLogits(z);
            reconstruction = tf.math.sigmoid(logits);
            // BCE with logits summed over pixels, stable form; KL summed over latent dimensions
            Operand<TFloat32> bce = tf.math.add(tf.math.sub(tf.nn.relu(logits), tf.math.mul(logits, images)),
                    tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(logits)))));
            Operand<TFloat32> bceSum = tf.reduceSum(bce, tf.constant(new int[]{1, 2, 3}));
            Operand<TFloat32> kl = tf.math.mul(tf.constant(-0.5f), tf.reduceSum(tf.math.sub(tf.math.sub(
                    tf.math.add(tf.constant(1f), logVar), tf.math.square(mean)), tf.math.exp(logVar)), tf.constant(new int[]{1})));
            loss = tf.math.mean(tf.math.add(bceSum, kl), tf.constant(new int[]{0}));
        } else {
            epsilon = null;
            code = mean;
            reconstruction = tf.math.sigmoid(decoderLogits(mean));
            loss = tf.math.mean(tf.math.square(tf.math.sub(reconstruction, images)), tf.constant(new int[]{0, 1, 2, 3}));
        }
        latentIn = tf.withName("latent_in").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, latent)));
        decoded = tf.math.sigmoid(decoderLogits(latentIn));
    }

    private Operand<TFloat32> decoderLogits(Operand<TFloat32> z) {
        Operand<TFloat32> y = tf.nn.relu(dense(z, "dec_dense", "dec_dense_bias"));
        y = tf.reshape(y, tf.constant(new int[]{-1, 7, 7, 64}));
        y = relu(deconv(y, "dec_deconv1", 14, 64, 2), "dec_bias1");
        y = relu(deconv(y, "dec_deconv2", 28, 32, 2), "dec_bias2");
        return tf.math.add(deconv(y, "dec_deconv3", 28, 1, 1), weights.get("dec_bias3"));
    }

    private Operand<TFloat32> conv(Operand<TFloat32> x, String w, long stride) {
        return tf.nn.conv2d(x, weights.get(w), List.of(1L, stride, stride, 1L), "SAME");
    }

    /** Transposed convolution (conv2d's input gradient) to [batch, side, side, channels]. */
    private Operand<TFloat32> deconv(Operand<TFloat32> x, String w, int side, int channels, long stride) {
        Operand<TInt32> batch = tf.slice(tf.shape(x), tf.constant(new int[]{0}), tf.constant(new int[]{1}));
        Operand<TInt32> outShape = tf.concat(List.of(batch, tf.constant(new int[]{side, side, channels})), tf.constant(0));
        return tf.nn.conv2dBackpropInput(outShape, weights.get(w), x, List.of(1L, stride, stride, 1L), "SAME");
    }

    private Operand<TFloat32> relu(Operand<TFloat32> x, String bias) {
        return tf.nn.relu(tf.math.add(x, weights.get(bias)));
    }

    private Operand<TFloat32> dense(Operand<TFloat32> x, String w, String b) {
        return tf.math.add(tf.linalg.matMul(x, weights.get(w)), weights.get(b));
    }

    /** Glorot-uniform kernels, zero biases. */
    private void weight(Random r, String name, long... shape) {
        int n = (int) Shape.of(shape).size();
        float[] v = new float[n];
        if (shape.length > 1) {
            long receptive = shape.length == 4 ? shape[0] * shape[1] : 1;
            long fanIn = receptive * shape[shape.length - 2], fanOut = receptive * shape[shape.length - 1];
            float lim = (float) Math.sqrt(6.0 / (fanIn + fanOut));
            for (int i = 0; i < n; i++) v[i] = (r.nextFloat() * 2 - 1) * lim;
        }
        weights.put(name, tf.withName(kind.name().toLowerCase() + "_" + name)
                .variable(tf.constant(Shape.of(shape), DataBuffers.of(v, true, false))));
    }

    long parameterCount() {
        return weights.values().stream().mapToLong(w -> w.shape().size()).sum();
    }
}

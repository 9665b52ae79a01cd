package latentlab.app.common;

import latentlab.core.data.Split;
import latentlab.core.explore.Encoding;
import latentlab.core.model.Activation;
import latentlab.core.model.Blas;
import latentlab.core.model.DecoderKind;
import latentlab.core.model.Model;
import latentlab.core.model.ModelConfig;
import latentlab.core.model.ParameterLayout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes and decodes in plain Java over a copy of a model's weights, giving what the model's own
 * ({@code MlpNetwork}) encoder and decoder give. The views use it for small batches: one slider
 * position on the FX thread, the manifold and a live latent map while training runs.
 *
 * <p>Why not ND4J: its products run on a native thread pool that training uses too. A view's small
 * product then waits for worker threads to be scheduled (several milliseconds on a busy machine, for
 * a 0.4 MFLOP decode), and training's products wait behind it. Plain Java runs on the calling thread
 * only and skips the zero inputs of relu layers and of mostly black images, which makes it fast
 * enough for single images. A batch of codes (a 20 x 20 manifold is about 160 million multiply-adds)
 * goes through OpenBLAS directly ({@link Blas}), on the calling thread too while training runs.
 */
public final class JavaCodec {
    private final ModelConfig config;
    private final Dense[] encoder;                                                   // hidden layers, then z_mean (or z)
    private final Dense[] decoder;                                                   // hidden layers, then x_out

    /** One dense layer: a = in W + b, W row-major [in, out] at {@code w} in {@code flat}, b [out] at {@code b}. */
    private record Dense(float[] flat, int w, int b, int out) {
    }

    /** Over a copy of the model's current weights. */
    public JavaCodec(Model model) {
        this(model, null);
    }

    /**
     * Over a copy of the model's current weights, made in {@code reuse} when it holds exactly P values
     * (else in a new array); see {@link CodecWeights}, which keeps that array for a view. No other codec
     * may be built over the same array while this one is in use.
     */
    JavaCodec(Model model, float[] reuse) {
        this.config = model.config();
        ParameterLayout layout = ParameterLayout.of(config);
        INDArray params = model.params().reshape(layout.size());                     // [P]
        float[] flat = reuse != null && reuse.length == layout.size() ? reuse : new float[Math.toIntExact(layout.size())];
        if (params.dataType() == DataType.FLOAT && params.elementWiseStride() == 1) {
            MemorySegment.copy(Blas.segment(params), ValueLayout.JAVA_FLOAT, 0, flat, 0, flat.length);
        } else {
            System.arraycopy(params.toFloatVector(), 0, flat, 0, flat.length);
        }
        List<ParameterLayout.Layer> enc = new ArrayList<>(layout.encoder());
        enc.add(layout.heads().get(0));                                              // z_mean for a VAE, z for an AE
        List<ParameterLayout.Layer> dec = new ArrayList<>(layout.decoder());
        dec.add(layout.outputs().get(0));                                            // x_out: logits or mean
        this.encoder = layers(enc, layout, flat);
        this.decoder = layers(dec, layout, flat);
    }

    public int latent() {
        return config.latent();
    }

    public int inputSize() {
        return config.inputSize();
    }

    /** The image of code {@code z}: D values in [0, 1]. */
    public float[] decode(float[] z) {
        if (z.length != config.latent()) {
            throw new IllegalArgumentException("expected a code of " + config.latent() + " values, found " + z.length);
        }
        float[] g = forward(z, 0, z.length, decoder);
        squash(g);
        return g;
    }

    /** The decoder's outputs to pixel values in [0, 1], in place: sigmoid(x_out), or a linear mean clipped. */
    private void squash(float[] g) {
        if (config.decoder() == DecoderKind.BERNOULLI || config.decoder() == DecoderKind.GAUSSIAN) {
            for (int j = 0; j < g.length; j++) {
                g[j] = sigmoid(g[j]);
            }
        } else {
            for (int j = 0; j < g.length; j++) {
                g[j] = Math.clamp(g[j], 0f, 1f);
            }
        }
    }

    /**
     * 1 / (1 + e^-x) to within 4e-6: linear interpolation in a table of {@value #SIGMOID_PER_UNIT} values
     * per unit over [-{@value #SIGMOID_RANGE}, {@value #SIGMOID_RANGE}] (the error of interpolating is at most
     * max|sigmoid''| h^2 / 8 = 0.097 / 64^2 / 8 = 3e-6, plus float rounding), exact outside it. A 20 x 20 manifold squashes 313,600 values
     * several times a second while training runs; {@code Math.exp} made that a third of its decode.
     */
    static float sigmoid(float x) {
        float t = (x + SIGMOID_RANGE) * SIGMOID_PER_UNIT;
        if (!(t >= 0 && t < SIGMOID_TABLE.length - 1)) {                             // outside the table, or NaN
            return (float) (1 / (1 + Math.exp(-x)));
        }
        int i = (int) t;
        float f = t - i;
        return SIGMOID_TABLE[i] + f * (SIGMOID_TABLE[i + 1] - SIGMOID_TABLE[i]);
    }

    private static final float SIGMOID_RANGE = 16f;
    private static final int SIGMOID_PER_UNIT = 64;
    private static final float[] SIGMOID_TABLE = sigmoidTable();

    private static float[] sigmoidTable() {
        float[] table = new float[(int) (2 * SIGMOID_RANGE * SIGMOID_PER_UNIT) + 1];
        for (int k = 0; k < table.length; k++) {
            double x = -SIGMOID_RANGE + (double) k / SIGMOID_PER_UNIT;
            table[k] = (float) (1 / (1 + Math.exp(-x)));
        }
        return table;
    }

    /**
     * The images of codes {@code z} ([n][L]), one after another: n * D values in [0, 1]. One matrix
     * product per layer, straight into OpenBLAS on the calling thread ({@link Blas}; training keeps the
     * library at one thread, so nothing waits for a pool): for a 20 x 20 manifold of a 784-512-2 model,
     * 160 million multiply-adds, several times faster than the per-code loops.
     */
    public float[] decode(float[][] z) {
        int n = z.length;
        int width = config.latent();
        float[] g = new float[n * width];                                            // [n, L]
        for (int i = 0; i < n; i++) {
            if (z[i].length != width) {
                throw new IllegalArgumentException("expected codes of " + width + " values, found " + z[i].length);
            }
            System.arraycopy(z[i], 0, g, i * width, width);
        }
        for (int k = 0; k < decoder.length; k++) {
            Dense layer = decoder[k];
            int out = layer.out();
            float[] a = new float[n * out];                                          // [n, out]: b in every row, then + g W
            for (int i = 0; i < n; i++) {
                System.arraycopy(layer.flat(), layer.b(), a, i * out, out);
            }
            if (n > 0) {
                Blas.gemm(false, false, n, out, width, 1f, MemorySegment.ofArray(g),
                        MemorySegment.ofArray(layer.flat()).asSlice(4L * layer.w(), 4L * width * out), 1f,
                        MemorySegment.ofArray(a));
            }
            if (k < decoder.length - 1) {
                activate(a, config.activation());                                  // h = act(a)
            }
            g = a;
            width = out;
        }
        squash(g);
        return g;
    }

    /** The code (z_mean, or z for an AE) of each image of a split, with its labels. */
    public Encoding encode(Split split) {
        return encode(split, split.size());
    }

    /** The codes (z_mean, or z for an AE) of a split's first {@code count} images, with their labels. */
    public Encoding encode(Split split, int count) {
        int n = Math.min(count, split.size());
        float[][] mean = new float[n][];
        int d = config.inputSize();
        for (int i = 0; i < n; i++) {
            mean[i] = forward(split.pixels(), i * d, d, encoder);
        }
        return new Encoding(mean, null, Arrays.copyOf(split.labels(), n));
    }

    /** The codes (z_mean, or z for an AE) of n images stored one after another in {@code pixels}. */
    public Encoding encode(float[] pixels, int n) {
        int d = config.inputSize();
        if (pixels.length != (long) n * d) {
            throw new IllegalArgumentException("expected " + n + " images of " + d + " pixels, found "
                    + pixels.length + " values");
        }
        float[][] mean = new float[n][];
        for (int i = 0; i < n; i++) {
            mean[i] = forward(pixels, i * d, d, encoder);
        }
        return new Encoding(mean, null, null);
    }

    /** Dense layers with the activation between them (none after the last), on x[from, from + n). */
    private float[] forward(float[] x, int from, int n, Dense[] layers) {
        float[] g = x;
        for (int k = 0; k < layers.length; k++) {
            g = k == 0 ? dense(x, from, n, layers[0]) : dense(g, 0, g.length, layers[k]); // a = g W + b
            if (k < layers.length - 1) {
                activate(g, config.activation());                                  // h = act(a)
            }
        }
        return g;
    }

    private static float[] dense(float[] in, int from, int n, Dense layer) {
        int out = layer.out();
        float[] w = layer.flat();
        float[] a = Arrays.copyOfRange(w, layer.b(), layer.b() + out);
        for (int i = 0; i < n; i++) {
            float x = in[from + i];
            if (x != 0) {                                                            // black pixels, relu zeros
                int row = layer.w() + i * out;
                for (int j = 0; j < out; j++) {
                    a[j] += x * w[row + j];
                }
            }
        }
        return a;
    }

    private static void activate(float[] a, Activation activation) {
        for (int j = 0; j < a.length; j++) {
            a[j] = switch (activation) {
                case RELU -> Math.max(a[j], 0f);
                case TANH -> (float) Math.tanh(a[j]);
                case SOFTPLUS -> (float) (Math.max(a[j], 0) + Math.log1p(Math.exp(-Math.abs(a[j]))));
                case IDENTITY -> a[j];
            };
        }
    }

    private static Dense[] layers(List<ParameterLayout.Layer> layers, ParameterLayout layout, float[] flat) {
        Dense[] dense = new Dense[layers.size()];
        for (int k = 0; k < dense.length; k++) {
            ParameterLayout.Layer layer = layers.get(k);
            dense[k] = new Dense(flat, Math.toIntExact(layout.slots().get(layer.weight()).offset()), // W [in, out]
                    Math.toIntExact(layout.slots().get(layer.bias()).offset()), layer.out());         // b [out]
        }
        return dense;
    }
}

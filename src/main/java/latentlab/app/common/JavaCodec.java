package latentlab.app.common;

import latentlab.core.data.Split;
import latentlab.core.explore.Encoding;
import latentlab.core.model.Activation;
import latentlab.core.model.DecoderKind;
import latentlab.core.model.Model;
import latentlab.core.model.ModelConfig;
import latentlab.core.model.ParameterLayout;

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
 * enough here (a 20 x 20 manifold is about 160 MFLOP).
 */
public final class JavaCodec {
    private final ModelConfig config;
    private final Dense[] encoder;                                                   // hidden layers, then z_mean (or z)
    private final Dense[] decoder;                                                   // hidden layers, then x_out

    /** One dense layer: a = in W + b, W row-major [in, out]. */
    private record Dense(float[] w, float[] b, int out) {
    }

    public JavaCodec(Model model) {
        this.config = model.config();
        ParameterLayout layout = ParameterLayout.of(config);
        float[] flat = model.params().reshape(layout.size()).toFloatVector();      // [P]
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
        float[] g = forward(z, decoder);
        boolean squashed = config.decoder() == DecoderKind.BERNOULLI || config.decoder() == DecoderKind.GAUSSIAN;
        for (int j = 0; j < g.length; j++) {
            g[j] = squashed ? (float) (1 / (1 + Math.exp(-g[j]))) : Math.clamp(g[j], 0f, 1f);
        }
        return g;
    }

    /** The images of codes {@code z} ([n][L]), one after another: n * D values in [0, 1]. */
    public float[] decode(float[][] z) {
        int d = config.inputSize();
        float[] out = new float[z.length * d];
        for (int i = 0; i < z.length; i++) {
            System.arraycopy(decode(z[i]), 0, out, i * d, d);
        }
        return out;
    }

    /** The code (z_mean, or z for an AE) of each image of a split, with its labels. */
    public Encoding encode(Split split) {
        Encoding e = encode(split.pixels(), split.size());
        return new Encoding(e.mean(), null, split.labels().clone());
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
            mean[i] = forward(Arrays.copyOfRange(pixels, i * d, (i + 1) * d), encoder);
        }
        return new Encoding(mean, null, null);
    }

    /** Dense layers with the activation between them (none after the last). */
    private float[] forward(float[] x, Dense[] layers) {
        float[] g = x;
        for (int k = 0; k < layers.length; k++) {
            g = dense(g, layers[k]);                                                 // a = g W + b
            if (k < layers.length - 1) {
                activate(g, config.activation());                                  // h = act(a)
            }
        }
        return g;
    }

    private static float[] dense(float[] in, Dense layer) {
        float[] a = layer.b().clone();
        float[] w = layer.w();
        int out = layer.out();
        for (int i = 0; i < in.length; i++) {
            float x = in[i];
            if (x != 0) {                                                            // black pixels, relu zeros
                int row = i * out;
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
            dense[k] = new Dense(slice(flat, layout.slots().get(layer.weight())),  // W [in, out]
                    slice(flat, layout.slots().get(layer.bias())), layer.out());   // b [out]
        }
        return dense;
    }

    private static float[] slice(float[] flat, ParameterLayout.Slot slot) {
        int from = Math.toIntExact(slot.offset());
        return Arrays.copyOfRange(flat, from, from + Math.toIntExact(slot.length()));
    }
}

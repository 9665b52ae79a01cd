package latentlab.core.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The same AE and VAE as {@link MlpNetwork}, written plainly as a SameDiff graph and differentiated
 * by SameDiff's automatic differentiation. It is the oracle the hand-written fast path is compared
 * against, and a baseline for its speed; it is not used for training.
 *
 * <p>The graph follows Kingma and Welling (2013) and the conventions of {@link ParameterLayout}: dense
 * layer {@code name} computes {@code h W + b} with variables {@code name.W} [in, out] and
 * {@code name.b} [out]. With B the batch size, D the number of pixels, L the latent size:
 * <pre>
 *   encoder   h_i = act(h_{i-1} W + b), h_0 = x                      x: [B, D]
 *   VAE heads z_mean, z_log_var = dense(h_k)                           [B, L] each
 *             z = z_mean + exp(0.5 * z_log_var) * eps, eps ~ N(0, I)   eps: [B, L]
 *   AE head   z = dense(h_k)                                           [B, L]
 *   decoder   g_j = act(g_{j-1} W + b), g_0 = z
 *   outputs   x_out = dense(g_k) (logits or Gaussian mean), x_log_var = dense(g_k) (GAUSSIAN only)
 * </pre>
 * Per image, -log p(x|z) is
 * <ul>
 *   <li>BERNOULLI: sum_d relu(l) - l x + log1p(exp(-|l|)), binary cross-entropy with logits written
 *       from elementwise ops (SameDiff's {@code sigmoidCrossEntropy} back-propagates a wrong
 *       gradient when further ops follow it, see the field notes);</li>
 *   <li>GAUSSIAN: sum_d 0.5 (log 2 pi + s + (x - m)^2 exp(-s)) with m = sigmoid(x_out), s = x_log_var;</li>
 *   <li>GAUSSIAN_UNIT: sum_d 0.5 (log 2 pi + (x - m)^2);</li>
 * </ul>
 * and KL(q(z|x) || N(0, I)) = -0.5 sum_j (1 + z_log_var - z_mean^2 - exp(z_log_var)). The objective is
 * {@code mean_b(recon) + beta * mean_b(kl)} for the VAE and {@code mean_b(recon)} for the AE. The graph
 * exposes the scalars {@code objective}, {@code recon} and {@code kl} (the last a constant 0 for an AE).
 *
 * <p>Not thread-safe: SameDiff graphs are not.
 */
public final class SameDiffReference {
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
    private static final String GRADIENT_CHATTER = "Added differentiated op";

    /** Name of the scalar training objective, the graph's loss variable. */
    public static final String OBJECTIVE = "objective";
    /** Name of the scalar batch mean of -log p(x|z). */
    public static final String RECON = "recon";
    /** Name of the scalar batch mean of the KL term (0 for an AE). */
    public static final String KL = "kl";

    /**
     * One batch's loss and gradient.
     *
     * @param objective mean_b(recon) + beta * mean_b(kl), what the gradient is of
     * @param recon     batch mean of -log p(x|z)
     * @param kl        batch mean of KL(q(z|x) || N(0, I)); 0 for an AE
     * @param gradient  d(objective)/d(params), a fresh flat [P] array in {@link ParameterLayout} order
     */
    public record Result(double objective, double recon, double kl, INDArray gradient) {
    }

    private final ModelConfig config;
    private final ParameterLayout layout;
    private final DataType dtype;
    private final SameDiff sd;

    /**
     * Builds the graph. The variables start at {@link MlpNetwork#initialParams(ModelConfig, DataType)};
     * call {@link #setParams(INDArray)} to use other values.
     *
     * @param config the architecture, including beta for a VAE
     * @param dtype  FLOAT or DOUBLE; placeholders, variables and outputs all use it
     */
    public SameDiffReference(ModelConfig config, DataType dtype) {
        this.config = config;
        this.layout = ParameterLayout.of(config);
        this.dtype = dtype;
        this.sd = SameDiff.create();
        int d = config.inputSize();
        int l = config.latent();

        // parameters, one SameDiff variable per slot, same names and shapes as the flat layout
        for (ParameterLayout.Slot slot : layout.slots().values()) {
            sd.var(slot.name(), Nd4j.zeros(dtype, slot.shape()));               // [in, out] or [out]
        }
        setParams(MlpNetwork.initialParams(config, dtype));

        SDVariable x = sd.placeHolder("x", dtype, -1, d);                       // [B, D]

        // encoder
        SDVariable h = x;                                                       // [B, D]
        for (ParameterLayout.Layer layer : layout.encoder()) {
            h = activation(dense(h, layer));                                    // [B, H_i]
        }

        // latent code, and the KL term of a VAE
        SDVariable z;                                                           // [B, L]
        SDVariable klPerImage = null;                                           // [B]
        if (config.kind() == ModelKind.VAE) {
            SDVariable eps = sd.placeHolder("eps", dtype, -1, l);               // [B, L]
            SDVariable zMean = dense(h, layout.heads().get(0)).rename("z_mean");        // [B, L]
            SDVariable zLogVar = dense(h, layout.heads().get(1)).rename("z_log_var");   // [B, L]
            SDVariable sigma = sd.math.exp(zLogVar.mul(0.5));                   // exp(z_log_var / 2) [B, L]
            z = zMean.add("z", sigma.mul(eps));                                 // z_mean + sigma * eps [B, L]
            SDVariable klTerms = zLogVar.add(1.0)                               // 1 + z_log_var [B, L]
                    .sub(sd.math.square(zMean))                                 // - z_mean^2 [B, L]
                    .sub(sd.math.exp(zLogVar));                                 // - exp(z_log_var) [B, L]
            klPerImage = sd.sum(klTerms, 1).mul(-0.5);                          // [B]
        } else {
            z = dense(h, layout.heads().get(0)).rename("z");                    // [B, L]
        }

        // decoder, mirrored
        SDVariable g = z;                                                       // [B, L]
        for (ParameterLayout.Layer layer : layout.decoder()) {
            g = activation(dense(g, layer));                                    // [B, H_j]
        }
        SDVariable xOut = dense(g, layout.outputs().get(0)).rename("x_out");    // logits or mean [B, D]

        // -log p(x|z) per pixel
        SDVariable nll;                                                         // [B, D]
        switch (config.decoder()) {
            case BERNOULLI -> {
                SDVariable logits = xOut;                                       // [B, D]
                SDVariable softplusOfMinusAbs =
                        sd.math.log1p(sd.math.exp(sd.math.abs(logits).neg()));  // log1p(exp(-|l|)) [B, D]
                nll = sd.nn.relu(logits, 0.0)                                   // relu(l) [B, D]
                        .sub(logits.mul(x))                                     // - l * x [B, D]
                        .add(softplusOfMinusAbs);                               // [B, D]
            }
            case GAUSSIAN -> {
                SDVariable xLogVar = dense(g, layout.outputs().get(1)).rename("x_log_var"); // s [B, D]
                SDVariable mean = sd.nn.sigmoid(xOut);                          // m = sigmoid(x_out) [B, D]
                SDVariable sqErr = sd.math.square(x.sub(mean));                 // (x - m)^2 [B, D]
                nll = sqErr.mul(sd.math.exp(xLogVar.neg()))                     // (x - m)^2 exp(-s) [B, D]
                        .add(xLogVar)                                           // + s [B, D]
                        .mul(0.5)                                               // [B, D]
                        .add(HALF_LOG_TWO_PI);                                  // + log(2 pi) / 2 [B, D]
            }
            case GAUSSIAN_UNIT -> {
                SDVariable sqErr = sd.math.square(x.sub(xOut));                 // (x - m)^2 [B, D]
                nll = sqErr.mul(0.5).add(HALF_LOG_TWO_PI);                      // [B, D]
            }
            default -> throw new IllegalStateException("unknown decoder " + config.decoder());
        }
        SDVariable reconPerImage = sd.sum(nll, 1);                              // [B]

        // batch means and the objective
        SDVariable recon = sd.mean(RECON, reconPerImage, 0);                    // []
        SDVariable objective;                                                   // []
        if (klPerImage != null) {
            SDVariable kl = sd.mean(KL, klPerImage, 0);                         // []
            objective = recon.add(OBJECTIVE, kl.mul(config.beta()));            // recon + beta * kl []
        } else {
            sd.constant(KL, dtype, 0);                                          // [] an AE has no KL term
            objective = sd.identity(OBJECTIVE, recon);                          // []
        }
        sd.setLossVariables(objective);
        buildGradientsQuietly();
    }

    public ModelConfig config() {
        return config;
    }

    public ParameterLayout layout() {
        return layout;
    }

    public DataType dataType() {
        return dtype;
    }

    /** The underlying graph, for benchmarks and inspection. */
    public SameDiff sameDiff() {
        return sd;
    }

    /**
     * Copies a flat parameter vector [P] (in {@link ParameterLayout} order, any floating type) into
     * the graph's variables. Later changes to {@code flat} are not seen.
     */
    public void setParams(INDArray flat) {
        Map<String, INDArray> views = layout.views(flat);
        for (Map.Entry<String, INDArray> e : views.entrySet()) {
            INDArray target = sd.getVariable(e.getKey()).getArr();
            target.assign(e.getValue().castTo(dtype));
        }
    }

    /**
     * Runs the graph forward and backward once.
     *
     * @param x   [B, D] the batch
     * @param eps [B, L] standard normal noise for a VAE; ignored (may be null) for an AE
     * @return the batch losses and the gradient of the objective, flattened in layout order
     */
    public Result lossAndGradient(INDArray x, INDArray eps) {
        Map<String, INDArray> placeholders = new HashMap<>();
        placeholders.put("x", x.castTo(dtype));
        if (config.kind() == ModelKind.VAE) {
            if (eps == null || eps.rows() != x.rows() || eps.columns() != config.latent()) {
                throw new IllegalArgumentException("a VAE needs eps of shape [" + x.rows() + ", " + config.latent() + "]");
            }
            placeholders.put("eps", eps.castTo(dtype));
        }
        List<String> outputs = config.kind() == ModelKind.VAE ? List.of(OBJECTIVE, RECON, KL) : List.of(OBJECTIVE, RECON);
        List<String> params = new ArrayList<>(layout.slots().keySet());
        OutAndGrad result = sd.calculateGradientsAndOutputs(placeholders, outputs, params);

        INDArray flat = Nd4j.create(dtype, layout.size());                      // [P]
        Map<String, INDArray> gradViews = layout.views(flat);
        for (String name : params) {
            INDArray g = result.getGradients().get(name);
            if (g == null) {
                throw new IllegalStateException("SameDiff returned no gradient for " + name);
            }
            gradViews.get(name).assign(g.reshape(gradViews.get(name).shape()));
        }
        Map<String, INDArray> out = result.getOutputs();
        double kl = config.kind() == ModelKind.VAE ? out.get(KL).getDouble(0) : 0.0;
        return new Result(out.get(OBJECTIVE).getDouble(0), out.get(RECON).getDouble(0), kl, flat);
    }

    /** in W + b for one layer. */
    private SDVariable dense(SDVariable in, ParameterLayout.Layer layer) {
        SDVariable w = sd.getVariable(layer.weight());                          // [in, out]
        SDVariable b = sd.getVariable(layer.bias());                            // [out]
        return in.mmul(w).add(b);                                               // [B, out]
    }

    /** The hidden-layer non-linearity, elementwise: [B, H] to [B, H]. */
    private SDVariable activation(SDVariable a) {
        return switch (config.activation()) {
            case RELU -> sd.nn.relu(a, 0.0);                                    // [B, H]
            case TANH -> sd.nn.tanh(a);                                         // [B, H]
            case SOFTPLUS -> sd.nn.softplus(a);                                 // [B, H]
            case IDENTITY -> a;                                                 // [B, H]
        };
    }

    /**
     * Builds the backward graph now. SameDiff 1.0.0-M2.1 prints one "Added differentiated op" line per
     * op with {@code System.out.println}; those lines are dropped here and any other output passes
     * through. (System.out is process-wide, so this briefly swaps it for a filter.)
     */
    private void buildGradientsQuietly() {
        PrintStream original = System.out;
        Charset charset = original.charset();
        PrintStream filtered = new PrintStream(new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                line.write(b);
                if (b == '\n') {
                    passOn();
                }
            }

            @Override
            public synchronized void flush() {
                passOn();
                original.flush();
            }

            private void passOn() {
                String s = line.toString(charset);
                line.reset();
                if (!s.startsWith(GRADIENT_CHATTER)) {
                    original.print(s);
                }
            }
        }, true, charset);
        System.setOut(filtered);
        try {
            sd.createGradFunction();
        } finally {
            filtered.flush();
            System.setOut(original);
        }
    }
}

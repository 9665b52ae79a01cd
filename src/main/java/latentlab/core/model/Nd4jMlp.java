package latentlab.core.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The AE and VAE as hand-derived forward and backward passes written with ND4J array operations, for
 * any floating type: the path {@link MlpNetwork} takes for DOUBLE parameters (gradient checks by
 * finite differences), and a second, plainly written implementation that the float fast path
 * ({@link FloatMlp}) is tested against. Every array it touches per batch is allocated once per batch
 * size and reused, and the gradient lands in one flat buffer with the same {@link ParameterLayout} as
 * the parameters.
 *
 * <p>Notation (Kingma and Welling 2013): x [B, D] input, h hidden activations, z_mean and z_log_var
 * [B, L] the encoder's q(z|x), eps ~ N(0, I) [B, L], z = z_mean + sigma * eps with
 * sigma = exp(z_log_var / 2), and the decoder's output [B, D] (logits or Gaussian mean).
 *
 * <p>Not thread-safe: give each thread its own instance (they may share the parameter array for
 * reading).
 */
final class Nd4jMlp {
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private final ModelConfig config;
    private final ParameterLayout layout;
    private final INDArray params;
    private final Map<String, INDArray> w;
    private final Map<Long, Workspace> workspaces = new HashMap<>();

    /**
     * @param config the architecture
     * @param params the flat parameter vector [P], FLOAT for training or DOUBLE for gradient checks
     */
    Nd4jMlp(ModelConfig config, INDArray params) {
        this.config = config;
        this.layout = ParameterLayout.of(config);
        this.params = params;
        this.w = layout.views(params);
    }

    // ------------------------------------------------------------------------------------------
    // Training: loss and gradient in one pass
    // ------------------------------------------------------------------------------------------

    /**
     * Computes the batch loss and writes d(objective)/d(params) into {@code gradient}.
     *
     * @param x        [B, D] the batch
     * @param eps      [B, L] standard normal noise for the reparameterisation (ignored by an AE, may be null)
     * @param beta     the KL weight of the objective reconstruction + beta * KL
     * @param gradient [P] receives the gradient of the batch-mean objective, same layout as the parameters
     */
    LossBreakdown lossAndGradient(INDArray x, INDArray eps, double beta, INDArray gradient) {
        Workspace ws = workspace(x.rows());
        forward(ws, x, eps);
        LossBreakdown loss = loss(ws, x, beta);
        backward(ws, x, beta, layout.views(gradient));
        return loss;
    }

    /** The batch loss alone (a forward pass), with the same noise convention as training. */
    LossBreakdown loss(INDArray x, INDArray eps, double beta) {
        Workspace ws = workspace(x.rows());
        forward(ws, x, eps);
        return loss(ws, x, beta);
    }

    /**
     * Per-image -log p(x|z) and KL for a batch, [B] each, copied out. Used by evaluation and by the
     * importance-sampled likelihood.
     */
    INDArray[] perImageTerms(INDArray x, INDArray eps) {
        Workspace ws = workspace(x.rows());
        forward(ws, x, eps);
        computePerImage(ws, x);
        return new INDArray[]{ws.reconPerImage.dup(), ws.klPerImage.dup()};
    }

    // ------------------------------------------------------------------------------------------
    // Inference
    // ------------------------------------------------------------------------------------------

    /**
     * Encodes a batch. Returns {z_mean, z_log_var} for a VAE ([B, L] each, fresh arrays), and {z, null}
     * for an AE.
     */
    INDArray[] encode(INDArray x) {
        Workspace ws = workspace(x.rows());
        INDArray h = encoderHidden(ws, x);
        if (config.kind() == ModelKind.VAE) {
            dense(h, "z_mean", ws.zMean);
            dense(h, "z_log_var", ws.zLogVar);
            return new INDArray[]{ws.zMean.dup(), ws.zLogVar.dup()};
        }
        dense(h, "z", ws.z);
        return new INDArray[]{ws.z.dup(), null};
    }

    /**
     * Decodes a batch of codes [B, L] to images [B, D] in [0, 1]: the Bernoulli mean sigmoid(logits),
     * the Gaussian mean sigmoid(x_out), or the unit-variance Gaussian's linear mean clipped to [0, 1]
     * for display. Returns a fresh array.
     */
    INDArray decode(INDArray z) {
        Workspace ws = workspace(z.rows());
        decoderOutput(ws, z);
        INDArray out = ws.out.dup();
        if (config.decoder() == DecoderKind.BERNOULLI || config.decoder() == DecoderKind.GAUSSIAN) {
            Transforms.sigmoid(out, false);
        } else {
            Transforms.min(Transforms.max(out, 0.0, false), 1.0, false);
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------
    // Forward pass
    // ------------------------------------------------------------------------------------------

    private void forward(Workspace ws, INDArray x, INDArray eps) {
        checkInput(x);
        INDArray h = encoderHidden(ws, x);
        if (config.kind() == ModelKind.VAE) {
            if (eps == null || eps.rows() != x.rows() || eps.columns() != config.latent()) {
                throw new IllegalArgumentException("a VAE needs eps of shape [" + x.rows() + ", " + config.latent() + "]");
            }
            dense(h, "z_mean", ws.zMean);                                          // [B, L]
            dense(h, "z_log_var", ws.zLogVar);                                     // [B, L]
            Transforms.exp(ws.sigma.assign(ws.zLogVar).muli(0.5), false);           // sigma = exp(z_log_var/2) [B, L]
            ws.eps.assign(eps);                                                    // [B, L]
            ws.z.assign(ws.sigma).muli(ws.eps).addi(ws.zMean);                     // z = mu + sigma * eps [B, L]
        } else {
            dense(h, "z", ws.z);                                                   // [B, L]
        }
        decoderOutput(ws, ws.z);
    }

    private INDArray encoderHidden(Workspace ws, INDArray x) {
        INDArray h = x;                                                            // [B, D]
        List<ParameterLayout.Layer> enc = layout.encoder();
        for (int i = 0; i < enc.size(); i++) {
            dense(h, enc.get(i).name(), ws.encPre[i]);                             // a_i [B, H_i]
            activate(ws.encPre[i], ws.encH[i]);                                    // h_i [B, H_i]
            h = ws.encH[i];
        }
        return h;
    }

    private void decoderOutput(Workspace ws, INDArray z) {
        INDArray g = z;                                                            // [B, L]
        List<ParameterLayout.Layer> dec = layout.decoder();
        for (int i = 0; i < dec.size(); i++) {
            dense(g, dec.get(i).name(), ws.decPre[i]);                             // [B, H]
            activate(ws.decPre[i], ws.decH[i]);                                    // [B, H]
            g = ws.decH[i];
        }
        dense(g, "x_out", ws.out);                                                 // logits or mean [B, D]
        if (config.decoder() == DecoderKind.GAUSSIAN) {
            // the paper's Frey Face decoder: means kept in (0, 1) by a sigmoid
            Transforms.sigmoid(ws.xMean.assign(ws.out), false);                    // m = sigmoid(x_out) [B, D]
            dense(g, "x_log_var", ws.outLogVar);                                   // log sigma_x^2 [B, D]
        }
    }

    /** out = in W + b, one gemm and one broadcast add. */
    private void dense(INDArray in, String layer, INDArray out) {
        Nd4j.gemm(in, w.get(layer + ".W"), out, false, false, 1.0, 0.0);
        out.addiRowVector(w.get(layer + ".b"));
    }

    private void activate(INDArray a, INDArray h) {
        switch (config.activation()) {
            case RELU -> Transforms.relu(h.assign(a), false);
            case TANH -> Transforms.tanh(h.assign(a), false);
            case SOFTPLUS -> Transforms.softPlus(h.assign(a), false);
            case IDENTITY -> h.assign(a);
        }
    }

    /** dA = dH * act'(a), written over dH. */
    private void activateBackward(INDArray a, INDArray h, INDArray dH) {
        switch (config.activation()) {
            case RELU -> Nd4j.exec(new RectifiedLinearDerivative(a, dH, dH));
            case TANH -> dH.muli(h.mul(h).rsubi(1.0));                             // 1 - tanh^2
            case SOFTPLUS -> dH.muli(Transforms.sigmoid(a, true));                // softplus' = sigmoid
            case IDENTITY -> { }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Loss
    // ------------------------------------------------------------------------------------------

    private LossBreakdown loss(Workspace ws, INDArray x, double beta) {
        computePerImage(ws, x);
        double recon = ws.reconPerImage.meanNumber().doubleValue();
        double kl = config.kind() == ModelKind.VAE ? ws.klPerImage.meanNumber().doubleValue() : 0.0;
        return new LossBreakdown(recon, kl, config.kind() == ModelKind.VAE ? beta : 0.0);
    }

    /** Fills reconPerImage [B] with -log p(x|z) and klPerImage [B] with the closed-form KL. */
    private void computePerImage(Workspace ws, INDArray x) {
        INDArray t = ws.tmpBD;                                                     // [B, D]
        switch (config.decoder()) {
            case BERNOULLI -> {
                // -log p(x|z) = relu(l) - l*x + log1p(exp(-|l|)), stable binary cross-entropy with logits
                INDArray l = ws.out;
                Transforms.log1p(Transforms.exp(Transforms.abs(t.assign(l), false).negi(), false), false);
                t.addi(Transforms.relu(ws.tmpBD2.assign(l), false)).subi(ws.tmpBD2.assign(l).muli(x));
            }
            case GAUSSIAN -> {
                // 0.5 * (log 2pi + s + (x - m)^2 exp(-s)), s = log sigma_x^2
                INDArray s = ws.outLogVar;
                Transforms.exp(ws.tmpBD2.assign(s).negi(), false);                 // exp(-s)
                t.assign(x).subi(ws.xMean);                                        // x - m
                t.muli(t).muli(ws.tmpBD2).addi(s).muli(0.5).addi(HALF_LOG_TWO_PI);
            }
            case GAUSSIAN_UNIT -> {
                t.assign(x).subi(ws.out);
                t.muli(t).muli(0.5).addi(HALF_LOG_TWO_PI);
            }
        }
        t.sum(ws.reconPerImage, 1);
        if (config.kind() == ModelKind.VAE) {
            // KL(q || N(0, I)) = -1/2 sum_j (1 + log sigma_j^2 - mu_j^2 - sigma_j^2)   (Appendix B)
            INDArray k = ws.tmpBL;
            k.assign(ws.sigma).muli(ws.sigma).addi(ws.zMean.mul(ws.zMean)).subi(ws.zLogVar).subi(1.0).muli(0.5);
            k.sum(ws.klPerImage, 1);
        } else {
            ws.klPerImage.assign(0.0);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Backward pass
    // ------------------------------------------------------------------------------------------

    private void backward(Workspace ws, INDArray x, double beta, Map<String, INDArray> grad) {
        double invB = 1.0 / x.rows();
        INDArray dOut = ws.dOut;                                                   // d/d(x_out) [B, D]
        switch (config.decoder()) {
            case BERNOULLI -> Transforms.sigmoid(dOut.assign(ws.out), false).subi(x).muli(invB);
            case GAUSSIAN -> {
                INDArray invVar = Transforms.exp(ws.tmpBD2.assign(ws.outLogVar).negi(), false); // [B, D]
                // d/dm = (m - x) / sigma^2 / B, then through the sigmoid: * m (1 - m)
                dOut.assign(ws.xMean).subi(x).muli(invVar).muli(invB)
                        .muli(ws.tmpBD.assign(ws.xMean).rsubi(1.0).muli(ws.xMean));
                INDArray dLogVar = ws.dOutLogVar;                                  // 0.5 (1 - (x-m)^2/sigma^2) / B
                dLogVar.assign(x).subi(ws.xMean);
                dLogVar.muli(dLogVar).muli(invVar).rsubi(1.0).muli(0.5 * invB);
            }
            case GAUSSIAN_UNIT -> dOut.assign(ws.out).subi(x).muli(invB);
        }

        // decoder, from the output back to z
        List<ParameterLayout.Layer> dec = layout.decoder();
        INDArray gLast = dec.isEmpty() ? ws.z : ws.decH[dec.size() - 1];
        INDArray dG = dec.isEmpty() ? ws.dZ : ws.dDecH[dec.size() - 1];
        denseBackward(gLast, "x_out", dOut, grad, dG, false);
        if (config.decoder() == DecoderKind.GAUSSIAN) {
            denseBackward(gLast, "x_log_var", ws.dOutLogVar, grad, dG, true);
        }
        for (int i = dec.size() - 1; i >= 0; i--) {
            activateBackward(ws.decPre[i], ws.decH[i], ws.dDecH[i]);               // dA_i [B, H]
            INDArray below = i == 0 ? ws.z : ws.decH[i - 1];
            INDArray dBelow = i == 0 ? ws.dZ : ws.dDecH[i - 1];
            denseBackward(below, dec.get(i).name(), ws.dDecH[i], grad, dBelow, false);
        }

        // latent heads
        List<ParameterLayout.Layer> enc = layout.encoder();
        INDArray hLast = enc.isEmpty() ? x : ws.encH[enc.size() - 1];
        INDArray dH = enc.isEmpty() ? null : ws.dEncH[enc.size() - 1];
        if (config.kind() == ModelKind.VAE) {
            // d/d z_mean = dz + beta * mu / B
            ws.dZMean.assign(ws.zMean).muli(beta * invB).addi(ws.dZ);
            // d/d z_log_var = dz * eps * sigma / 2 + beta * (sigma^2 - 1) / (2B)
            ws.dZLogVar.assign(ws.sigma).muli(ws.sigma).subi(1.0).muli(0.5 * beta * invB)
                    .addi(ws.tmpBL.assign(ws.dZ).muli(ws.eps).muli(ws.sigma).muli(0.5));
            denseBackward(hLast, "z_mean", ws.dZMean, grad, dH, false);
            denseBackward(hLast, "z_log_var", ws.dZLogVar, grad, dH, true);
        } else {
            denseBackward(hLast, "z", ws.dZ, grad, dH, false);
        }

        // encoder, back to the first layer (the input gets no gradient)
        for (int i = enc.size() - 1; i >= 0; i--) {
            activateBackward(ws.encPre[i], ws.encH[i], ws.dEncH[i]);
            INDArray below = i == 0 ? x : ws.encH[i - 1];
            INDArray dBelow = i == 0 ? null : ws.dEncH[i - 1];
            denseBackward(below, enc.get(i).name(), ws.dEncH[i], grad, dBelow, false);
        }
    }

    /**
     * For out = in W + b with upstream dOut: dW = in^T dOut, db = sum_rows dOut, and
     * dIn (+)= dOut W^T when dIn is not null.
     */
    private void denseBackward(INDArray in, String layer, INDArray dOut, Map<String, INDArray> grad,
                               INDArray dIn, boolean accumulate) {
        Nd4j.gemm(in, dOut, grad.get(layer + ".W"), true, false, 1.0, 0.0);
        dOut.sum(grad.get(layer + ".b"), 0);
        if (dIn != null) {
            Nd4j.gemm(dOut, w.get(layer + ".W"), dIn, false, true, 1.0, accumulate ? 1.0 : 0.0);
        }
    }

    private void checkInput(INDArray x) {
        if (x.rank() != 2 || x.columns() != config.inputSize()) {
            throw new IllegalArgumentException("expected input of shape [batch, " + config.inputSize() + "] ("
                    + config.shape() + " images), found " + java.util.Arrays.toString(x.shape()));
        }
    }

    private Workspace workspace(long batch) {
        return workspaces.computeIfAbsent(batch, b -> new Workspace(b, params.dataType()));
    }

    /** Every activation and gradient buffer for one batch size, allocated once. */
    private final class Workspace {
        final INDArray[] encPre;
        final INDArray[] encH;
        final INDArray[] dEncH;
        final INDArray[] decPre;
        final INDArray[] decH;
        final INDArray[] dDecH;
        final INDArray zMean;
        final INDArray zLogVar;
        final INDArray sigma;
        final INDArray eps;
        final INDArray z;
        final INDArray dZ;
        final INDArray dZMean;
        final INDArray dZLogVar;
        final INDArray out;
        final INDArray outLogVar;
        final INDArray xMean;
        final INDArray dOut;
        final INDArray dOutLogVar;
        final INDArray tmpBD;
        final INDArray tmpBD2;
        final INDArray tmpBL;
        final INDArray reconPerImage;
        final INDArray klPerImage;

        Workspace(long b, DataType dt) {
            List<ParameterLayout.Layer> enc = layout.encoder();
            List<ParameterLayout.Layer> dec = layout.decoder();
            encPre = new INDArray[enc.size()];
            encH = new INDArray[enc.size()];
            dEncH = new INDArray[enc.size()];
            for (int i = 0; i < enc.size(); i++) {
                encPre[i] = Nd4j.create(dt, b, enc.get(i).out());
                encH[i] = Nd4j.create(dt, b, enc.get(i).out());
                dEncH[i] = Nd4j.create(dt, b, enc.get(i).out());
            }
            decPre = new INDArray[dec.size()];
            decH = new INDArray[dec.size()];
            dDecH = new INDArray[dec.size()];
            for (int i = 0; i < dec.size(); i++) {
                decPre[i] = Nd4j.create(dt, b, dec.get(i).out());
                decH[i] = Nd4j.create(dt, b, dec.get(i).out());
                dDecH[i] = Nd4j.create(dt, b, dec.get(i).out());
            }
            int l = config.latent();
            int d = config.inputSize();
            zMean = Nd4j.create(dt, b, l);
            zLogVar = Nd4j.create(dt, b, l);
            sigma = Nd4j.create(dt, b, l);
            eps = Nd4j.create(dt, b, l);
            z = Nd4j.create(dt, b, l);
            dZ = Nd4j.create(dt, b, l);
            dZMean = Nd4j.create(dt, b, l);
            dZLogVar = Nd4j.create(dt, b, l);
            tmpBL = Nd4j.create(dt, b, l);
            out = Nd4j.create(dt, b, d);
            outLogVar = Nd4j.create(dt, b, d);
            xMean = Nd4j.create(dt, b, d);
            dOut = Nd4j.create(dt, b, d);
            dOutLogVar = Nd4j.create(dt, b, d);
            tmpBD = Nd4j.create(dt, b, d);
            tmpBD2 = Nd4j.create(dt, b, d);
            reconPerImage = Nd4j.create(dt, b);
            klPerImage = Nd4j.create(dt, b);
        }
    }
}

package latentlab.core.model;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The float fast path of {@link MlpNetwork}: the AE and VAE forward and backward passes with every
 * matrix product one direct BLAS call ({@link Blas}) and all elementwise work done in loops over Java
 * arrays, fused per layer, that the JIT compiles to SIMD code. It computes exactly what
 * {@link Nd4jMlp} and the SameDiff oracle ({@link SameDiffReference}) compute; the tests hold the three
 * together.
 *
 * <p>Notation as in {@link MlpNetwork}: x [B, D], hidden layers h = act(a) with a = in W + b, z_mean
 * and z_log_var [B, L], sigma = exp(z_log_var / 2), z = z_mean + sigma * eps, and the decoder output
 * [B, D] (logits, or the Gaussian mean before its sigmoid). Arrays are row-major {@code float[]}; a
 * [B, n] matrix holds row b at {@code [b * n, (b + 1) * n)}.
 *
 * <p>The weights are read in place from one flat parameter segment in {@link ParameterLayout} order
 * (an ND4J array's native memory, or a Java array); gradients are written the same way. Buffers are
 * allocated once per batch size. Not thread-safe: give each thread its own instance (instances may
 * share the parameters for reading).
 *
 * <p>Where the time goes, and what is done about it (784-512-2 VAE, batch 100): the five large
 * products are about 80 % of a step. The first layer's two skip the pixels that are blank in every
 * image of the batch ({@link ActiveInputs}); thin products, such as the heads of a 2-D latent space,
 * are matrix-vector products (several times cheaper than sgemm at that shape). Given threads
 * ({@link Parallel}), large products are split by blocks of columns, a layer's weight and input
 * gradients run side by side, and the output layer's elementwise work is split by rows; the results
 * agree with one thread's to float rounding.
 */
public final class FloatMlp {
    private static final float HALF_LOG_TWO_PI = (float) (0.5 * Math.log(2 * Math.PI));
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;
    /** Products of at least this many multiply-adds are split over the threads; smaller ones are not worth it. */
    static final long SPLIT_MULTIPLY_ADDS = 2_000_000;
    /** Elementwise work over at least this many pixels of a batch is split over the threads. */
    private static final int SPLIT_PIXELS = 32_768;
    /** Products with at most this many columns are computed column by column with sgemv. */
    private static final int THIN = 4;
    /** Column blocks start at multiples of this, so that every thread's block suits the BLAS kernels. */
    private static final int COLUMN_ALIGNMENT = 16;

    /** One dense layer a = in W + b: sizes, and where W [in, out] and b [out] start in the flat vector. */
    private record Dense(int in, int out, long weight, long bias) {
    }

    private final ModelConfig config;
    private final MemorySegment params;
    private final Dense[] encoder;
    private final Dense[] heads;                                                // z_mean, z_log_var (VAE) or z (AE)
    private final Dense[] decoder;
    private final Dense[] outputs;                                              // x_out, and x_log_var (GAUSSIAN)
    private final Map<Integer, Workspace> workspaces = new HashMap<>();
    private volatile Workspace lastWorkspace;
    private final Parallel parallel;
    private final boolean recycled;                                             // buffers from FloatArrays, given back

    /**
     * @param config the architecture
     * @param params the flat parameter vector, [P] floats in {@link ParameterLayout} order; read, never written
     */
    public FloatMlp(ModelConfig config, MemorySegment params) {
        this(config, params, Parallel.SERIAL);
    }

    /**
     * @param parallel threads to share the large products and the output layer's elementwise work
     *                 with; every product on them is a one-threaded BLAS call
     */
    public FloatMlp(ModelConfig config, MemorySegment params, Parallel parallel) {
        this(config, params, parallel, false);
    }

    /**
     * @param recycled whether the buffers are taken from {@link FloatArrays} and given back by
     *                 {@link #release}: for a training run's networks, which release them when the run ends
     *                 (a network that is never released would only keep them from the next run)
     */
    public FloatMlp(ModelConfig config, MemorySegment params, Parallel parallel, boolean recycled) {
        ParameterLayout layout = ParameterLayout.of(config);
        if (params.byteSize() != 4 * layout.size()) {
            throw new IllegalArgumentException("expected " + layout.size() + " parameters, found " + params.byteSize() / 4);
        }
        this.config = config;
        this.params = params;
        this.parallel = parallel;
        this.recycled = recycled;
        this.encoder = dense(layout, layout.encoder());
        this.heads = dense(layout, layout.heads());
        this.decoder = dense(layout, layout.decoder());
        this.outputs = dense(layout, layout.outputs());
    }

    private static Dense[] dense(ParameterLayout layout, List<ParameterLayout.Layer> layers) {
        return layers.stream().map(l -> new Dense(l.in(), l.out(), layout.slots().get(l.weight()).offset(),
                layout.slots().get(l.bias()).offset())).toArray(Dense[]::new);
    }

    public ModelConfig config() {
        return config;
    }

    // ------------------------------------------------------------------------------------------
    // Training and evaluation
    // ------------------------------------------------------------------------------------------

    /**
     * The batch loss, and d(objective)/d(params) written into {@code gradient}.
     *
     * @param x        [B, D] the batch, row-major (the array may be longer)
     * @param eps      [B, L] standard normal noise (ignored by an AE, may be null)
     * @param rows     B
     * @param beta     the KL weight of the objective reconstruction + beta * KL
     * @param gradient [P] floats, receives the gradient of the batch-mean objective in layout order
     */
    public LossBreakdown lossAndGradient(float[] x, float[] eps, int rows, double beta, MemorySegment gradient) {
        Workspace ws = workspace(rows);
        forward(ws, x, eps);
        LossBreakdown loss = batchLoss(ws, x, beta);
        backward(ws, x, eps, beta, gradient);
        return loss;
    }

    /** The batch loss alone (a forward pass), with the same noise convention as training. */
    public LossBreakdown loss(float[] x, float[] eps, int rows, double beta) {
        Workspace ws = workspace(rows);
        forward(ws, x, eps);
        return batchLoss(ws, x, beta);
    }

    /** Per-image -log p(x|z) and KL (0 for an AE) into {@code recon} and {@code kl}, [B] each. */
    public void perImageTerms(float[] x, float[] eps, int rows, float[] recon, float[] kl) {
        Workspace ws = workspace(rows);
        forward(ws, x, eps);
        perImage(ws, x);
        System.arraycopy(ws.recon, 0, recon, 0, rows);
        System.arraycopy(ws.kl, 0, kl, 0, rows);
    }

    // ------------------------------------------------------------------------------------------
    // Inference
    // ------------------------------------------------------------------------------------------

    /** Encodes a batch: z_mean and z_log_var for a VAE ([B, L] each; logVar may be null), z for an AE (into mean). */
    public void encode(float[] x, int rows, float[] mean, float[] logVar) {
        Workspace ws = workspace(rows);
        float[] h = encoderHidden(ws, x);
        int bl = rows * config.latent();
        if (config.kind() == ModelKind.VAE) {
            dense(h, heads[0], ws.zMean, rows);
            System.arraycopy(ws.zMean, 0, mean, 0, bl);
            if (logVar != null) {
                dense(h, heads[1], ws.zLogVar, rows);
                System.arraycopy(ws.zLogVar, 0, logVar, 0, bl);
            }
        } else {
            dense(h, heads[0], ws.z, rows);
            System.arraycopy(ws.z, 0, mean, 0, bl);
        }
    }

    /**
     * Decodes codes [B, L] to images [B, D] in [0, 1]: the Bernoulli mean sigmoid(logits), the
     * Gaussian mean sigmoid(x_out), or the unit-variance Gaussian's mean clipped to [0, 1] for display.
     */
    public void decode(float[] z, int rows, float[] images) {
        Workspace ws = workspace(rows);
        decoderOutput(ws, z);
        int n = rows * config.inputSize();
        float[] out = ws.out;
        switch (config.decoder()) {
            case BERNOULLI, GAUSSIAN -> {
                FloatMath.expMinusAbs(out, ws.e, n);
                float[] e = ws.e;
                for (int i = 0; i < n; i++) {
                    images[i] = FloatMath.sigmoid(out[i], e[i]);
                }
            }
            case GAUSSIAN_UNIT -> {
                for (int i = 0; i < n; i++) {
                    images[i] = Math.min(Math.max(out[i], 0f), 1f);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Forward pass
    // ------------------------------------------------------------------------------------------

    private void forward(Workspace ws, float[] x, float[] eps) {
        int b = ws.rows;
        checkLength(x, (long) b * config.inputSize(), "x");
        float[] h = encoderHidden(ws, x);
        if (config.kind() == ModelKind.VAE) {
            int bl = b * config.latent();
            if (eps == null) {
                throw new IllegalArgumentException("a VAE needs eps of shape [" + b + ", " + config.latent() + "]");
            }
            checkLength(eps, bl, "eps");
            dense(h, heads[0], ws.zMean, b);                                     // z_mean [B, L]
            dense(h, heads[1], ws.zLogVar, b);                                   // z_log_var [B, L]
            for (int i = 0; i < bl; i++) {
                ws.sigma[i] = (float) Math.exp(0.5 * ws.zLogVar[i]);              // sigma = exp(z_log_var / 2)
                ws.z[i] = ws.zMean[i] + ws.sigma[i] * eps[i];                     // z = z_mean + sigma * eps
            }
        } else {
            dense(h, heads[0], ws.z, b);                                         // z [B, L]
        }
        decoderOutput(ws, ws.z);
    }

    /** The last encoder layer's activations [B, H_k] (x itself when there are no hidden layers). */
    private float[] encoderHidden(Workspace ws, float[] x) {
        float[] h = x;
        for (int i = 0; i < encoder.length; i++) {
            if (i == 0) {
                firstLayer(ws, x);                                               // a_0 [B, H_0]
            } else {
                dense(h, encoder[i], ws.encA[i], ws.rows);                       // a_i [B, H_i]
            }
            activate(ws.encA[i], ws.encH[i], ws.rows * encoder[i].out(), ws.scratch);   // h_i [B, H_i]
            h = ws.encH[i];
        }
        return h;
    }

    /**
     * a_0 = x W + b for the first hidden layer, over the pixels that are not blank in every image of
     * the batch when those are few enough ({@link ActiveInputs}): the other rows of W meet only zeros.
     */
    private void firstLayer(Workspace ws, float[] x) {
        Dense layer = encoder[0];
        ws.restrictedInput = ws.active.select(x, ws.rows);
        if (!ws.restrictedInput) {
            dense(x, layer, ws.encA[0], ws.rows);
            return;
        }
        int k = ws.active.count();
        float[] weights = ws.active.weights(params, layer.weight(), parallel);   // [K, H_0]
        fillWithBias(layer, ws.encA[0], ws.rows);
        product(false, false, ws.rows, layer.out(), k, MemorySegment.ofArray(ws.active.x()),
                MemorySegment.ofArray(weights), 1f, MemorySegment.ofArray(ws.encA[0]));
    }

    private void decoderOutput(Workspace ws, float[] z) {
        float[] g = z;                                                           // [B, L]
        for (int j = 0; j < decoder.length; j++) {
            dense(g, decoder[j], ws.decA[j], ws.rows);                           // [B, H_j]
            activate(ws.decA[j], ws.decH[j], ws.rows * decoder[j].out(), ws.scratch);
            g = ws.decH[j];
        }
        dense(g, outputs[0], ws.out, ws.rows);                                   // logits or mean [B, D]
        if (config.decoder() == DecoderKind.GAUSSIAN) {
            // the paper's Frey Face decoder: the mean kept in (0, 1) by a sigmoid, and log sigma^2
            int n = ws.rows * config.inputSize();
            FloatMath.expMinusAbs(ws.out, ws.e, n);
            for (int i = 0; i < n; i++) {
                ws.xMean[i] = FloatMath.sigmoid(ws.out[i], ws.e[i]);             // m = sigmoid(x_out) [B, D]
            }
            dense(g, outputs[1], ws.outLogVar, ws.rows);                         // s = log sigma_x^2 [B, D]
        }
    }

    /** out = in W + b: every row of out starts as b, then one gemm adds in W. */
    private void dense(float[] in, Dense layer, float[] out, int rows) {
        fillWithBias(layer, out, rows);
        product(false, false, rows, layer.out(), layer.in(), MemorySegment.ofArray(in), weight(layer), 1f,
                MemorySegment.ofArray(out));
    }

    private void fillWithBias(Dense layer, float[] out, int rows) {
        int n = layer.out();
        MemorySegment.copy(params, FLOAT, 4 * layer.bias(), out, 0, n);
        for (int r = 1; r < rows; r++) {
            System.arraycopy(out, 0, out, r * n, n);
        }
    }

    /** h = act(a) over n elements; scratch is any array of at least n floats. */
    private void activate(float[] a, float[] h, int n, float[] scratch) {
        switch (config.activation()) {
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    h[i] = Math.max(a[i], 0f);
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    h[i] = (float) Math.tanh(a[i]);
                }
            }
            case SOFTPLUS -> {
                FloatMath.expMinusAbs(a, scratch, n);
                for (int i = 0; i < n; i++) {
                    h[i] = FloatMath.softplus(a[i], scratch[i]);
                }
            }
            case IDENTITY -> System.arraycopy(a, 0, h, 0, n);
        }
    }

    /** d = d * act'(a), over n elements, from a and h = act(a). */
    private void activateBackward(float[] a, float[] h, float[] d, int n, float[] scratch) {
        switch (config.activation()) {
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    d[i] *= Math.signum(h[i]);                                   // 1 where a > 0 (h > 0), else 0
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    d[i] *= 1f - h[i] * h[i];
                }
            }
            case SOFTPLUS -> {
                FloatMath.expMinusAbs(a, scratch, n);
                for (int i = 0; i < n; i++) {
                    d[i] *= FloatMath.sigmoid(a[i], scratch[i]);                 // softplus' = sigmoid
                }
            }
            case IDENTITY -> {
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Loss
    // ------------------------------------------------------------------------------------------

    private LossBreakdown batchLoss(Workspace ws, float[] x, double beta) {
        perImage(ws, x);
        double recon = 0;
        double kl = 0;
        for (int b = 0; b < ws.rows; b++) {
            recon += ws.recon[b];
            kl += ws.kl[b];
        }
        boolean vae = config.kind() == ModelKind.VAE;
        return new LossBreakdown(recon / ws.rows, vae ? kl / ws.rows : 0.0, vae ? beta : 0.0);
    }

    /** Fills recon [B] with -log p(x|z) and kl [B] with the closed-form KL (0 for an AE). */
    private void perImage(Workspace ws, float[] x) {
        float[] t = ws.t;                                                        // -log p(x_d|z) per pixel [B, D]
        forPixels(ws, (from, to) -> pixelLosses(ws, x, from, to));
        Blas.gemv(false, ws.rows, config.inputSize(), MemorySegment.ofArray(t), ws.onesSegment, 0f,
                MemorySegment.ofArray(ws.recon));                                // row sums [B]
        int l = config.latent();
        for (int b = 0; b < ws.rows; b++) {
            double k = 0;
            if (config.kind() == ModelKind.VAE) {
                // KL(q || N(0, I)) = -1/2 sum_j (1 + log sigma_j^2 - mu_j^2 - sigma_j^2)   (Appendix B)
                for (int j = b * l; j < (b + 1) * l; j++) {
                    float sigma = ws.sigma[j];
                    float mu = ws.zMean[j];
                    k += 0.5f * (sigma * sigma + mu * mu - ws.zLogVar[j] - 1f);
                }
            }
            ws.kl[b] = (float) k;
        }
    }

    /** t[i] = -log p(x_i | z) for the pixels i in [from, to) of the batch, all rows laid end to end. */
    private void pixelLosses(Workspace ws, float[] x, int from, int to) {
        float[] t = ws.t;
        float[] out = ws.out;
        switch (config.decoder()) {
            case BERNOULLI -> {
                // relu(l) - l*x + log1p(exp(-|l|)), stable binary cross-entropy with logits
                FloatMath.expMinusAbs(out, ws.e, from, to);
                float[] e = ws.e;
                for (int i = from; i < to; i++) {
                    t[i] = Math.max(out[i], 0f) - out[i] * x[i] + FloatMath.log1pOfUnit(e[i]);
                }
            }
            case GAUSSIAN -> {
                // 0.5 * (log 2pi + s + (x - m)^2 exp(-s)), s = log sigma^2
                float[] s = ws.outLogVar;
                float[] m = ws.xMean;
                for (int i = from; i < to; i++) {
                    ws.t2[i] = -s[i];
                }
                FloatMath.exp(ws.t2, ws.e, from, to);                           // 1 / sigma^2
                float[] invVar = ws.e;
                for (int i = from; i < to; i++) {
                    float diff = x[i] - m[i];
                    t[i] = 0.5f * (s[i] + diff * diff * invVar[i]) + HALF_LOG_TWO_PI;
                }
            }
            case GAUSSIAN_UNIT -> {
                for (int i = from; i < to; i++) {
                    float diff = x[i] - out[i];
                    t[i] = 0.5f * diff * diff + HALF_LOG_TWO_PI;
                }
            }
        }
    }

    /** d/d(x_out) (and d/d(x_log_var)) of the batch-mean loss for the pixels i in [from, to). */
    private void outputGradient(Workspace ws, float[] x, float invB, int from, int to) {
        float[] out = ws.out;
        float[] dOut = ws.dOut;
        switch (config.decoder()) {
            case BERNOULLI -> {
                float[] e = ws.e;                                                // exp(-|l|), from the loss
                for (int i = from; i < to; i++) {
                    dOut[i] = (FloatMath.sigmoid(out[i], e[i]) - x[i]) * invB;
                }
            }
            case GAUSSIAN -> {
                float[] m = ws.xMean;
                float[] invVar = ws.e;                                           // exp(-s), from the loss
                float[] dLogVar = ws.dOutLogVar;
                for (int i = from; i < to; i++) {
                    float diff = m[i] - x[i];
                    // d/dm = (m - x) / sigma^2 / B, then through the sigmoid: * m (1 - m)
                    dOut[i] = diff * invVar[i] * invB * (m[i] * (1f - m[i]));
                    // d/ds = 0.5 (1 - (x - m)^2 / sigma^2) / B
                    dLogVar[i] = 0.5f * (1f - diff * diff * invVar[i]) * invB;
                }
            }
            case GAUSSIAN_UNIT -> {
                for (int i = from; i < to; i++) {
                    dOut[i] = (out[i] - x[i]) * invB;
                }
            }
        }
    }

    /** A piece of elementwise work over the pixels [from, to) of a batch. */
    private interface PixelRange {
        void run(int from, int to);
    }

    /** Runs {@code work} over all B x D pixels of the batch, split by rows over the threads when there are many. */
    private void forPixels(Workspace ws, PixelRange work) {
        int d = config.inputSize();
        int parts = (long) ws.rows * d >= SPLIT_PIXELS ? Math.min(parallel.parts(), ws.rows) : 1;
        if (parts == 1) {
            work.run(0, ws.rows * d);
            return;
        }
        parallel.run(parts, k -> work.run(ws.rows * k / parts * d, ws.rows * (k + 1) / parts * d));
    }

    // ------------------------------------------------------------------------------------------
    // Backward pass
    // ------------------------------------------------------------------------------------------

    private void backward(Workspace ws, float[] x, float[] eps, double beta, MemorySegment gradient) {
        int b = ws.rows;
        float invB = 1f / b;
        float[] dOut = ws.dOut;                                                  // d/d(x_out) [B, D]
        forPixels(ws, (from, to) -> outputGradient(ws, x, invB, from, to));

        // decoder, from the output back to z
        float[] gLast = decoder.length == 0 ? ws.z : ws.decH[decoder.length - 1];
        float[] dG = decoder.length == 0 ? ws.dZ : ws.decD[decoder.length - 1];
        denseBackward(gLast, outputs[0], dOut, b, gradient, dG, false);
        if (config.decoder() == DecoderKind.GAUSSIAN) {
            denseBackward(gLast, outputs[1], ws.dOutLogVar, b, gradient, dG, true);
        }
        for (int j = decoder.length - 1; j >= 0; j--) {
            activateBackward(ws.decA[j], ws.decH[j], ws.decD[j], b * decoder[j].out(), ws.scratch);   // dA_j
            float[] below = j == 0 ? ws.z : ws.decH[j - 1];
            float[] dBelow = j == 0 ? ws.dZ : ws.decD[j - 1];
            denseBackward(below, decoder[j], ws.decD[j], b, gradient, dBelow, false);
        }

        // latent heads
        float[] hLast = encoder.length == 0 ? x : ws.encH[encoder.length - 1];
        float[] dH = encoder.length == 0 ? null : ws.encD[encoder.length - 1];
        if (config.kind() == ModelKind.VAE) {
            int bl = b * config.latent();
            float betaOverB = (float) (beta * invB);
            for (int i = 0; i < bl; i++) {
                float sigma = ws.sigma[i];
                // d/d z_mean = dz + beta * mu / B
                ws.dZMean[i] = ws.dZ[i] + betaOverB * ws.zMean[i];
                // d/d z_log_var = dz * eps * sigma / 2 + beta * (sigma^2 - 1) / (2B)
                ws.dZLogVar[i] = 0.5f * ws.dZ[i] * eps[i] * sigma + 0.5f * betaOverB * (sigma * sigma - 1f);
            }
            denseBackward(hLast, heads[0], ws.dZMean, b, gradient, dH, false);
            denseBackward(hLast, heads[1], ws.dZLogVar, b, gradient, dH, true);
        } else {
            denseBackward(hLast, heads[0], ws.dZ, b, gradient, dH, false);
        }

        // encoder, back to the first layer (the input gets no gradient)
        for (int i = encoder.length - 1; i >= 0; i--) {
            activateBackward(ws.encA[i], ws.encH[i], ws.encD[i], b * encoder[i].out(), ws.scratch);
            if (i > 0) {
                denseBackward(ws.encH[i - 1], encoder[i], ws.encD[i], b, gradient, ws.encD[i - 1], false);
            } else if (!ws.restrictedInput) {
                denseBackward(x, encoder[0], ws.encD[0], b, gradient, null, false);
            } else {
                // dW = x^T dA over the active pixels; the rows of the blank ones are zero
                Dense layer = encoder[0];
                MemorySegment d = MemorySegment.ofArray(ws.encD[0]);
                product(true, false, ws.active.count(), layer.out(), b, MemorySegment.ofArray(ws.active.x()), d,
                        0f, MemorySegment.ofArray(ws.active.gradientBuffer()));
                ws.active.scatterGradient(gradient, layer.weight(), parallel);
                Blas.gemv(true, b, layer.out(), d, ws.onesSegment, 0f, gradient.asSlice(4 * layer.bias(), 4L * layer.out()));
            }
        }
    }

    /**
     * For out = in W + b with upstream dOut [B, out]: dW = in^T dOut, db = the column sums of dOut, and
     * dIn (+)= dOut W^T when dIn is not null. The two products are independent: with threads, large
     * ones run side by side, each whole on its own thread (the weight gradient, which mostly writes
     * memory, gains little from being split).
     */
    private void denseBackward(float[] in, Dense layer, float[] dOut, int rows, MemorySegment gradient,
                               float[] dIn, boolean accumulate) {
        MemorySegment d = MemorySegment.ofArray(dOut);
        boolean sideBySide = dIn != null && parallel.parts() > 1
                && (long) rows * layer.in() * layer.out() >= SPLIT_MULTIPLY_ADDS;
        Parallel each = sideBySide ? Parallel.SERIAL : parallel;
        Runnable weights = () -> {
            product(true, false, layer.in(), layer.out(), rows, MemorySegment.ofArray(in), d, 0f,
                    gradient.asSlice(4 * layer.weight(), 4L * layer.in() * layer.out()), each);
            Blas.gemv(true, rows, layer.out(), d, workspace(rows).onesSegment, 0f,
                    gradient.asSlice(4 * layer.bias(), 4L * layer.out()));
        };
        Runnable input = () -> {
            if (dIn != null) {
                product(false, true, rows, layer.in(), layer.out(), d, weight(layer), accumulate ? 1f : 0f,
                        MemorySegment.ofArray(dIn), each);
            }
        };
        if (sideBySide) {
            parallel.run(2, k -> (k == 0 ? input : weights).run());
        } else {
            weights.run();
            input.run();
        }
    }

    /**
     * c = op(a) op(b) + beta * c as {@link Blas#gemm}: a thin product (a few columns, such as the heads
     * of a 2-D latent space) column by column, a large one split by blocks of columns of c over the
     * threads (block [c0, c1) needs all of op(a) and columns c0..c1 of op(b)), others in one call.
     */
    private void product(boolean transA, boolean transB, int m, int n, int k, MemorySegment a, MemorySegment b,
                         float beta, MemorySegment c) {
        product(transA, transB, m, n, k, a, b, beta, c, parallel);
    }

    private void product(boolean transA, boolean transB, int m, int n, int k, MemorySegment a, MemorySegment b,
                         float beta, MemorySegment c, Parallel parallel) {
        if (n <= THIN) {
            // one matrix-vector product per column of c: for a latent size of 2, 3 to 4 times cheaper
            for (int j = 0; j < n; j++) {
                MemorySegment column = transB ? b.asSlice(4L * j * k) : b.asSlice(4L * j);   // op(b)[:, j]
                Blas.gemv(transA, transA ? k : m, transA ? m : k, 1f, a, transA ? m : k, column, transB ? 1 : n,
                        beta, c.asSlice(4L * j), n);
            }
            return;
        }
        int blocks = Math.min(parallel.parts(), n / COLUMN_ALIGNMENT);
        if (blocks < 2 || (long) m * n * k < SPLIT_MULTIPLY_ADDS) {
            Blas.gemm(transA, transB, m, n, k, 1f, a, b, beta, c);
            return;
        }
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        parallel.run(blocks, part -> {
            int c0 = columnBoundary(part, blocks, n);
            int c1 = columnBoundary(part + 1, blocks, n);
            long bStart = transB ? (long) c0 * k : c0;                                // op(b) columns are rows of a transposed b
            Blas.gemm(transA, transB, m, c1 - c0, k, 1f, a, lda, b.asSlice(4 * bStart), ldb, beta,
                    c.asSlice(4L * c0), n);
        });
    }

    private static int columnBoundary(int part, int blocks, int n) {
        return part == blocks ? n : (int) ((long) n * part / blocks / COLUMN_ALIGNMENT * COLUMN_ALIGNMENT);
    }

    private MemorySegment weight(Dense layer) {
        return params.asSlice(4 * layer.weight(), 4L * layer.in() * layer.out());
    }

    private static void checkLength(float[] a, long needed, String what) {
        if (a.length < needed) {
            throw new IllegalArgumentException(what + ": expected at least " + needed + " values, found " + a.length);
        }
    }

    /** A buffer of n zeros: from {@link FloatArrays} if this network's are recycled, else new. */
    private float[] buffer(int n) {
        return recycled ? FloatArrays.zeros(n) : new float[n];
    }

    /**
     * Gives this network's buffers back ({@link FloatArrays}) for the next network to take, if they are
     * recycled ones (a training run's networks, when the run ends). Calls after this make new buffers.
     */
    public void release() {
        if (!recycled) {
            return;
        }
        synchronized (workspaces) {
            for (Workspace ws : workspaces.values()) {
                ws.giveBack();
            }
            workspaces.clear();
            lastWorkspace = null;
        }
    }

    private Workspace workspace(int rows) {
        Workspace last = lastWorkspace;                                          // the usual case: no map, no boxing
        if (last != null && last.rows == rows) {
            return last;
        }
        Workspace ws;
        synchronized (workspaces) {                                              // helpers look up too (denseBackward)
            ws = workspaces.computeIfAbsent(rows, Workspace::new);
        }
        lastWorkspace = ws;
        return ws;
    }

    /** Every activation and gradient buffer for one batch size B, allocated once. */
    private final class Workspace {
        final int rows;
        final float[][] encA;                                                    // pre-activations [B, H_i]
        final float[][] encH;                                                    // activations [B, H_i]
        final float[][] encD;                                                    // d/dh, then d/da [B, H_i]
        final float[][] decA;
        final float[][] decH;
        final float[][] decD;
        final float[] zMean;                                                     // [B, L] each
        final float[] zLogVar;
        final float[] sigma;
        final float[] z;
        final float[] dZ;
        final float[] dZMean;
        final float[] dZLogVar;
        final float[] out;                                                       // [B, D] each
        final float[] dOut;
        final float[] e;                                                         // exp(-|out|), or exp(-s)
        final float[] t;                                                         // per-pixel loss
        final float[] t2;
        final float[] xMean;                                                     // GAUSSIAN only, else empty
        final float[] outLogVar;
        final float[] dOutLogVar;
        final float[] scratch;                                                   // [B, max H]
        final float[] recon;                                                     // [B]
        final float[] kl;                                                        // [B]
        final float[] ones;                                                      // max(B, D) ones, for sums
        final MemorySegment onesSegment;                                         // over ones
        final ActiveInputs active;                                               // the first layer's pixels
        boolean restrictedInput;                                                 // whether this batch uses them

        Workspace(int b) {
            this.rows = b;
            encA = new float[encoder.length][];
            encH = new float[encoder.length][];
            encD = new float[encoder.length][];
            int widest = 1;
            for (int i = 0; i < encoder.length; i++) {
                encA[i] = buffer(b * encoder[i].out());
                encH[i] = buffer(b * encoder[i].out());
                encD[i] = buffer(b * encoder[i].out());
                widest = Math.max(widest, encoder[i].out());
            }
            decA = new float[decoder.length][];
            decH = new float[decoder.length][];
            decD = new float[decoder.length][];
            for (int j = 0; j < decoder.length; j++) {
                decA[j] = buffer(b * decoder[j].out());
                decH[j] = buffer(b * decoder[j].out());
                decD[j] = buffer(b * decoder[j].out());
                widest = Math.max(widest, decoder[j].out());
            }
            int bl = b * config.latent();
            zMean = buffer(bl);
            zLogVar = buffer(bl);
            sigma = buffer(bl);
            z = buffer(bl);
            dZ = buffer(bl);
            dZMean = buffer(bl);
            dZLogVar = buffer(bl);
            int bd = b * config.inputSize();
            out = buffer(bd);
            dOut = buffer(bd);
            e = buffer(bd);
            t = buffer(bd);
            boolean gaussian = config.decoder() == DecoderKind.GAUSSIAN;
            t2 = buffer(gaussian ? bd : 0);
            xMean = buffer(gaussian ? bd : 0);
            outLogVar = buffer(gaussian ? bd : 0);
            dOutLogVar = buffer(gaussian ? bd : 0);
            scratch = buffer(b * widest);
            recon = buffer(b);
            kl = buffer(b);
            ones = buffer(Math.max(b, config.inputSize()));
            java.util.Arrays.fill(ones, 1f);
            onesSegment = MemorySegment.ofArray(ones);
            active = encoder.length == 0 ? null
                    : new ActiveInputs(b, config.inputSize(), encoder[0].out(), FloatMlp.this::buffer);
        }

        /** Gives every buffer back ({@link FloatArrays}); the workspace must not be used afterwards. */
        void giveBack() {
            for (float[][] layers : List.of(encA, encH, encD, decA, decH, decD)) {
                FloatArrays.giveBack(layers);
            }
            FloatArrays.giveBack(zMean, zLogVar, sigma, z, dZ, dZMean, dZLogVar, out, dOut, e, t, t2, xMean,
                    outLogVar, dOutLogVar, scratch, recon, kl, ones);
            if (active != null) {
                active.giveBack();
            }
        }
    }
}

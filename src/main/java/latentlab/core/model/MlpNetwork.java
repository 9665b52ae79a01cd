package latentlab.core.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * The AE and VAE as hand-derived forward and backward passes over one flat parameter vector [P] in
 * {@link ParameterLayout} order, with the gradient written to a flat vector of the same layout so
 * that one optimiser pass updates everything.
 *
 * <p>Notation (Kingma and Welling 2013): x [B, D] input, h hidden activations, z_mean and z_log_var
 * [B, L] the encoder's q(z|x), eps ~ N(0, I) [B, L], z = z_mean + sigma * eps with
 * sigma = exp(z_log_var / 2), and the decoder's output [B, D] (logits or Gaussian mean).
 *
 * <p>Two implementations sit behind this one interface and compute the same thing: FLOAT parameters
 * take the fast path {@link FloatMlp} (direct BLAS calls and vectorised Java loops), DOUBLE parameters
 * (gradient checks) take {@link Nd4jMlp}, written with ND4J array operations. The tests compare both
 * with the SameDiff oracle {@link SameDiffReference}.
 *
 * <p>The fast path works on a copy of FLOAT parameters taken when the network is made (a training
 * run's evaluator instead reads the run's own master copy): every matrix product it hands to BLAS is
 * then over Java arrays, as in training. Products over native memory (the parameters' ND4J buffer) in
 * the same compiled code made the JIT compile it again: each downcall speculates on its segments'
 * class, and a view's or an evaluation's first product over native memory, after training's over
 * arrays, made the compiled matrix products of training not entrant, several times over the first
 * runs of a session.
 *
 * <p>Not thread-safe: give each thread its own instance (they may share the parameter array for
 * reading).
 */
public final class MlpNetwork {
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;

    private final ModelConfig config;
    private final ParameterLayout layout;
    private final INDArray params;
    private final FloatMlp fast;                                                 // FLOAT parameters
    private final Nd4jMlp plain;                                                 // any other type
    private float[] inputBuffer = new float[0];                                  // x's values, reused between calls
    private float[] noiseBuffer = new float[0];                                  // eps's values, reused between calls
    private final boolean recycled;                                              // buffers from FloatArrays (an evaluator)

    /**
     * @param config the architecture
     * @param params the flat parameter vector [P], FLOAT for training or DOUBLE for gradient checks
     */
    public MlpNetwork(ModelConfig config, INDArray params) {
        this(config, params, false, Parallel.SERIAL);
    }

    /**
     * @param parallel threads to split large products over (FLOAT parameters only); the caller keeps
     *                 them for as long as it uses this network
     */
    public MlpNetwork(ModelConfig config, INDArray params, Parallel parallel) {
        this(config, params, false, parallel);
    }

    /** With {@code plainOps}, FLOAT parameters too take the ND4J-operations path (for tests that compare the two). */
    MlpNetwork(ModelConfig config, INDArray params, boolean plainOps) {
        this(config, params, plainOps, Parallel.SERIAL);
    }

    private MlpNetwork(ModelConfig config, INDArray params, boolean plainOps, Parallel parallel) {
        this.config = config;
        this.layout = ParameterLayout.of(config);
        if (params.length() != layout.size()) {
            throw new IllegalArgumentException("expected a flat vector of " + layout.size() + " parameters, found " + params.length());
        }
        this.params = params;
        boolean useFast = !plainOps && params.dataType() == DataType.FLOAT;
        this.fast = useFast ? new FloatMlp(config, MemorySegment.ofArray(values(params, new float[0], false)), parallel) : null;
        this.plain = useFast ? null : new Nd4jMlp(config, params);
        this.recycled = false;
    }

    /**
     * A training run's evaluator: over the run's master copy of the parameters, which it reads as they
     * are when it is used (the run's steps update that array in place). Its buffers are recycled ones
     * ({@link FloatArrays}), which {@link #release} gives back when the run ends.
     *
     * @param params the model's FLOAT parameters [P], which the run publishes; {@link #params()}
     * @param master the run's own copy [P], equal to {@code params} whenever this network is used
     */
    public MlpNetwork(ModelConfig config, INDArray params, float[] master, Parallel parallel) {
        this.config = config;
        this.layout = ParameterLayout.of(config);
        if (params.dataType() != DataType.FLOAT || params.length() != layout.size() || master.length != layout.size()) {
            throw new IllegalArgumentException("expected FLOAT parameters and a master copy, each of " + layout.size()
                    + " values, found " + params.dataType() + " " + params.length() + " and " + master.length);
        }
        this.params = params;
        this.fast = new FloatMlp(config, MemorySegment.ofArray(master), parallel, true);
        this.plain = null;
        this.recycled = true;
    }

    public ModelConfig config() {
        return config;
    }

    public ParameterLayout layout() {
        return layout;
    }

    public INDArray params() {
        return params;
    }

    public DataType dataType() {
        return params.dataType();
    }

    /**
     * Fresh parameters: weights and biases uniform in +-1/sqrt(fan_in) (the PyTorch Linear default),
     * drawn from {@code config.seed()}.
     */
    public static INDArray initialParams(ModelConfig config, DataType dtype) {
        ParameterLayout layout = ParameterLayout.of(config);
        double[] values = new double[Math.toIntExact(layout.size())];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(config.seed());
        for (ParameterLayout.Layer layer : layout.allLayers()) {
            double bound = 1.0 / Math.sqrt(layer.in());
            for (String name : List.of(layer.weight(), layer.bias())) {
                ParameterLayout.Slot slot = layout.slots().get(name);
                for (long i = slot.offset(); i < slot.offset() + slot.length(); i++) {
                    values[(int) i] = rng.nextDouble(-bound, bound);
                }
            }
        }
        return Nd4j.createFromArray(values).castTo(dtype);
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
    public LossBreakdown lossAndGradient(INDArray x, INDArray eps, double beta, INDArray gradient) {
        checkInput(x, eps);
        if (plain != null) {
            return plain.lossAndGradient(x, eps, beta, gradient);
        }
        if (gradient.length() != layout.size()) {
            throw new IllegalArgumentException("expected a gradient of " + layout.size() + " values, found " + gradient.length());
        }
        boolean dense = gradient.dataType() == DataType.FLOAT && gradient.elementWiseStride() == 1;
        INDArray target = dense ? gradient : Nd4j.create(DataType.FLOAT, layout.size());
        LossBreakdown loss = fast.lossAndGradient(input(x), noise(eps), (int) x.rows(), beta, Blas.segment(target));
        if (!dense) {
            gradient.assign(target.reshape(gradient.shape()));
        }
        return loss;
    }

    /** The batch loss alone (a forward pass), with the same noise convention as training. */
    public LossBreakdown loss(INDArray x, INDArray eps, double beta) {
        checkInput(x, eps);
        if (plain != null) {
            return plain.loss(x, eps, beta);
        }
        return fast.loss(input(x), noise(eps), (int) x.rows(), beta);
    }

    /**
     * Per-image -log p(x|z) and KL for a batch, [B] each, copied out. Used by evaluation and by the
     * importance-sampled likelihood.
     */
    public INDArray[] perImageTerms(INDArray x, INDArray eps) {
        checkInput(x, eps);
        if (plain != null) {
            return plain.perImageTerms(x, eps);
        }
        int rows = (int) x.rows();
        float[] recon = new float[rows];
        float[] kl = new float[rows];
        fast.perImageTerms(input(x), noise(eps), rows, recon, kl);
        return new INDArray[]{Nd4j.createFromArray(recon), Nd4j.createFromArray(kl)};
    }

    // ------------------------------------------------------------------------------------------
    // Inference
    // ------------------------------------------------------------------------------------------

    /**
     * Encodes a batch. Returns {z_mean, z_log_var} for a VAE ([B, L] each, fresh arrays), and {z, null}
     * for an AE.
     */
    public INDArray[] encode(INDArray x) {
        checkInput(x, null);
        if (plain != null) {
            return plain.encode(x);
        }
        int rows = (int) x.rows();
        int l = config.latent();
        boolean vae = config.kind() == ModelKind.VAE;
        float[] mean = new float[rows * l];
        float[] logVar = vae ? new float[rows * l] : null;
        fast.encode(input(x), rows, mean, logVar);
        return new INDArray[]{Nd4j.createFromArray(mean).reshape(rows, l),
                vae ? Nd4j.createFromArray(logVar).reshape(rows, l) : null};
    }

    /**
     * Decodes a batch of codes [B, L] to images [B, D] in [0, 1]: the Bernoulli mean sigmoid(logits),
     * the Gaussian mean sigmoid(x_out), or the unit-variance Gaussian's linear mean clipped to [0, 1]
     * for display. Returns a fresh array.
     */
    public INDArray decode(INDArray z) {
        if (z.rank() != 2 || z.columns() != config.latent()) {
            throw new IllegalArgumentException("expected codes of shape [batch, " + config.latent() + "], found "
                    + java.util.Arrays.toString(z.shape()));
        }
        if (plain != null) {
            return plain.decode(z);
        }
        int rows = (int) z.rows();
        float[] images = new float[rows * config.inputSize()];
        fast.decode(input(z), rows, images);
        return Nd4j.createFromArray(images).reshape(rows, config.inputSize());
    }

    // ------------------------------------------------------------------------------------------

    private void checkInput(INDArray x, INDArray eps) {
        if (x.rank() != 2 || x.columns() != config.inputSize()) {
            throw new IllegalArgumentException("expected input of shape [batch, " + config.inputSize() + "] ("
                    + config.shape() + " images), found " + java.util.Arrays.toString(x.shape()));
        }
        if (eps != null && config.kind() == ModelKind.VAE && (eps.rows() != x.rows() || eps.columns() != config.latent())) {
            throw new IllegalArgumentException("a VAE needs eps of shape [" + x.rows() + ", " + config.latent() + "]");
        }
    }

    /**
     * Gives this network's buffers back ({@link FloatArrays}) for the next network to take: a training
     * run's evaluator does when the run ends. Calls after this make new buffers.
     */
    public void release() {
        if (!recycled) {
            return;
        }
        fast.release();
        FloatArrays.giveBack(inputBuffer, noiseBuffer);
        inputBuffer = new float[0];
        noiseBuffer = new float[0];
    }

    /**
     * x's (or z's) values for the fast path, in this network's reused buffer: an evaluation pass over a
     * test set would otherwise leave megabytes of garbage per epoch, and the collector's pauses reach the
     * window's frames. Valid until the next call; the fast path reads only {@code x.length()} values.
     */
    private float[] input(INDArray x) {
        inputBuffer = values(x, inputBuffer, recycled);
        return inputBuffer;
    }

    /** eps for the fast path: its values (in this network's reused buffer), or null for an AE (which ignores it). */
    private float[] noise(INDArray eps) {
        if (config.kind() != ModelKind.VAE || eps == null) {
            return null;
        }
        noiseBuffer = values(eps, noiseBuffer, recycled);
        return noiseBuffer;
    }

    /**
     * The values of a float matrix, row-major, in {@code buffer} when it has room, else in a new array
     * (one from {@link FloatArrays} if {@code recycled}, the old one given back there).
     */
    private static float[] values(INDArray a, float[] buffer, boolean recycled) {
        INDArray dense = a.dataType() == DataType.FLOAT && a.elementWiseStride() == 1 && a.ordering() == 'c'
                ? a : a.castTo(DataType.FLOAT).dup('c');
        int n = (int) dense.length();
        float[] v = buffer;
        if (buffer.length < n && recycled) {
            FloatArrays.giveBack(buffer);
            v = FloatArrays.zeros(n);
        } else if (buffer.length < n) {
            v = new float[n];
        }
        MemorySegment.copy(Blas.segment(dense), FLOAT, 0, v, 0, n);
        return v;
    }
}

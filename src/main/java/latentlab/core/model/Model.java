package latentlab.core.model;

import latentlab.core.data.Dataset;
import latentlab.core.data.ImageShape;
import latentlab.core.data.Split;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A model: its configuration, its weights as one flat vector, what data it was trained on, its
 * training history and, while it can still be trained further, the optimiser's state.
 *
 * <p>The weights are mutable: a trainer updates them in place. Readers on other threads use
 * {@link #snapshot()}.
 */
public final class Model {
    /** Mean intensities are clamped to [c, 1 - c] before taking log-odds, so that blank border pixels stay finite. */
    private static final double MEAN_IMAGE_CLAMP = 1e-3;
    private final ModelConfig config;
    private final INDArray params;
    private final String datasetName;
    private final String preprocessing;
    private final List<EpochRecord> history;
    private OptimizerState optimizerState;

    public Model(ModelConfig config, INDArray params, String datasetName, String preprocessing,
                 List<EpochRecord> history, OptimizerState optimizerState) {
        this.config = Objects.requireNonNull(config);
        long expected = ParameterLayout.of(config).size();
        if (params.length() != expected) {
            throw new IllegalArgumentException("a " + config.describe() + " has " + expected
                    + " parameters, found " + params.length());
        }
        this.params = params;
        this.datasetName = datasetName;
        this.preprocessing = preprocessing;
        this.history = new ArrayList<>(history);
        this.optimizerState = optimizerState;
    }

    /** A freshly initialised model for a dataset, weights drawn from {@code config.seed()}. */
    public static Model initialise(ModelConfig config, Dataset data) {
        requireShape(config.shape(), data);
        INDArray params = MlpNetwork.initialParams(config, DataType.FLOAT);
        startFromTheMeanImage(config, params, data.train());
        return new Model(config, params, data.name(), data.preprocessing(), List.of(), null);
    }

    /**
     * Sets the output bias so that the untrained decoder produces the training set's mean image rather
     * than flat grey: the log-odds of each pixel's mean intensity for the sigmoid outputs, the mean itself
     * for the linear one (the marginal initialisation of Burda, Grosse and Salakhutdinov 2015).
     */
    static void startFromTheMeanImage(ModelConfig config, INDArray params, Split train) {
        if (train.size() == 0) {
            return;
        }
        int d = config.inputSize();
        double[] mean = new double[d];
        float[] px = train.pixels();
        for (int n = 0; n < train.size(); n++) {
            for (int i = 0; i < d; i++) {
                mean[i] += px[n * d + i];
            }
        }
        INDArray bias = ParameterLayout.of(config).views(params).get("x_out.b");   // [D]
        for (int i = 0; i < d; i++) {
            double m = mean[i] / train.size();
            if (config.decoder() == DecoderKind.GAUSSIAN_UNIT) {
                bias.putScalar(i, m);
            } else {
                double p = Math.min(1 - MEAN_IMAGE_CLAMP, Math.max(MEAN_IMAGE_CLAMP, m));
                bias.putScalar(i, Math.log(p / (1 - p)));
            }
        }
    }

    public ModelConfig config() {
        return config;
    }

    /** The live flat weight vector [P]. */
    public INDArray params() {
        return params;
    }

    public String datasetName() {
        return datasetName;
    }

    public String preprocessing() {
        return preprocessing;
    }

    public synchronized List<EpochRecord> history() {
        return List.copyOf(history);
    }

    public synchronized void appendHistory(EpochRecord record) {
        history.add(record);
    }

    public synchronized OptimizerState optimizerState() {
        return optimizerState;
    }

    public synchronized void setOptimizerState(OptimizerState state) {
        this.optimizerState = state;
    }

    /** Number of epochs trained so far. */
    public synchronized int epochsTrained() {
        return history.isEmpty() ? 0 : history.get(history.size() - 1).epoch();
    }

    /** A network for this model's live weights, for the calling thread's use only. */
    public MlpNetwork network() {
        return new MlpNetwork(config, params);
    }

    /**
     * A consistent copy, safe to read while training goes on: the trainer holds this model's lock
     * while it updates the weights.
     */
    public Model snapshot() {
        synchronized (this) {
            OptimizerState o = optimizerState == null ? null
                    : new OptimizerState(optimizerState.state().dup(), optimizerState.iteration());
            return new Model(config, params.dup(), datasetName, preprocessing, history, o);
        }
    }

    /**
     * A consistent copy of the weights alone, without the optimiser state: cheaper than
     * {@link #snapshot()} for readers that only encode and decode while training goes on.
     */
    public Model weightsSnapshot() {
        synchronized (this) {
            return new Model(config, params.dup(), datasetName, preprocessing, history, null);
        }
    }

    /** The same model without optimiser state (smaller files; it can no longer resume exactly). */
    public Model withoutOptimizerState() {
        synchronized (this) {
            return new Model(config, params, datasetName, preprocessing, history, null);
        }
    }

    /** Fails with a clear message if the dataset's images are not the shape this model takes. */
    public void requireCompatible(Dataset data) {
        requireShape(config.shape(), data);
    }

    private static void requireShape(ImageShape shape, Dataset data) {
        if (!shape.equals(data.shape())) {
            throw new IncompatibleModelException("the model takes " + shape + " images but dataset '" + data.name()
                    + "' has " + data.shape() + " images: choose a dataset of " + shape
                    + " images, or train a new model for this one");
        }
    }
}

package latentlab.core.model;

import latentlab.core.data.Dataset;
import latentlab.core.data.ImageShape;
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
        return new Model(config, MlpNetwork.initialParams(config, DataType.FLOAT), data.name(), data.preprocessing(),
                List.of(), null);
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

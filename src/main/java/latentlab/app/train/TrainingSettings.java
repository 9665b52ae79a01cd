package latentlab.app.train;

import javafx.beans.Observable;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import latentlab.core.data.DatasetCatalog;
import latentlab.core.data.ImageShape;
import latentlab.core.model.Activation;
import latentlab.core.model.DecoderKind;
import latentlab.core.model.ModelConfig;
import latentlab.core.model.ModelKind;
import latentlab.core.train.TrainConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The model and training settings the user edits. Defaults follow Kingma and Welling's MNIST set-up
 * (one hidden layer of 512, a 2-D latent space so that the manifold can be drawn) with Adam at 1e-3.
 */
public final class TrainingSettings {
    /** The largest latent size offered: one slider each in the editor. */
    public static final int MAX_LATENT = 64;
    /** The largest hidden layer offered. */
    public static final int MAX_HIDDEN = 4096;
    /** Default hidden layer sizes. */
    public static final String DEFAULT_HIDDEN = "512";
    /** Default latent size. */
    public static final int DEFAULT_LATENT = 2;
    /** Default number of epochs per press of Train. */
    public static final int DEFAULT_EPOCHS = 10;

    private final ObjectProperty<ModelKind> kind = new SimpleObjectProperty<>(this, "kind", ModelKind.VAE);
    private final StringProperty hidden = new SimpleStringProperty(this, "hidden", DEFAULT_HIDDEN);
    private final IntegerProperty latent = new SimpleIntegerProperty(this, "latent", DEFAULT_LATENT);
    private final ObjectProperty<DecoderKind> decoder = new SimpleObjectProperty<>(this, "decoder", DecoderKind.BERNOULLI);
    private final IntegerProperty modelSeed = new SimpleIntegerProperty(this, "modelSeed", (int) ModelConfig.DEFAULT_SEED);
    private final DoubleProperty beta = new SimpleDoubleProperty(this, "beta", 1.0);
    private final DoubleProperty learningRate = new SimpleDoubleProperty(this, "learningRate",
            TrainConfig.DEFAULT_LEARNING_RATE);
    private final IntegerProperty batchSize = new SimpleIntegerProperty(this, "batchSize", TrainConfig.DEFAULT_BATCH);
    private final IntegerProperty epochs = new SimpleIntegerProperty(this, "epochs", DEFAULT_EPOCHS);
    private final DoubleProperty warmup = new SimpleDoubleProperty(this, "warmup", 0);
    private final IntegerProperty trainSeed = new SimpleIntegerProperty(this, "trainSeed", (int) TrainConfig.DEFAULT_SEED);

    // --- Properties ----------------------------------------------------------------------------

    /** AE or VAE. */
    public ObjectProperty<ModelKind> kindProperty() {
        return kind;
    }

    /** Hidden layer sizes of the encoder, comma-separated: "512" or "512,256". */
    public StringProperty hiddenProperty() {
        return hidden;
    }

    /** dim(z). */
    public IntegerProperty latentProperty() {
        return latent;
    }

    /** The likelihood p(x|z): Bernoulli for MNIST-like data, Gaussian for Frey Face. */
    public ObjectProperty<DecoderKind> decoderProperty() {
        return decoder;
    }

    /** Seed of the initial weights. */
    public IntegerProperty modelSeedProperty() {
        return modelSeed;
    }

    /** Weight of the KL term (VAE only); 1 is the ELBO. */
    public DoubleProperty betaProperty() {
        return beta;
    }

    /** Adam's step size. */
    public DoubleProperty learningRateProperty() {
        return learningRate;
    }

    /** Images per step. */
    public IntegerProperty batchSizeProperty() {
        return batchSize;
    }

    /** Epochs per press of Train. */
    public IntegerProperty epochsProperty() {
        return epochs;
    }

    /** Epochs over which beta rises from 0 (KL warm-up); 0 for none. */
    public DoubleProperty warmupProperty() {
        return warmup;
    }

    /** Seed of the batch order and the noise. */
    public IntegerProperty trainSeedProperty() {
        return trainSeed;
    }

    /** The settings that define the architecture: changing one means a new model. */
    public List<Observable> architecture() {
        return List.of(kind, hidden, latent, decoder, modelSeed);
    }

    // --- Conversions ---------------------------------------------------------------------------

    /**
     * The model these settings describe, for images of {@code shape}.
     *
     * @throws IllegalArgumentException saying which setting is wrong and what is allowed
     */
    public ModelConfig modelConfig(ImageShape shape) {
        int l = latent.get();
        if (l < 1 || l > MAX_LATENT) {
            throw new IllegalArgumentException("Latent size must be between 1 and " + MAX_LATENT + ", found " + l + ".");
        }
        if (!(beta.get() >= 0) || Double.isInfinite(beta.get())) {
            throw new IllegalArgumentException("Beta must be a number of at least 0, found " + beta.get() + ".");
        }
        return new ModelConfig(kind.get(), shape, parseHidden(hidden.get()), l, Activation.RELU, decoder.get(),
                beta.get(), modelSeed.get());
    }

    /**
     * The training run these settings describe.
     *
     * @throws IllegalArgumentException saying which setting is wrong
     */
    public TrainConfig trainConfig() {
        try {
            return new TrainConfig(epochs.get(), batchSize.get(), learningRate.get(), warmup.get(), trainSeed.get());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(capitalised(e.getMessage()) + ".", e);
        }
    }

    /** Shows a model's own settings (after opening a file). */
    public void show(ModelConfig config) {
        kind.set(config.kind());
        hidden.set(config.hidden().stream().map(String::valueOf).collect(Collectors.joining(",")));
        latent.set(config.latent());
        decoder.set(config.decoder());
        beta.set(config.beta());
        modelSeed.set((int) config.seed());
    }

    /** The usual decoder for a dataset: Gaussian for Frey Face's grey levels, Bernoulli otherwise. */
    public static DecoderKind defaultDecoder(String dataset) {
        return DatasetCatalog.FREY.equals(dataset) ? DecoderKind.GAUSSIAN : DecoderKind.BERNOULLI;
    }

    /** Parses "512" or "512, 256" (empty parts ignored). */
    static List<Integer> parseHidden(String text) {
        List<Integer> sizes = new ArrayList<>();
        for (String part : text.split("[,\\s]+")) {
            if (part.isBlank()) {
                continue;
            }
            int size;
            try {
                size = Integer.parseInt(part.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Hidden sizes must be whole numbers separated by commas, such as"
                        + " 512 or 512,256; found \"" + text + "\".", e);
            }
            if (size < 1 || size > MAX_HIDDEN) {
                throw new IllegalArgumentException("Each hidden size must be between 1 and " + MAX_HIDDEN + ", found "
                        + size + ".");
            }
            sizes.add(size);
        }
        if (sizes.isEmpty()) {
            throw new IllegalArgumentException("Give at least one hidden layer size, such as 512.");
        }
        return sizes;
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}

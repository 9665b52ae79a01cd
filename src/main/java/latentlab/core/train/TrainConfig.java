package latentlab.core.train;

/**
 * How to train (not what to train: that is the {@link latentlab.core.model.ModelConfig}).
 *
 * @param epochs         number of passes over the training split in this run
 * @param batchSize      images per Adam step
 * @param learningRate   Adam's step size
 * @param klWarmupEpochs over how many epochs beta rises linearly from 0 to its target; 0 for no warm-up
 * @param seed           seed of the batch order and of the reparameterisation noise
 * @param cosineDecay    whether the learning rate follows a half cosine from its value down to 0 over
 *                       this run (better final figures for a fixed number of epochs) instead of staying
 *                       constant
 */
public record TrainConfig(int epochs, int batchSize, double learningRate, double klWarmupEpochs, long seed,
                          boolean cosineDecay) {
    public static final int DEFAULT_BATCH = 100;
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    public static final long DEFAULT_SEED = 1L;

    public TrainConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, found " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, found " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, found " + learningRate);
        }
        if (!(klWarmupEpochs >= 0)) {
            throw new IllegalArgumentException("KL warm-up must be >= 0 epochs, found " + klWarmupEpochs);
        }
    }

    /** A constant learning rate. */
    public TrainConfig(int epochs, int batchSize, double learningRate, double klWarmupEpochs, long seed) {
        this(epochs, batchSize, learningRate, klWarmupEpochs, seed, false);
    }

    public static TrainConfig defaults(int epochs) {
        return new TrainConfig(epochs, DEFAULT_BATCH, DEFAULT_LEARNING_RATE, 0, DEFAULT_SEED);
    }

    /**
     * The learning rate for step {@code step} (0-based) of a run of {@code totalSteps} steps:
     * constant, or lr * (1 + cos(pi * step / totalSteps)) / 2 with cosine decay.
     */
    public double learningRateAt(long step, long totalSteps) {
        if (!cosineDecay || totalSteps <= 0) {
            return learningRate;
        }
        double t = Math.min(1.0, (double) step / totalSteps);
        return learningRate * 0.5 * (1 + Math.cos(Math.PI * t));
    }

    /**
     * The KL weight after {@code epochsDone} (fractional) epochs of this model's life: a linear ramp
     * from 0 to {@code target} over the warm-up, then the target.
     */
    public double betaAt(double epochsDone, double target) {
        if (klWarmupEpochs <= 0) {
            return target;
        }
        return target * Math.min(1.0, epochsDone / klWarmupEpochs);
    }
}

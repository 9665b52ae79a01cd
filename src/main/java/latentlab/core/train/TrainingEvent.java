package latentlab.core.train;

import latentlab.core.model.EpochRecord;

/** What a trainer reports while it runs; listeners chart these. Losses are per image, in nats. */
public sealed interface TrainingEvent {

    /**
     * After every Adam step.
     *
     * @param epoch          1-based epoch over the model's life
     * @param iteration      1-based step count over the model's life
     * @param fractionDone   how much of this run is done, 0..1
     * @param reconstruction the batch's mean -log p(x|z)
     * @param kl             the batch's mean KL (0 for an AE)
     * @param beta           the KL weight used for this step
     * @param samplesPerSecond recent training throughput
     */
    record Iteration(int epoch, long iteration, double fractionDone, double reconstruction, double kl, double beta,
                     double samplesPerSecond) implements TrainingEvent {
        /** The objective that was minimised: reconstruction + beta * KL. */
        public double total() {
            return reconstruction + beta * kl;
        }
    }

    /** After every epoch, with the test split evaluated. */
    record Epoch(EpochRecord record, double secondsRemaining) implements TrainingEvent {
    }

    /** Once, when the run ends for whatever reason. */
    record Finished(TrainingOutcome outcome) implements TrainingEvent {
    }
}

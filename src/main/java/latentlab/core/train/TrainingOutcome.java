package latentlab.core.train;

import latentlab.core.model.Model;

/**
 * How a training run ended.
 *
 * @param status  completed, cancelled, diverged or failed
 * @param message a sentence for the person watching, saying what happened and what to do
 * @param model   the model, with the last good weights
 * @param epochs  epochs completed in this run
 */
public record TrainingOutcome(Status status, String message, Model model, int epochs) {
    public enum Status { COMPLETED, CANCELLED, DIVERGED, FAILED }

    public boolean completed() {
        return status == Status.COMPLETED;
    }
}

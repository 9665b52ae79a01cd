package latentlab.core.train;

/**
 * Receives a trainer's events on the training thread. Implementations must return quickly: queue
 * the event and draw it later (a chart drains its queue once per frame).
 */
@FunctionalInterface
public interface TrainingListener {
    void onEvent(TrainingEvent event);

    TrainingListener NONE = e -> { };
}

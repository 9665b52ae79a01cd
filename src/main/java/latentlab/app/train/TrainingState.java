package latentlab.app.train;

/** Where the training panel stands. */
public enum TrainingState {
    /** No dataset loaded yet (or the first load failed). */
    EMPTY,
    /** A model and dataset are ready; settings can be changed. */
    READY,
    /** A run is in progress. */
    TRAINING,
    /** A run is held between two steps. */
    PAUSED,
    /** Stop was asked for; the run ends after its current step. */
    STOPPING;

    /** Whether a run exists (training, paused or stopping). */
    public boolean running() {
        return this == TRAINING || this == PAUSED || this == STOPPING;
    }
}

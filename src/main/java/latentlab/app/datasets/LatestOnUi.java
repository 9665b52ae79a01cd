package latentlab.app.datasets;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Hands values produced on a worker thread to the UI thread, latest wins: however fast the worker
 * offers them, at most one hand-over is queued on the UI thread at a time, and it shows the newest value.
 *
 * @param <T> the value
 */
final class LatestOnUi<T> {
    private final Executor ui;
    private final Consumer<T> show;
    private final AtomicReference<T> latest = new AtomicReference<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    /**
     * @param ui   the UI thread ({@code Platform::runLater})
     * @param show shows a value, on the UI thread
     */
    LatestOnUi(Executor ui, Consumer<T> show) {
        this.ui = ui;
        this.show = show;
    }

    /** Offers a value from any thread; replaces one not yet shown. */
    void offer(T value) {
        latest.set(value);
        if (scheduled.compareAndSet(false, true)) {
            ui.execute(() -> {
                scheduled.set(false);
                T v = latest.getAndSet(null);
                if (v != null) {
                    show.accept(v);
                }
            });
        }
    }

    /** Forgets a value not yet shown; call on the UI thread before showing a final state. */
    void drop() {
        latest.set(null);
    }
}

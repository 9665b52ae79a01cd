package latentlab.app.common;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Background work where only the newest request matters (a slider being dragged, a manifold
 * redrawn during training): each {@link #submit} replaces the pending request, one worker at a time
 * computes the latest, and the result is handed to the UI thread once, replacing any result not yet
 * shown. There is never a queue of stale frames.
 *
 * @param <Q> the request
 * @param <R> the result
 */
public final class LatestWins<Q, R> {
    private final Executor worker;
    private final Executor ui;
    private final Function<Q, R> work;
    private final Consumer<R> publish;
    private final Consumer<RuntimeException> onError;
    private final AtomicReference<Q> pending = new AtomicReference<>();
    private final AtomicReference<R> unpublished = new AtomicReference<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean publishScheduled = new AtomicBoolean();
    private volatile boolean closed;

    /**
     * @param worker  runs {@code work}, off the UI thread
     * @param ui      the UI thread ({@code Platform::runLater}), or a direct executor in tests
     * @param work    computes a result from a request; must not touch the UI
     * @param publish shows a result, on the UI thread
     * @param onError told on the UI thread when {@code work} fails; later requests still run
     */
    public LatestWins(Executor worker, Executor ui, Function<Q, R> work, Consumer<R> publish,
                      Consumer<RuntimeException> onError) {
        this.worker = Objects.requireNonNull(worker);
        this.ui = Objects.requireNonNull(ui);
        this.work = Objects.requireNonNull(work);
        this.publish = Objects.requireNonNull(publish);
        this.onError = Objects.requireNonNull(onError);
    }

    /** Asks for a result for {@code request}, replacing any request not yet started. */
    public void submit(Q request) {
        if (closed) {
            return;
        }
        pending.set(Objects.requireNonNull(request));
        startIfIdle();
    }

    /** Whether a request is waiting or being computed. */
    public boolean isBusy() {
        return running.get() || pending.get() != null;
    }

    /** Drops the pending request and ignores later ones; a computation in progress is not shown. */
    public void close() {
        closed = true;
        pending.set(null);
    }

    private void startIfIdle() {
        if (running.compareAndSet(false, true)) {
            try {
                worker.execute(this::drain);
            } catch (RejectedExecutionException e) {
                running.set(false);                                                   // shutting down
            }
        }
    }

    private void drain() {
        try {
            Q request;
            while (!closed && (request = pending.getAndSet(null)) != null) {
                try {
                    handOver(work.apply(request));
                } catch (RuntimeException e) {
                    ui.execute(() -> onError.accept(e));
                }
            }
        } finally {
            running.set(false);
        }
        if (!closed && pending.get() != null) {
            startIfIdle();                                                            // arrived as we left
        }
    }

    private void handOver(R result) {
        unpublished.set(result);
        if (publishScheduled.compareAndSet(false, true)) {
            ui.execute(() -> {
                publishScheduled.set(false);
                R latest = unpublished.getAndSet(null);
                if (latest != null && !closed) {
                    publish.accept(latest);
                }
            });
        }
    }
}

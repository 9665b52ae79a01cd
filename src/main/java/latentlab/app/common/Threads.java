package latentlab.app.common;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Where view-models run their work: in the app, named background threads and the FX thread
 * ({@link BackgroundExecutors#threads}); in view-model tests, the calling thread for all four, which
 * makes every command finish before it returns.
 *
 * @param training runs the trainer
 * @param io       loads datasets, reads and writes files
 * @param render   encodes and decodes for the views
 * @param ui       the FX thread ({@code Platform::runLater})
 */
public record Threads(Executor training, Executor io, Executor render, Executor ui) {
    public Threads {
        Objects.requireNonNull(training);
        Objects.requireNonNull(io);
        Objects.requireNonNull(render);
        Objects.requireNonNull(ui);
    }

    /** Everything on the calling thread, for deterministic tests. */
    public static Threads direct() {
        Executor direct = Runnable::run;
        return new Threads(direct, direct, direct, direct);
    }

    /**
     * Runs {@code work} on {@code worker}, then {@code done} with its result, or {@code failed} with
     * what it threw, on the UI thread.
     */
    public <T> void background(Executor worker, Supplier<T> work, Consumer<T> done, Consumer<RuntimeException> failed) {
        worker.execute(() -> {
            T result;
            try {
                result = work.get();
            } catch (RuntimeException e) {
                ui.execute(() -> failed.accept(e));
                return;
            } catch (OutOfMemoryError e) {
                ui.execute(() -> failed.accept(new IllegalStateException(
                        "Out of memory: choose a smaller model or dataset, or start Latent Lab with more memory.", e)));
                return;
            }
            ui.execute(() -> done.accept(result));
        });
    }
}

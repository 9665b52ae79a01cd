package latentlab.app;

import latentlab.core.model.ModelCatalog;
import javafx.application.Platform;
import latentlab.app.common.BackgroundExecutors;
import latentlab.app.common.FileDialogs;
import latentlab.core.data.DataLocator;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/** What the app tests share: small data, a tiny model, scripted file dialogs, waiting. */
public final class AppTestSupport {
    /** Training images in the tests' datasets: a few steps per epoch. */
    public static final int TRAIN_IMAGES = 600;
    /** Test images in the tests' datasets. */
    public static final int TEST_IMAGES = 200;

    private AppTestSupport() {
    }

    /** The real catalogue, cut to {@value #TRAIN_IMAGES} + {@value #TEST_IMAGES} images. */
    public static DatasetSource smallDatasets() {
        return DatasetSource.catalog(DataLocator.forThisUser(Optional.empty())).limitedTo(TRAIN_IMAGES, TEST_IMAGES);
    }

    /** The app's real threads, with the FX thread for the UI. */
    public static AppContext context(BackgroundExecutors executors, ScriptedDialogs dialogs) {
        return new AppContext(executors.threads(Platform::runLater), smallDatasets(), Optional.of(dialogs),
                AppOptions.defaults(), ModelCatalog.forThisUser());
    }

    /** Waits until the condition, checked on the FX thread, holds; fails after {@code seconds}. */
    public static void waitFor(double seconds, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            if (onFx(condition::getAsBoolean)) {
                return;
            }
            sleep(20);
        }
        fail("timed out after " + seconds + " s waiting for: " + what);
    }

    /** Runs on the FX thread and returns the result. */
    public static <T> T onFx(Callable<T> task) {
        java.util.concurrent.FutureTask<T> f = new java.util.concurrent.FutureTask<>(task);
        if (Platform.isFxApplicationThread()) {
            f.run();
        } else {
            Platform.runLater(f);
        }
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("FX task failed: " + e, e);
        }
    }

    /** Runs on the FX thread and waits for it. */
    public static void runFx(Runnable task) {
        onFx(() -> {
            task.run();
            return null;
        });
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** File dialogs that answer with the paths queued by the test, in order. */
    public static final class ScriptedDialogs implements FileDialogs {
        private final Deque<Path> answers = new ArrayDeque<>();

        /** Queues the answer to the next dialog. */
        public void answer(Path path) {
            answers.add(path);
        }

        @Override
        public Optional<Path> open(String title, Kind kind) {
            return Optional.ofNullable(answers.poll());
        }

        @Override
        public Optional<Path> save(String title, Kind kind, String suggestedName) {
            return Optional.ofNullable(answers.poll());
        }

        @Override
        public Optional<Path> folder(String title) {
            return Optional.ofNullable(answers.poll());
        }
    }
}

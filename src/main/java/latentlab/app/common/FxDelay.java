package latentlab.app.common;

import javafx.application.Platform;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * An action run on the FX thread some time after it is asked for, that can be started again or stopped
 * before then. Unlike a {@link javafx.animation.PauseTransition}, which it replaces for plain delays, it
 * does not keep JavaFX pulsing while it waits: any animation, even one that draws nothing, makes the
 * toolkit pulse 120 times a second for as long as it runs, which for a message shown 6 seconds after
 * every training run cost the idle window a pulse every 8 ms. Its methods are for the FX thread only.
 */
public final class FxDelay {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "latentlab-delays");
        t.setDaemon(true);
        return t;
    });

    private final Runnable action;
    private ScheduledFuture<?> pending;
    private long started;                                                            // which start may still run

    /** @param action what to run on the FX thread once the delay has passed */
    public FxDelay(Runnable action) {
        this.action = action;
    }

    /** Runs the action {@code millis} milliseconds from now, forgetting any earlier start not yet run. */
    public void playFromStart(long millis) {
        stop();
        long start = started;
        pending = TIMER.schedule(() -> Platform.runLater(() -> {
            if (start == started) {                                                   // not stopped or started again since
                pending = null;
                started++;
                action.run();
            }
        }), millis, TimeUnit.MILLISECONDS);
    }

    /** Forgets the start not yet run, if any. */
    public void stop() {
        started++;
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    /** Whether a start is waiting to run. */
    public boolean isPending() {
        return pending != null;
    }
}

package latentlab.core.train;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A handle on a training run in progress: pause, resume, cancel, and the outcome when it ends.
 * Every method returns at once; none waits for the training thread.
 */
public final class TrainingRun {
    private final CompletableFuture<TrainingOutcome> outcome = new CompletableFuture<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition resumed = lock.newCondition();
    private volatile boolean paused;
    private volatile boolean cancelled;

    /** The outcome, completed (never exceptionally) when the run ends. */
    public CompletableFuture<TrainingOutcome> outcome() {
        return outcome;
    }

    /** Stops after the current batch; the outcome is CANCELLED with the weights trained so far. */
    public void cancel() {
        cancelled = true;
        resume();
    }

    /** Holds training after the current batch until {@link #resume()} or {@link #cancel()}. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        lock.lock();
        try {
            paused = false;
            resumed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean isPaused() {
        return paused;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    public boolean isDone() {
        return outcome.isDone();
    }

    /** Called by the trainer between batches: blocks while paused; returns true if the run should stop. */
    boolean checkpoint() throws InterruptedException {
        if (paused && !cancelled) {
            lock.lock();
            try {
                while (paused && !cancelled) {
                    resumed.await();
                }
            } finally {
                lock.unlock();
            }
        }
        return cancelled || Thread.currentThread().isInterrupted();
    }

    void finish(TrainingOutcome o) {
        outcome.complete(o);
    }
}

package latentlab.app;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import latentlab.core.data.Dataset;
import latentlab.core.model.Model;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What every view looks at: the dataset, the live model (whose weights the trainer changes in
 * place) and how fresh the views' copies of those weights should be.
 *
 * <p>Views never read the live weights: background workers ask for {@link #snapshot()}, a consistent
 * copy that is taken again only when the weights have changed since. The trainer's thread reports
 * changes with {@link #weightsChanged()}, an atomic increment; the FX thread turns them into
 * {@link #revisionProperty()} changes at most once a second ({@link #publishRevision}), which
 * is what makes the latent map and the editor redraw live, and into {@link #gridTickProperty()}
 * changes ten times a second ({@link #publishGridTick}), at which the manifold, the cheapest view to
 * redraw and the one that shows learning best, redraws as often as its share of a core allows.
 */
public final class Workspace {
    /**
     * How often, at most, the latent map and the editor redraw from new weights while training runs.
     * Each refresh costs a weights copy, 10,000 test images encoded, an image decoded, and repaints;
     * each view also keeps its own share of a core ({@code LiveBudget}), so a slow machine redraws less
     * often than this. Twice a second was measured too (with the manifold then on the same revisions):
     * on 2 cores with software rendering, training in the window slowed to 0.77-0.99 of the command
     * line's speed (median 0.89) and the first run's frames froze for up to 64 ms (BENCHMARKS.md). The
     * manifold redraws more often, at its own ticks ({@link #GRID_TICK_NANOS}).
     */
    public static final long LIVE_REFRESH_NANOS = 1_000_000_000L;
    /**
     * How soon after training starts the views first redraw from its weights. At once, their refresh (a
     * manifold, a latent map and an editor image decoded, uploaded and repainted) fell in the same tenth
     * of a second as the settings' lock and the trainer's start, and froze a frame for 50-70 ms.
     */
    static final long FIRST_REFRESH_NANOS = 300_000_000L;
    /**
     * How often, at most, the manifold may redraw from new weights while training runs: it decides at
     * each tick whether its budget allows a redraw (a 20 x 20 grid costs about 10 ms of one core), so
     * it redraws a few times a second rather than once.
     */
    public static final long GRID_TICK_NANOS = 100_000_000L;

    /**
     * A dataset with the model that goes with it.
     *
     * @param dataset the train and test images
     * @param model   the live model, of the dataset's image shape
     */
    public record Session(Dataset dataset, Model model) {
        public Session {
            Objects.requireNonNull(dataset);
            Objects.requireNonNull(model);
        }
    }

    /**
     * A read-only copy of a session's weights.
     *
     * @param session the session it was taken from
     * @param model   the copy, safe to read on any thread
     * @param version the weights' version when it was taken
     */
    public record Snapshot(Session session, Model model, long version, long takenNanos) {
    }

    private final ReadOnlyObjectWrapper<Session> session = new ReadOnlyObjectWrapper<>(this, "session");
    private final ReadOnlyLongWrapper revision = new ReadOnlyLongWrapper(this, "revision");
    private final ReadOnlyLongWrapper gridTick = new ReadOnlyLongWrapper(this, "gridTick");
    private final ReadOnlyBooleanWrapper training = new ReadOnlyBooleanWrapper(this, "training");
    private final AtomicLong weightsVersion = new AtomicLong();
    private final LongSupplier clock;
    private final Object snapshotLock = new Object();
    private volatile Session current;
    private volatile boolean trainingNow;
    private volatile Snapshot cached;
    private long publishedVersion;
    private long lastPublishNanos;
    private long tickedVersion;
    private long runStartNanos;
    private long lastTickNanos;

    /** A workspace on {@link System#nanoTime()}. */
    public Workspace() {
        this(System::nanoTime);
    }

    /** A workspace whose refreshes are timed by {@code clock} (nanoseconds, as {@link System#nanoTime()}). */
    Workspace(LongSupplier clock) {
        this.clock = Objects.requireNonNull(clock);
    }

    // --- Properties ----------------------------------------------------------------------------

    /** The dataset and model; null until the first dataset has loaded. */
    public ReadOnlyObjectProperty<Session> sessionProperty() {
        return session.getReadOnlyProperty();
    }

    public Session session() {
        return session.get();
    }

    /** Changes whenever the views should redraw: a new session, or new weights (throttled). */
    public ReadOnlyLongProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    /**
     * Changes at most every {@link #GRID_TICK_NANOS} while training runs and the weights have changed
     * since the last change: the manifold's chance to redraw between two revisions.
     */
    public ReadOnlyLongProperty gridTickProperty() {
        return gridTick.getReadOnlyProperty();
    }

    /** Whether a training run is in progress (paused counts as running). */
    public ReadOnlyBooleanProperty trainingProperty() {
        return training.getReadOnlyProperty();
    }

    public boolean isTraining() {
        return training.get();
    }

    // --- Commands ------------------------------------------------------------------------------

    /** Shows a new dataset and model; on the FX thread. */
    public void setSession(Session s) {
        current = Objects.requireNonNull(s);
        weightsVersion.incrementAndGet();
        session.set(s);
        bump();
    }

    /** Marks the start or end of training; the end always publishes the final weights. */
    public void setTraining(boolean running) {
        trainingNow = running;
        training.set(running);
        if (running) {
            // the views first show the new weights FIRST_REFRESH_NANOS after the start: soon enough to look
            // immediate, and not in the frames that already restyle the locked settings and start the trainer
            runStartNanos = clock.getAsLong();
            lastTickNanos = runStartNanos - GRID_TICK_NANOS;
            lastPublishNanos = runStartNanos - LIVE_REFRESH_NANOS + FIRST_REFRESH_NANOS;
        } else {
            // always, even when the last weights were published already: a view that let that revision pass
            // (its share of a core spent) would otherwise keep a state from the middle of the run, and each
            // view redraws at full quality after a run (the latent map: every test image, not a subset)
            bump();
        }
    }

    /** Called by the training thread after each step: the weights are newer than any copy. */
    public void weightsChanged() {
        weightsVersion.incrementAndGet();
    }

    /**
     * On the FX thread, once per frame: bumps the revision if the weights changed and the last bump
     * was at least {@link #LIVE_REFRESH_NANOS} ago.
     */
    public void publishRevision() {
        long v = weightsVersion.get();
        long now = clock.getAsLong();
        if (v != publishedVersion && now - lastPublishNanos >= LIVE_REFRESH_NANOS) {
            bump();
        }
    }

    /**
     * On the FX thread, once per frame while training runs: bumps the grid tick if the weights changed
     * and the last tick was at least {@link #GRID_TICK_NANOS} ago. The first tick of a run comes with its
     * first revision, {@link #FIRST_REFRESH_NANOS} after the start.
     */
    public void publishGridTick() {
        long v = weightsVersion.get();
        long now = clock.getAsLong();
        if (trainingNow && v != tickedVersion && now - lastTickNanos >= GRID_TICK_NANOS
                && now - runStartNanos >= FIRST_REFRESH_NANOS) {
            tickedVersion = v;
            lastTickNanos = now;
            gridTick.set(gridTick.get() + 1);
        }
    }

    /**
     * A copy of the current weights, safe on any thread, null before the first session. It is taken
     * again only if the weights changed since the last copy and, while training runs, only if that copy
     * is older than {@link #LIVE_REFRESH_NANOS}: the views redraw no faster, and every copy waits for the
     * trainer's current step.
     */
    public Snapshot snapshot() {
        return snapshot(LIVE_REFRESH_NANOS);
    }

    /**
     * The same, for a view that redraws more often while training runs: a copy is taken again if the
     * cached one is older than {@code maxAgeNanos}.
     */
    public Snapshot snapshot(long maxAgeNanos) {
        Session s = current;
        if (s == null) {
            return null;
        }
        synchronized (snapshotLock) {
            long v = weightsVersion.get();
            long now = clock.getAsLong();
            boolean fresh = cached != null && cached.session() == s && (cached.version() == v
                    || trainingNow && now - cached.takenNanos() < maxAgeNanos);
            if (!fresh) {
                cached = new Snapshot(s, s.model().weightsSnapshot(), v, now);
            }
            return cached;
        }
    }

    /**
     * The last copy taken by {@link #snapshot()}, if it belongs to the current session; never copies
     * and never waits, so the FX thread may call it (the editor decodes one slider position with it).
     */
    public Snapshot latestSnapshot() {
        Snapshot c = cached;
        return c != null && c.session() == current ? c : null;
    }

    private void bump() {
        publishedVersion = weightsVersion.get();
        lastPublishNanos = clock.getAsLong();
        revision.set(revision.get() + 1);
    }
}

package latentlab.app.common;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.Supplier;

/**
 * Spaces out a view's refreshes while training runs so that their CPU time stays within a share of
 * one core: after a refresh that took c of CPU, the next may start c / share later (and never
 * sooner than a minimum interval). A view that gets dearer (a bigger grid, a slower machine)
 * refreshes less often instead of taking time from training.
 */
public final class LiveBudget {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final double share;
    private final long minIntervalNanos;
    private volatile long nextNanos;

    /**
     * @param share            the most of one core the refreshes may use, e.g. 0.03
     * @param minIntervalNanos the shortest time between two refreshes
     */
    public LiveBudget(double share, long minIntervalNanos) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be in (0, 1], found " + share);
        }
        this.share = share;
        this.minIntervalNanos = minIntervalNanos;
    }

    /** Whether a refresh may start at {@code now} ({@link System#nanoTime()}). */
    public boolean allows(long now) {
        return now - nextNanos >= 0;
    }

    /** Runs a refresh on the calling (worker) thread and books its CPU time. */
    public <T> T spend(Supplier<T> refresh) {
        long cpu = cpuNanos();
        long start = System.nanoTime();
        try {
            return refresh.get();
        } finally {
            long cost = cpuNanos() - cpu;
            if (cost < 0) {
                cost = System.nanoTime() - start;                                      // no CPU clock: wall time
            }
            nextNanos = System.nanoTime() + Math.max(minIntervalNanos, (long) (cost / share));
        }
    }

    private static long cpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }
}

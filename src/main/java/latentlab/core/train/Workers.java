package latentlab.core.train;

import latentlab.core.model.Parallel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fork-join over a fixed set of threads for one training run: {@link #run} hands the parts to the
 * calling thread and the helper threads, and returns when all are done.
 *
 * <p>The parts are not assigned to threads: each thread takes the next part not yet taken, until none
 * is left. The parts are the same whichever thread runs them, so results do not depend on it. This
 * matters when training shares its cores with the window: a helper that the scheduler has not run yet
 * (the window's renderer has its core for a few milliseconds) leaves its part to the caller, which
 * takes it at once, instead of every step waiting out the window's turn.
 *
 * <p>A step forks about six times, a few hundred microseconds apart, so the hand-over must be quick:
 * a thread that waits (a helper for the next fork, the caller for the parts that others took) first
 * spins for up to {@link #SPIN_NANOS}, and only then parks. Parking alone cost 20 to 40 microseconds
 * per fork on this project's 2-core machines, about 5 % of a step.
 */
final class Workers implements Parallel, AutoCloseable {
    /** How long a waiting thread spins before it parks. */
    static final long SPIN_NANOS = 500_000;
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final Helper[] helpers;
    private final Runnable beforeHelperTakes;
    private volatile Fork fork;                                                  // the latest; helpers read it
    private volatile boolean closed;

    /** @param parts how many parts {@link #run} can split work into; parts - 1 helper threads are started */
    Workers(int parts) {
        this(parts, () -> { });
    }

    /** For tests: {@code beforeHelperTakes} runs on a helper each time it is about to take parts of a fork. */
    Workers(int parts, Runnable beforeHelperTakes) {
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be at least 1, found " + parts);
        }
        this.beforeHelperTakes = beforeHelperTakes;
        int pool = POOLS.incrementAndGet();
        helpers = new Helper[parts - 1];
        for (int k = 0; k < helpers.length; k++) {
            helpers[k] = new Helper("latentlab-train-" + pool + "-helper-" + (k + 1));
            helpers[k].start();
        }
    }

    @Override
    public int parts() {
        return helpers.length + 1;
    }

    /** Runs {@code part.accept(k)} for k = 0 .. parts-1, in parallel; rethrows the first failure. */
    void run(IntConsumer part) {
        run(parts(), part);
    }

    /**
     * Runs {@code part.accept(k)} for k = 0 .. count-1 (count at most parts), in parallel, each exactly
     * once, on whichever thread takes it first; returns when all have ended and rethrows the first failure.
     */
    @Override
    public void run(int count, IntConsumer part) {
        if (count < 1 || count > parts()) {
            throw new IllegalArgumentException("expected 1 to " + parts() + " parts, found " + count);
        }
        if (count == 1) {
            part.accept(0);
            return;
        }
        Fork f = new Fork(count, part);
        fork = f;
        for (int k = 0; k < count - 1; k++) {                                    // the helpers this fork can use
            helpers[k].wake();
        }
        f.take();
        f.awaitAll();
        Throwable failure = f.failure.get();
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Helper h : helpers) {
            LockSupport.unpark(h);
        }
    }

    /** One call of {@link #run}: its parts, the next one to take, and how many have ended. */
    private static final class Fork {
        final int count;
        final IntConsumer part;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger ended = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        volatile Thread waiter;                                                  // the caller, when it parks

        Fork(int count, IntConsumer part) {
            this.count = count;
            this.part = part;
        }

        /** Runs parts not yet taken until none is left. */
        void take() {
            for (int k = next.getAndIncrement(); k < count; k = next.getAndIncrement()) {
                try {
                    part.accept(k);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
                if (ended.incrementAndGet() == count) {
                    Thread w = waiter;
                    if (w != null) {
                        LockSupport.unpark(w);
                    }
                }
            }
        }

        /** The caller waits until every part has ended (parts write shared buffers), keeping an interrupt. */
        void awaitAll() {
            spinUntil(() -> ended.get() == count);
            if (ended.get() == count) {
                return;
            }
            boolean interrupted = false;
            waiter = Thread.currentThread();
            while (ended.get() != count) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
            waiter = null;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One helper thread: it takes parts of each new fork. */
    private final class Helper extends Thread {
        private volatile boolean parked;

        Helper(String name) {
            super(name);
            setDaemon(true);
        }

        /** A new fork is out (the caller's thread). */
        void wake() {
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        @Override
        public void run() {
            Fork seen = null;
            while (true) {
                Fork last = seen;
                spinUntil(() -> fork != last || closed);
                while (fork == last && !closed) {
                    parked = true;
                    if (fork == last && !closed) {
                        LockSupport.park(this);
                    }
                    parked = false;
                }
                if (closed) {
                    return;
                }
                seen = fork;
                beforeHelperTakes.run();
                seen.take();
            }
        }
    }

    private static void spinUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + SPIN_NANOS;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.yield();
        }
    }
}

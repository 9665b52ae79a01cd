package latentlab.core.train;

import latentlab.core.model.Parallel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fork-join over a fixed set of threads for one training run: {@link #run} does part 0 on the
 * calling thread and the others on helper threads, and returns when all are done.
 *
 * <p>A step forks about six times, a few hundred microseconds apart, so the hand-over must be quick:
 * a thread that waits (a helper for its next part, the caller for the helpers) first spins for up to
 * {@link #SPIN_NANOS}, and only then parks. Parking alone cost 20 to 40 microseconds per fork on this
 * project's 2-core machines, about 5 % of a step.
 */
final class Workers implements Parallel, AutoCloseable {
    /** How long a waiting thread spins before it parks. */
    static final long SPIN_NANOS = 500_000;
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final Helper[] helpers;

    /** @param parts how many parts {@link #run} can split work into; parts - 1 helper threads are started */
    Workers(int parts) {
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be at least 1, found " + parts);
        }
        int pool = POOLS.incrementAndGet();
        helpers = new Helper[parts - 1];
        for (int k = 0; k < helpers.length; k++) {
            helpers[k] = new Helper("latentlab-train-" + pool + "-helper-" + (k + 1), k + 1);
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

    /** Runs {@code part.accept(k)} for k = 0 .. count-1 (count at most parts), in parallel. */
    @Override
    public void run(int count, IntConsumer part) {
        if (count < 1 || count > parts()) {
            throw new IllegalArgumentException("expected 1 to " + parts() + " parts, found " + count);
        }
        for (int k = 1; k < count; k++) {
            helpers[k - 1].start(part);
        }
        RuntimeException failure = null;
        try {
            part.accept(0);
        } catch (RuntimeException e) {
            failure = e;
        }
        for (int k = 1; k < count; k++) {                                       // helpers write shared buffers: wait them out
            Throwable t = helpers[k - 1].await();
            if (t != null && failure == null) {
                failure = t instanceof RuntimeException r ? r : new IllegalStateException(t);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        for (Helper h : helpers) {
            h.shutdown();
        }
    }

    /** One helper thread; it runs one part at a time, handed over through volatile fields. */
    private static final class Helper extends Thread {
        private final int index;
        private volatile IntConsumer task;
        private volatile int started;                                            // parts handed over
        private volatile int finished;                                           // parts done
        private volatile boolean parked;
        private volatile Thread waiter;                                          // the caller, when it parks
        private volatile boolean closed;
        private Throwable failure;                                               // published by finished

        Helper(String name, int index) {
            super(name);
            this.index = index;
            setDaemon(true);
        }

        /** Hands over a part (the caller's thread). */
        void start(IntConsumer part) {
            task = part;
            started = started + 1;                                               // only the caller writes it
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        /** Waits for the part handed over last; returns what it threw, if anything (the caller's thread). */
        Throwable await() {
            int target = started;
            spinUntil(() -> finished == target);
            if (finished != target) {
                boolean interrupted = false;
                waiter = Thread.currentThread();
                while (finished != target) {
                    LockSupport.park(this);
                    interrupted |= Thread.interrupted();                          // keep waiting: the part writes shared buffers
                }
                waiter = null;
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            Throwable t = failure;
            failure = null;
            return t;
        }

        void shutdown() {
            closed = true;
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            int done = 0;
            while (true) {
                int next = done + 1;
                spinUntil(() -> started == next || closed);
                while (started != next && !closed) {
                    parked = true;
                    if (started != next && !closed) {
                        LockSupport.park(this);
                    }
                    parked = false;
                }
                if (closed && started != next) {
                    return;
                }
                try {
                    task.accept(index);
                } catch (Throwable t) {
                    failure = t;
                }
                done = next;
                finished = done;
                Thread w = waiter;
                if (w != null) {
                    LockSupport.unpark(w);
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
}

package latentlab.app.common;

import latentlab.core.train.NativeThreads;
import latentlab.core.train.ThreadPriority;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The app's background threads, all named daemon threads so that a stuck task can never keep the
 * process alive:
 * <ul>
 *   <li>{@link #training()}: one thread, {@code latentlab-train}, that runs the trainer;</li>
 *   <li>{@link #io()}: one thread, {@code latentlab-io}, that loads datasets and reads and writes files;</li>
 *   <li>{@link #render()}: {@code latentlab-render}, the thread that encodes and decodes for the views, at nice {@value ThreadPriority#VIEW_NICE} once training has started ({@link #behindOnceTrained}).</li>
 * </ul>
 * {@link #shutdown(long)} stops them all; training must have been stopped through its run first.
 */
public final class BackgroundExecutors {
    /**
     * Threads that encode and decode for the views: one, so that the views together never take more
     * than one core from training (the editor decodes a slider's position on the FX thread itself).
     */
    public static final int RENDER_THREADS = 1;

    /**
     * ND4J's and the BLAS library's threads in the window, for its own products (decodes and encodes for
     * the views): every core but one. A second BLAS thread on a 2-core machine made the window's start
     * 0.1-0.4 s slower: it competes with JavaFX's start for the other core.
     */
    public static int nativeThreads() {
        return Math.max(1, NativeThreads.available() - 1);
    }

    /**
     * Training's threads in the window: every core. The training thread runs behind the window's
     * threads ({@link #behind}), so the FX thread and the renderer get a core whenever they need one
     * and training takes the rest. (Before, the window kept one of two cores for itself: training
     * then ran at about two thirds of the command line's speed.) The system property
     * {@value #THREADS_PROPERTY} overrides it (for measuring the alternative).
     */
    public static int trainingThreads() {
        return Math.max(1, Integer.getInteger(THREADS_PROPERTY, NativeThreads.available()));
    }

    /** The system property that sets {@link #trainingThreads()}. */
    public static final String THREADS_PROPERTY = "latentlab.appThreads";

    private final ExecutorService training;
    private final ExecutorService io;
    private final ExecutorService render;

    private BackgroundExecutors(ExecutorService training, ExecutorService io, ExecutorService render) {
        this.training = training;
        this.io = io;
        this.render = render;
    }

    /** The executors of a running app. */
    public static BackgroundExecutors create() {
        AtomicBoolean trained = new AtomicBoolean();
        return new BackgroundExecutors(
                Executors.newSingleThreadExecutor(behind(named("latentlab-train"), () -> trained.set(true))),
                Executors.newSingleThreadExecutor(named("latentlab-io")),
                behindOnceTrained(named("latentlab-render"), trained));
    }

    /**
     * The views' worker ({@value #RENDER_THREADS} thread): at normal priority until training first starts,
     * so that the window's first manifold is drawn as soon as it can be (measured: about 0.1-0.2 s of the
     * start), then at nice {@value ThreadPriority#VIEW_NICE} for good, from its next task on: behind the
     * window's own threads, ahead of training's.
     */
    static ExecutorService behindOnceTrained(ThreadFactory factory, AtomicBoolean trained) {
        ThreadLocal<Boolean> lowered = ThreadLocal.withInitial(() -> false);
        return new ThreadPoolExecutor(RENDER_THREADS, RENDER_THREADS, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), factory) {
            @Override
            protected void beforeExecute(Thread t, Runnable r) {
                if (trained.get() && !lowered.get()) {
                    ThreadPriority.lowerCurrentThread(ThreadPriority.VIEW_NICE);
                    lowered.set(true);
                }
            }
        };
    }

    /** These executors, with {@code ui} as the FX thread, for the view-models. */
    public Threads threads(Executor ui) {
        return new Threads(training, io, render, ui);
    }

    public ExecutorService training() {
        return training;
    }

    public ExecutorService io() {
        return io;
    }

    public ExecutorService render() {
        return render;
    }

    /**
     * Lets queued file work finish (a save in progress is never cut off), interrupts the rest, and
     * waits up to {@code millis} in all.
     */
    public void shutdown(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        render.shutdownNow();
        training.shutdown();
        io.shutdown();
        for (ExecutorService e : List.of(io, training, render)) {
            try {
                e.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        training.shutdownNow();
    }

    /**
     * Threads that run behind the window's ({@link ThreadPriority#lowerCurrentThread()}), and so do the
     * helper threads they start: training takes what the window leaves of every core.
     */
    static ThreadFactory behind(ThreadFactory factory) {
        return behind(factory, () -> { });
    }

    /** As {@link #behind(ThreadFactory)}, and each new thread first runs {@code onStart}. */
    static ThreadFactory behind(ThreadFactory factory, Runnable onStart) {
        return r -> factory.newThread(() -> {
            onStart.run();
            ThreadPriority.lowerCurrentThread();
            r.run();
        });
    }

    /** A factory of daemon threads named {@code prefix}, then {@code prefix-2}, ... */
    public static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            int n = count.incrementAndGet();
            Thread t = new Thread(r, n == 1 ? prefix : prefix + "-" + n);
            t.setDaemon(true);
            return t;
        };
    }
}

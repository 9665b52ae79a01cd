package latentlab.core.train;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Puts a thread behind the others on its cores: for training in the window, so that the window's
 * threads (events, layout, the renderer) get a core at once whenever they need one and training takes
 * every cycle they leave. On two cores this lets training use both and the window still keep its
 * frames, where leaving a core idle for the window cost training a third of its speed.
 *
 * <p>On Linux a nice value is a per-thread attribute, set here with {@code setpriority} on the thread's
 * id, and threads started afterwards by that thread (the trainer's helpers) inherit it. Java's thread
 * priority is lowered too: Windows honours it, and new Java threads inherit it. Lowering a priority
 * needs no privilege; raising it back would, so only dedicated threads are lowered.
 */
public final class ThreadPriority {
    /** The nice value of a background thread: 10 gets about a tenth of a core beside a nice-0 thread. */
    public static final int BACKGROUND_NICE = 10;
    private static final int PRIO_PROCESS = 0;
    private static final MethodHandle GETTID;
    private static final MethodHandle SETPRIORITY;

    static {
        MethodHandle gettid = Libc.function("gettid", FunctionDescriptor.of(ValueLayout.JAVA_INT));
        MethodHandle setpriority = Libc.function("setpriority", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        boolean both = gettid != null && setpriority != null;
        GETTID = both ? gettid : null;
        SETPRIORITY = both ? setpriority : null;
    }

    private ThreadPriority() {
    }

    /**
     * The nice value of the views' workers in the window (the manifold, the latent map, the editor's
     * decodes): behind the window's own threads, far ahead of training's ({@value #BACKGROUND_NICE}),
     * which at nice 5 against 10 leaves them about three quarters of a core they share with it.
     */
    public static final int VIEW_NICE = 5;

    /**
     * Lowers the calling thread's priority for good, to {@link #BACKGROUND_NICE}.
     *
     * @return whether the operating system's priority changed (Linux); false where only Java's did
     */
    public static boolean lowerCurrentThread() {
        return lowerCurrentThread(BACKGROUND_NICE);
    }

    /**
     * Lowers the calling thread's priority for good, to nice value {@code nice} (1 to 19) on Linux, and
     * Java's priority in proportion (nice 10 and above: {@link Thread#MIN_PRIORITY}).
     *
     * @return whether the operating system's priority changed (Linux); false where only Java's did
     */
    public static boolean lowerCurrentThread(int nice) {
        if (nice < 1 || nice > 19) {
            throw new IllegalArgumentException("a nice value from 1 to 19, found " + nice);
        }
        int steps = Thread.NORM_PRIORITY - Thread.MIN_PRIORITY;
        Thread.currentThread().setPriority(Math.max(Thread.MIN_PRIORITY,
                Thread.NORM_PRIORITY - (steps * nice + BACKGROUND_NICE - 1) / BACKGROUND_NICE));
        if (SETPRIORITY == null) {
            return false;
        }
        try {
            int tid = (int) GETTID.invokeExact();
            return (int) SETPRIORITY.invokeExact(PRIO_PROCESS, tid, nice) == 0;
        } catch (Throwable e) {
            return false;
        }
    }

    /**
     * The nice value of the JVM's JIT compiler threads in the window: behind the window's own threads,
     * ahead of training's. At nice 0 they share the cores equally with the event thread and the
     * renderer, and on two cores they kept the window from a core while they compiled. In app-bench, the
     * longest pulse gap while training was 24-45 ms (median 33) in 14 runs with them at 5 against 27-67 ms
     * (median 37, 2 over 50 ms) in 15 without; the app's cold start 2.88 against 3.15 s (medians of
     * alternated pairs; BENCHMARKS.md).
     */
    public static final int COMPILER_NICE = 5;

    /**
     * Lowers the JVM's JIT compiler threads (HotSpot's "C1 CompilerThread0", "C2 CompilerThread0", ...)
     * to nice value {@code nice} on Linux, found by name in {@code /proc/self/task}. Compiler threads
     * that HotSpot adds later are started by one of these and inherit the value.
     *
     * @return how many threads were lowered; 0 where nice values are not set (not Linux)
     */
    public static int lowerCompilerThreads(int nice) {
        if (nice < 1 || nice > 19) {
            throw new IllegalArgumentException("a nice value from 1 to 19, found " + nice);
        }
        if (SETPRIORITY == null) {
            return 0;
        }
        int lowered = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String name;
                try {
                    name = Files.readString(task.resolve("comm")).strip();
                } catch (IOException e) {
                    continue;                                                     // the thread has ended
                }
                if (isCompilerThread(name)
                        && (int) SETPRIORITY.invokeExact(PRIO_PROCESS, Integer.parseInt(task.getFileName().toString()), nice) == 0) {
                    lowered++;
                }
            }
        } catch (Throwable e) {
            return lowered;
        }
        return lowered;
    }

    /** Whether a thread's name as Linux keeps it (its first 15 characters) is a HotSpot JIT compiler's. */
    public static boolean isCompilerThread(String name) {
        return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
    }

    /** A thread's nice value on Linux (from /proc/self/task/TID/stat), or empty when it cannot be read. */
    static OptionalInt niceOf(int tid) {
        try {
            String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return OptionalInt.of(Integer.parseInt(fields[16]));            // field 19 of stat: nice
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    /** The calling thread's nice value on Linux (from /proc), or empty elsewhere. */
    static OptionalInt currentNice() {
        if (GETTID == null) {
            return OptionalInt.empty();
        }
        try {
            return niceOf((int) GETTID.invokeExact());
        } catch (Throwable e) {
            return OptionalInt.empty();
        }
    }
}

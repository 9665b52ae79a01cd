package latentlab.core.train;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

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
        MethodHandle gettid = null;
        MethodHandle setpriority = null;
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            try {
                Linker linker = Linker.nativeLinker();
                var libc = linker.defaultLookup();
                gettid = linker.downcallHandle(libc.find("gettid").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT));
                setpriority = linker.downcallHandle(libc.find("setpriority").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                                ValueLayout.JAVA_INT));
            } catch (RuntimeException | LinkageError e) {
                gettid = null;
                setpriority = null;
            }
        }
        GETTID = gettid;
        SETPRIORITY = setpriority;
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

    /** The calling thread's nice value on Linux (from /proc), or empty elsewhere. */
    static java.util.OptionalInt currentNice() {
        if (GETTID == null) {
            return java.util.OptionalInt.empty();
        }
        try {
            int tid = (int) GETTID.invokeExact();
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/task/" + tid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return java.util.OptionalInt.of(Integer.parseInt(fields[16]));            // field 19 of stat: nice
        } catch (Throwable e) {
            return java.util.OptionalInt.empty();
        }
    }
}

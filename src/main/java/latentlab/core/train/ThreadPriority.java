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
     * Lowers the calling thread's priority for good.
     *
     * @return whether the operating system's priority changed (Linux); false where only Java's did
     */
    public static boolean lowerCurrentThread() {
        Thread.currentThread().setPriority(Thread.MIN_PRIORITY);
        if (SETPRIORITY == null) {
            return false;
        }
        try {
            int tid = (int) GETTID.invokeExact();
            return (int) SETPRIORITY.invokeExact(PRIO_PROCESS, tid, BACKGROUND_NICE) == 0;
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

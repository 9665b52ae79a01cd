package latentlab.core.train;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

/**
 * Functions of the C library on Linux, called through the FFM API: the thread priorities of
 * {@link ThreadPriority} and the file allocation of the packed natives' unpacking.
 */
public final class Libc {
    private static final boolean LINUX = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");

    private Libc() {
    }

    /**
     * A handle on the C library's {@code name} with the given signature, or null where there is none to call:
     * not Linux, no such function, or no native access for this code.
     */
    public static MethodHandle function(String name, FunctionDescriptor type, Linker.Option... options) {
        if (!LINUX) {
            return null;
        }
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find(name).map(f -> linker.downcallHandle(f, type, options)).orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}

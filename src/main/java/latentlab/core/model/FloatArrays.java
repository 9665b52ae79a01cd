package latentlab.core.model;

import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Float arrays that a training run gives back when it ends, for the next run to take. A run of the
 * 784-512-2 VAE holds about 70 MB of buffers (the passes' workspaces, the optimiser's copies, the
 * gradient) for as long as it lasts. Made anew for every run, the arrays of G1's humongous size started
 * a concurrent cycle at each run's start (with its pauses), and the first young collection of the run
 * copied the others (50 MB copied in a 22 ms pause in one recording). Taken back here, they are
 * already in the old generation.
 *
 * <p>Arrays are kept by length through soft references, so the collector may reclaim them when memory
 * runs short, and at most {@value #KEPT_PER_LENGTH} of one length. An array given back must no longer be
 * used by whoever gave it. Thread-safe.
 */
public final class FloatArrays {
    /** The most arrays of one length kept. */
    static final int KEPT_PER_LENGTH = 16;
    private static final Map<Integer, Deque<SoftReference<float[]>>> FREE = new HashMap<>();

    private FloatArrays() {
    }

    /** An array of {@code n} zeros: one given back earlier, zeroed, or a new one. */
    public static float[] zeros(int n) {
        float[] a = take(n);
        if (a == null) {
            return new float[n];
        }
        Arrays.fill(a, 0f);
        return a;
    }

    /** A copy of {@code source}, in an array given back earlier if there is one of its length. */
    public static float[] copyOf(float[] source) {
        float[] a = take(source.length);
        if (a == null) {
            return source.clone();
        }
        System.arraycopy(source, 0, a, 0, source.length);
        return a;
    }

    /**
     * Gives arrays back for later takers; none may be used by the caller afterwards. Nulls, empty arrays
     * and arrays already given back are skipped.
     */
    public static void giveBack(float[]... arrays) {
        synchronized (FREE) {
            for (float[] a : arrays) {
                if (a == null || a.length == 0) {
                    continue;
                }
                Deque<SoftReference<float[]>> free = FREE.computeIfAbsent(a.length, n -> new ArrayDeque<>());
                free.removeIf(r -> r.get() == null);
                if (free.size() < KEPT_PER_LENGTH && free.stream().noneMatch(r -> r.get() == a)) {    // not twice
                    free.push(new SoftReference<>(a));
                }
            }
        }
    }

    /** How many arrays of length {@code n} are kept now, ready to be taken (for tests). */
    public static int kept(int n) {
        synchronized (FREE) {
            Deque<SoftReference<float[]>> free = FREE.get(n);
            return free == null ? 0 : (int) free.stream().filter(r -> r.get() != null).count();
        }
    }

    /** Sets every value of every kept array to {@code value} (for tests: takers must not see it). */
    static void fillKept(float value) {
        synchronized (FREE) {
            for (Deque<SoftReference<float[]>> free : FREE.values()) {
                for (SoftReference<float[]> r : free) {
                    float[] a = r.get();
                    if (a != null) {
                        Arrays.fill(a, value);
                    }
                }
            }
        }
    }

    private static float[] take(int n) {
        if (n == 0) {
            return null;
        }
        synchronized (FREE) {
            Deque<SoftReference<float[]>> free = FREE.get(n);
            while (free != null && !free.isEmpty()) {
                float[] a = free.pop().get();
                if (a != null) {
                    return a;
                }
            }
            return null;
        }
    }
}

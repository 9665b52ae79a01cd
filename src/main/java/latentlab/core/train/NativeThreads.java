package latentlab.core.train;

import latentlab.core.model.Blas;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * How many CPU threads training and ND4J's native code (OpenMP loops and BLAS) may use. The
 * {@link Trainer} reads the count when a run starts and shares each step over that many threads of
 * its own (with one-threaded products, so OpenMP stays out of training). ND4J's own OpenMP loops only
 * pay off on 2 cores when OpenMP waits passively (environment variable OMP_WAIT_POLICY=PASSIVE, which
 * the launchers set); see FIELD-NOTES.
 */
public final class NativeThreads {
    private static volatile int current = available();
    private static volatile int training;                                        // 0: the same as current

    private NativeThreads() {
    }

    /** Uses {@code n} threads from now on, for training, every native op and every product. */
    public static void use(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("thread count must be at least 1, found " + n);
        }
        current = n;
        Nd4j.getEnvironment().setMaxThreads(n);
        Nd4j.getEnvironment().setMaxMasterThreads(n);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
        if (Blas.canSetThreads()) {
            Blas.setThreads(n);
        } else {
            // through JavaCPP's symbol lookup: avoided where possible, since it takes the dynamic loader's
            // lock, which a library loading on another thread (JavaFX's) may hold while it waits for Java
            Nd4j.factory().blas().setMaxThreads(n);
        }
    }

    /**
     * Gives training its own thread count, apart from ND4J's and the BLAS library's ({@link #use}): the
     * window trains on every core (behind its own threads) but keeps its own products, small decodes and
     * encodes for the views, on fewer, so that an idle BLAS thread does not compete with the window at
     * start-up (measured: 0.1-0.4 s slower starts on 2 cores with 2 BLAS threads).
     */
    public static void useForTraining(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("thread count must be at least 1, found " + n);
        }
        training = n;
    }

    /** The threads a training run splits its steps over: {@link #useForTraining}'s count, else {@link #current()}. */
    public static int training() {
        int t = training;
        return t > 0 ? t : current;
    }

    /** The count last given to {@link #use}, or every available core. */
    public static int current() {
        return current;
    }

    /** The default: every available core. */
    public static int available() {
        return Runtime.getRuntime().availableProcessors();
    }
}

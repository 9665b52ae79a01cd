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

    /** The count last given to {@link #use}, or every available core. */
    public static int current() {
        return current;
    }

    /** The default: every available core. */
    public static int available() {
        return Runtime.getRuntime().availableProcessors();
    }
}

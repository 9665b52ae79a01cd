package latentlab.core.train;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * How many CPU threads ND4J's native code (OpenMP loops and BLAS) may use. On a 2-core machine two
 * threads only pay off when OpenMP waits passively (environment variable OMP_WAIT_POLICY=PASSIVE,
 * which the launchers set); see FIELD-NOTES.
 */
public final class NativeThreads {
    private NativeThreads() {
    }

    /** Uses {@code n} threads from now on, for every native op and product. */
    public static void use(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("thread count must be at least 1, found " + n);
        }
        Nd4j.getEnvironment().setMaxThreads(n);
        Nd4j.getEnvironment().setMaxMasterThreads(n);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
        Nd4j.factory().blas().setMaxThreads(n);
    }

    /** The default: every available core. */
    public static int available() {
        return Runtime.getRuntime().availableProcessors();
    }
}

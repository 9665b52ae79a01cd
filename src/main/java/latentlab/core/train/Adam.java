package latentlab.core.train;

import latentlab.core.model.Blas;
import latentlab.core.model.FloatArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Adam (Kingma and Ba 2015) over one flat float parameter vector, with ND4J's conventions: the
 * optimiser state is [2P], the first moment m then the second moment v, and step t (1-based) uses
 * <pre>
 *   m = beta1 m + (1 - beta1) g,   v = beta2 v + (1 - beta2) g^2
 *   p = p - alpha_t m / (sqrt(v) + epsilon),   alpha_t = lr sqrt(1 - beta2^t) / (1 - beta1^t)
 * </pre>
 * so a model saved by an earlier version resumes where it stopped.
 *
 * <p>The update is one pass over Java arrays, which the JIT vectorises (ND4J's updater took 5 ms per
 * step for 0.8 M parameters, this about 0.3 ms). Loops over native memory do not vectorise, so the
 * arrays are master copies of the parameters and moments, and {@link #publish} copies them to the
 * model's native arrays, all three together so that the model always holds the parameters and
 * moments of one same step. Several threads may work on disjoint ranges at the same time.
 */
final class Adam {
    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPSILON = 1e-8;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;

    private final int size;
    private final float[] p;
    private final float[] m;
    private final float[] v;
    private final MemorySegment paramsOut;                                      // the model's [P]
    private final MemorySegment stateOut;                                       // the model's [2P]: m then v

    /**
     * @param params the model's parameters [P], updated in place
     * @param state  the optimiser state [2P] (m then v), read to start from and updated in place
     */
    Adam(INDArray params, INDArray state) {
        this.size = Math.toIntExact(params.length());
        if (state.length() != 2L * size) {
            throw new IllegalArgumentException("expected an optimiser state of " + 2L * size + " values, found " + state.length());
        }
        this.paramsOut = Blas.segment(params);
        this.stateOut = Blas.segment(state);
        this.p = FloatArrays.zeros(size);
        this.m = FloatArrays.zeros(size);
        this.v = FloatArrays.zeros(size);
        MemorySegment.copy(paramsOut, FLOAT, 0, p, 0, size);
        MemorySegment.copy(stateOut, FLOAT, 0, m, 0, size);
        MemorySegment.copy(stateOut, FLOAT, 4L * size, v, 0, size);
    }

    /** Gives the master copies back ({@link FloatArrays}) at the end of a run; this must not be used afterwards. */
    void release() {
        FloatArrays.giveBack(p, m, v);
    }

    int size() {
        return size;
    }

    /**
     * Applies step {@code t} (1-based) to the master copies of the parameters in [from, to).
     *
     * @param g  the gradient [P] (only [from, to) is read)
     * @param lr the learning rate of this step
     */
    void step(float[] g, double lr, long t, int from, int to) {
        float beta1 = (float) BETA1;
        float beta2 = (float) BETA2;
        float eps = (float) EPSILON;
        double alpha = lr * Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t));
        float alphaT = Double.isFinite(alpha) && alpha != 0 ? (float) alpha : eps;    // ND4J's guard
        float[] p = this.p;
        float[] m = this.m;
        float[] v = this.v;
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float mi = beta1 * m[i] + (1 - beta1) * gi;
            float vi = beta2 * v[i] + (1 - beta2) * gi * gi;
            m[i] = mi;
            v[i] = vi;
            p[i] -= alphaT * mi / ((float) Math.sqrt(vi) + eps);
        }
    }

    /** Copies the parameters and both moments in [from, to) to the model's arrays. */
    void publish(int from, int to) {
        long offset = 4L * from;
        int n = to - from;
        MemorySegment.copy(p, from, paramsOut, FLOAT, offset, n);
        MemorySegment.copy(m, from, stateOut, FLOAT, offset, n);
        MemorySegment.copy(v, from, stateOut, FLOAT, 4L * size + offset, n);
    }

    /** The current parameters (the master copy; do not modify). */
    float[] params() {
        return p;
    }

    /** Sets the master parameters to {@code values} [P]; the moments stay. */
    void setParams(float[] values) {
        System.arraycopy(values, 0, p, 0, size);
    }
}

package latentlab.core.model;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The input columns (pixels) of a batch that are not zero in every image, with the batch and the
 * first layer's weight rows restricted to them. Products with a column that is zero throughout are
 * exactly zero, so the first layer's two products (a = x W and dW = x^T dA) can leave such columns
 * out: the same results to rounding, with fewer operations. In a batch of 100 MNIST digits about a
 * third of the pixels are blank in every image (the border); for images without blank pixels
 * {@link #select} declines and the dense products run.
 *
 * <p>Buffers are allocated once, for up to {@code rows} images of {@code d} pixels and a first layer of
 * {@code width} units. Not thread-safe.
 */
final class ActiveInputs {
    /** Below this fraction of active columns the restricted products pay for the gathering. */
    static final double WORTHWHILE = 0.85;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;

    private final int d;
    private final int width;
    private final int[] columns;                                                 // the active ones, ascending
    private final float[] x;                                                     // [rows, count]
    private final float[] weights;                                               // [count, width]
    private final float[] gradient;                                              // [count, width]
    private final float[] magnitude;                                             // [d] max |x| per column
    private final float[] row;                                                   // [d]
    private int count;
    private int rows;

    ActiveInputs(int rows, int d, int width) {
        this(rows, d, width, float[]::new);
    }

    /** @param buffer makes a buffer of n zeros */
    ActiveInputs(int rows, int d, int width, java.util.function.IntFunction<float[]> buffer) {
        this.d = d;
        this.width = width;
        this.columns = new int[d];
        this.x = buffer.apply(rows * d);
        this.weights = buffer.apply(d * width);
        this.gradient = buffer.apply(d * width);
        this.magnitude = buffer.apply(d);
        this.row = buffer.apply(d);
    }

    /** Gives the buffers back ({@link FloatArrays}) if they came from there; this must not be used afterwards. */
    void giveBack() {
        FloatArrays.giveBack(x, weights, gradient, magnitude, row);
    }

    /**
     * Finds the active columns of x [rows, d] and, if few enough, gathers them.
     *
     * @return whether the restricted products are worth running (if not, nothing else may be called)
     */
    boolean select(float[] in, int rows) {
        java.util.Arrays.fill(magnitude, 0f);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(in, r * d, row, 0, d);                                  // same-index loop below vectorises
            for (int c = 0; c < d; c++) {
                magnitude[c] = Math.max(magnitude[c], Math.abs(row[c]));            // NaN stays, and counts as active
            }
        }
        count = 0;
        for (int c = 0; c < d; c++) {
            if (magnitude[c] != 0) {
                columns[count++] = c;
            }
        }
        if (count > WORTHWHILE * d) {
            return false;
        }
        this.rows = rows;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < count; j++) {
                x[r * count + j] = in[r * d + columns[j]];
            }
        }
        return true;
    }

    /** The number of active columns, K of the restricted products. */
    int count() {
        return count;
    }

    /** The batch restricted to the active columns, [rows, count]. */
    float[] x() {
        return x;
    }

    /**
     * The weight rows of the active columns, [count, width], gathered from W [d, width] at float offset
     * {@code w}, shared out over {@code parallel}'s threads.
     */
    float[] weights(MemorySegment params, long w, Parallel parallel) {
        int parts = parallel.parts();
        parallel.run(parts, k -> {
            for (int j = count * k / parts; j < count * (k + 1) / parts; j++) {
                MemorySegment.copy(params, FLOAT, 4 * (w + (long) columns[j] * width), weights, j * width, width);
            }
        });
        return weights;
    }

    /** A buffer [count, width] for the restricted weight gradient. */
    float[] gradientBuffer() {
        return gradient;
    }

    /**
     * Writes the full weight gradient [d, width] at float offset {@code w}: the restricted rows, zero
     * elsewhere, shared out over {@code parallel}'s threads.
     */
    void scatterGradient(MemorySegment target, long w, Parallel parallel) {
        int parts = parallel.parts();
        parallel.run(parts, k -> {                                                // offsets, not slices: no garbage per row
            int from = d * k / parts;
            int next = java.util.Arrays.binarySearch(columns, 0, count, from);
            next = next >= 0 ? next : -next - 1;                                  // the first active column >= from
            int to = d * (k + 1) / parts;
            for (int c = from; c < to; ) {
                long at = 4 * (w + (long) c * width);                             // row c of the weight gradient
                if (next < count && columns[next] == c) {
                    MemorySegment.copy(gradient, next * width, target, FLOAT, at, width);
                    next++;
                    c++;
                } else {                                                          // blank rows up to the next active one
                    int end = next < count ? Math.min(columns[next], to) : to;
                    target.asSlice(at, 4L * (end - c) * width).fill((byte) 0);
                    c = end;
                }
            }
        });
    }

    int rows() {
        return rows;
    }
}

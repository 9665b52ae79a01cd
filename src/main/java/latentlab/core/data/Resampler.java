package latentlab.core.data;

/**
 * Resizes a greyscale image separably with a tent filter whose radius is one output pixel measured in
 * source pixels (at least one source pixel): bilinear interpolation when enlarging, an area-weighted
 * average when reducing, so that a reduced image keeps every stroke instead of dropping rows of pixels.
 * Used by {@link ImagePreprocessor} and to draw a manifold grid at the size it is shown.
 */
public final class Resampler {
    private Resampler() {
    }

    /**
     * The crop at ({@code top}, {@code left}) of {@code boxRows x boxCols} of an image {@code width}
     * pixels wide, row by row in {@code v}, resampled to {@code rows x cols}.
     */
    public static float[] resample(float[] v, int width, int top, int left, int boxRows, int boxCols,
                                   int rows, int cols) {
        if (boxRows <= 0 || boxCols <= 0 || rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("sizes must be positive: " + boxRows + "x" + boxCols + " to "
                    + rows + "x" + cols);
        }
        Taps horizontal = Taps.of(boxCols, cols);
        float[] wide = new float[boxRows * cols];
        for (int y = 0; y < boxRows; y++) {
            int from = (top + y) * width + left;
            for (int c = 0; c < cols; c++) {
                wide[y * cols + c] = horizontal.apply(c, v, from, 1);
            }
        }
        Taps vertical = Taps.of(boxRows, rows);
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = vertical.apply(r, wide, c, cols);
            }
        }
        return out;
    }

    /** A whole {@code srcRows x srcCols} image resampled to {@code rows x cols}. */
    public static float[] resample(float[] v, int srcRows, int srcCols, int rows, int cols) {
        return resample(v, srcCols, 0, 0, srcRows, srcCols, rows, cols);
    }

    /** Resampling weights from n source samples to m output samples. */
    private record Taps(int[] first, float[][] weights) {
        static Taps of(int n, int m) {
            double scale = (double) n / m;
            double radius = Math.max(1.0, scale);
            int[] first = new int[m];
            float[][] weights = new float[m][];
            for (int i = 0; i < m; i++) {
                double centre = (i + 0.5) * scale;
                int lo = Math.max(0, (int) Math.floor(centre - radius));
                int hi = Math.min(n - 1, (int) Math.ceil(centre + radius));
                float[] w = new float[hi - lo + 1];
                double total = 0;
                for (int j = lo; j <= hi; j++) {
                    double t = Math.max(0.0, 1.0 - Math.abs(j + 0.5 - centre) / radius);
                    w[j - lo] = (float) t;
                    total += t;
                }
                for (int j = 0; j < w.length; j++) {
                    w[j] = total > 0 ? (float) (w[j] / total) : 1f / w.length;
                }
                first[i] = lo;
                weights[i] = w;
            }
            return new Taps(first, weights);
        }

        /** Output sample i from {@code src[offset + j*stride]}. */
        float apply(int i, float[] src, int offset, int stride) {
            float[] w = weights[i];
            int at = offset + first[i] * stride;
            float sum = 0f;
            for (float weight : w) {
                sum += weight * src[at];
                at += stride;
            }
            return sum;
        }
    }
}

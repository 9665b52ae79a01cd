package latentlab.app.chart;

import java.util.Arrays;

/**
 * Reduces a long curve to what a screen can show without changing the picture: per pixel column,
 * the first, lowest, highest and last point, in their original order (the M4 aggregation of Jugel et
 * al., 2014). A line through the result covers exactly the pixels the full line would, so 100,000
 * points draw as at most four per column.
 */
public final class Downsampler {
    private static final int POINTS_PER_COLUMN = 4;

    private Downsampler() {
    }

    /**
     * The points to draw.
     *
     * @param xs      x values, ascending; the first {@code n} are used
     * @param ys      y values; non-finite ones (and, with {@code positiveOnly}, those not above 0) are skipped
     * @param n       number of points
     * @param x0      x at the left edge
     * @param x1      x at the right edge
     * @param columns pixel columns between them
     * @return {x0', y0', x1', y1', ...} in data units; at most 4 points per column, plus the neighbours
     *         just outside the range so that the line reaches the edges
     */
    public static double[] m4(double[] xs, double[] ys, int n, double x0, double x1, int columns,
                              boolean positiveOnly) {
        if (n == 0 || columns <= 0 || !(x1 > x0)) {
            return new double[0];
        }
        int from = Math.max(0, lowerBound(xs, n, x0) - 1);
        int to = Math.min(n, upperBound(xs, n, x1) + 1);
        double[] out = new double[2 * Math.min(to - from, POINTS_PER_COLUMN * (columns + 2))];
        int k = 0;
        int column = Integer.MIN_VALUE;
        int first = -1;
        int min = -1;
        int max = -1;
        int last = -1;
        double scale = columns / (x1 - x0);
        for (int i = from; i < to; i++) {
            double y = ys[i];
            if (!Double.isFinite(y) || positiveOnly && y <= 0) {
                continue;
            }
            int c = (int) Math.floor((xs[i] - x0) * scale);
            if (c != column) {
                k = flush(xs, ys, out, k, first, min, max, last);
                column = c;
                first = i;
                min = i;
                max = i;
            }
            if (y < ys[min]) {
                min = i;
            }
            if (y > ys[max]) {
                max = i;
            }
            last = i;
        }
        k = flush(xs, ys, out, k, first, min, max, last);
        return Arrays.copyOf(out, k);
    }

    /** Appends a column's points in index order, each once. */
    private static int flush(double[] xs, double[] ys, double[] out, int k, int first, int min, int max, int last) {
        if (first < 0) {
            return k;
        }
        int[] order = {first, Math.min(min, max), Math.max(min, max), last};
        int previous = -1;
        for (int i : order) {
            if (i != previous) {
                out[k++] = xs[i];
                out[k++] = ys[i];
                previous = i;
            }
        }
        return k;
    }

    /** First index whose x is at least v. */
    static int lowerBound(double[] xs, int n, double v) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (xs[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** First index whose x is above v. */
    static int upperBound(double[] xs, int n, double v) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (xs[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}

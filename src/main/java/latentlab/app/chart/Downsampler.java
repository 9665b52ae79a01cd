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

    /**
     * The vertical span a line through every point covers in each pixel column: per column the lowest
     * and highest value, widened to the last value of the column before (the segment that joins them).
     * Drawn as one 1-pixel bar per column it covers the pixels of the full line, and a bar is far cheaper
     * to draw than a line of thousands of vertices.
     *
     * @return {lo0, hi0, lo1, hi1, ...} in data units, one pair per column; NaN where a column has no point
     */
    public static double[] columnSpans(double[] xs, double[] ys, int n, double x0, double x1, int columns,
                                       boolean positiveOnly) {
        double[] out = new double[2 * Math.max(columns, 0)];
        Arrays.fill(out, Double.NaN);
        if (n == 0 || columns <= 0 || !(x1 > x0)) {
            return out;
        }
        double scale = columns / (x1 - x0);
        double last = Double.NaN;
        int column = Integer.MIN_VALUE;
        for (int i = Math.max(0, lowerBound(xs, n, x0) - 1), to = Math.min(n, upperBound(xs, n, x1) + 1); i < to; i++) {
            double y = ys[i];
            if (!Double.isFinite(y) || positiveOnly && y <= 0) {
                continue;
            }
            int c = (int) Math.clamp((long) Math.floor((xs[i] - x0) * scale), 0, columns - 1);
            if (c != column) {
                column = c;
                if (Double.isNaN(out[2 * c])) {                 // the segment from the previous point starts here
                    out[2 * c] = Double.isNaN(last) ? y : last;
                    out[2 * c + 1] = out[2 * c];
                }
            }
            out[2 * c] = Math.min(out[2 * c], y);
            out[2 * c + 1] = Math.max(out[2 * c + 1], y);
            last = y;
        }
        return out;
    }

    /**
     * One point per pixel column for a smooth curve: the middle of the column's span ({@link #columnSpans})
     * at the column's centre. A smoothed curve moves far less than a pixel within a column, so a line of
     * width 2 through these covers what the line through every point would, with one vertex per column.
     *
     * @return {x0', y0', x1', y1', ...} in data units, columns without a point left out
     */
    public static double[] columnMiddles(double[] xs, double[] ys, int n, double x0, double x1, int columns,
                                         boolean positiveOnly) {
        double[] spans = columnSpans(xs, ys, n, x0, x1, columns, positiveOnly);
        double[] out = new double[spans.length];
        int k = 0;
        double step = (x1 - x0) / Math.max(columns, 1);
        for (int c = 0; c < columns; c++) {
            double lo = spans[2 * c];
            if (!Double.isNaN(lo)) {
                out[k++] = x0 + (c + 0.5) * step;
                out[k++] = positiveOnly ? Math.sqrt(lo * spans[2 * c + 1]) : (lo + spans[2 * c + 1]) / 2;
            }
        }
        return Arrays.copyOf(out, k);
    }

    /**
     * Ramer-Douglas-Peucker simplification of a polyline in pixel coordinates, in place: keeps the fewest
     * vertices such that no dropped vertex lies further than {@code tolerance} from the line through
     * the kept ones. The kept vertices move to the front of the arrays, in order.
     *
     * @return how many vertices are kept (the first and the last always are)
     */
    public static int simplify(double[] px, double[] py, int n, double tolerance) {
        if (n <= 2) {
            return n;
        }
        boolean[] keep = new boolean[n];
        keep[0] = true;
        keep[n - 1] = true;
        int[] stack = new int[2 * n];
        int top = 0;
        stack[top++] = 0;
        stack[top++] = n - 1;
        double tolerance2 = tolerance * tolerance;
        while (top > 0) {
            int b = stack[--top];
            int a = stack[--top];
            double dx = px[b] - px[a];
            double dy = py[b] - py[a];
            double length2 = dx * dx + dy * dy;
            int farthest = -1;
            double farthest2 = tolerance2;
            for (int i = a + 1; i < b; i++) {
                double ex = px[i] - px[a];
                double ey = py[i] - py[a];
                double cross = ex * dy - ey * dx;
                double d2 = length2 > 0 ? cross * cross / length2 : ex * ex + ey * ey;  // squared distance to the chord
                if (d2 > farthest2) {
                    farthest2 = d2;
                    farthest = i;
                }
            }
            if (farthest >= 0) {
                keep[farthest] = true;
                stack[top++] = a;
                stack[top++] = farthest;
                stack[top++] = farthest;
                stack[top++] = b;
            }
        }
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (keep[i]) {
                px[k] = px[i];
                py[k] = py[i];
                k++;
            }
        }
        return k;
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

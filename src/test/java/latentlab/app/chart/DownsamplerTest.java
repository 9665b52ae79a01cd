package latentlab.app.chart;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DownsamplerTest {
    @Test
    void aHundredThousandPointsDrawAsAtMostFourPerColumnKeepingEachColumnsExtremes() {
        int n = 100_000;
        double[] xs = new double[n];
        double[] ys = new double[n];
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < n; i++) {
            xs[i] = i / 1000.0;
            ys[i] = 500 * Math.exp(-xs[i] / 20) + rng.nextGaussian();
        }
        int columns = 600;
        double x1 = xs[n - 1];
        double[] drawn = Downsampler.m4(xs, ys, n, 0, x1, columns, false);
        int points = drawn.length / 2;
        assertTrue(points <= 4 * (columns + 2), points + " points");
        assertTrue(points >= 2 * columns, "every column is represented: " + points);
        double scale = columns / x1;
        for (int c = 0; c < columns; c += 37) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if ((int) Math.floor(xs[i] * scale) == c) {
                    lo = Math.min(lo, ys[i]);
                    hi = Math.max(hi, ys[i]);
                }
            }
            double dlo = Double.POSITIVE_INFINITY;
            double dhi = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < points; k++) {
                if ((int) Math.floor(drawn[2 * k] * scale) == c) {
                    dlo = Math.min(dlo, drawn[2 * k + 1]);
                    dhi = Math.max(dhi, drawn[2 * k + 1]);
                }
            }
            assertEquals(lo, dlo, 0, "column " + c + " minimum");
            assertEquals(hi, dhi, 0, "column " + c + " maximum");
        }
        for (int k = 1; k < points; k++) {
            assertTrue(drawn[2 * k] >= drawn[2 * k - 2], "points stay in order");
        }
    }

    @Test
    void fewPointsAreDrawnAsTheyAre() {
        double[] xs = {0, 1, 2};
        double[] ys = {3, 1, 2};
        double[] drawn = Downsampler.m4(xs, ys, 3, 0, 2, 600, false);
        assertEquals(6, drawn.length);
        assertEquals(1, drawn[3]);
    }

    @Test
    void aLogScaleSkipsValuesThatAreNotPositive() {
        double[] xs = {0, 1, 2, 3};
        double[] ys = {5, 0, -1, 2};
        double[] drawn = Downsampler.m4(xs, ys, 4, 0, 3, 600, true);
        assertEquals(4, drawn.length);
    }

    @Test
    void eachColumnSpanRunsFromTheLowestToTheHighestValueTheLineTouchesInThatColumn() {
        int n = 20_000;
        double[] xs = new double[n];
        double[] ys = new double[n];
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < n; i++) {
            xs[i] = i / 100.0;
            ys[i] = 100 + 20 * rng.nextGaussian();
        }
        ys[777] = Double.NaN;                                                     // skipped, as a line would
        int columns = 300;
        double x1 = xs[n - 1];
        double[] spans = Downsampler.columnSpans(xs, ys, n, 0, x1, columns, false);
        assertEquals(2 * columns, spans.length);
        double scale = columns / x1;
        for (int c = 0; c < columns; c++) {
            // brute force: the column's own points, and the point before the column's first one
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            double before = Double.NaN;
            boolean seen = false;
            for (int i = 0; i < n; i++) {
                if (!Double.isFinite(ys[i])) {
                    continue;
                }
                int col = Math.min(columns - 1, (int) Math.floor(xs[i] * scale));
                if (col < c) {
                    before = ys[i];
                } else if (col == c) {
                    if (!seen && !Double.isNaN(before)) {
                        lo = before;
                        hi = before;
                    }
                    seen = true;
                    lo = Math.min(lo, ys[i]);
                    hi = Math.max(hi, ys[i]);
                }
            }
            assertEquals(lo, spans[2 * c], 0, "low end of column " + c);
            assertEquals(hi, spans[2 * c + 1], 0, "high end of column " + c);
        }
    }

    @Test
    void aColumnWithNoPointHasNoSpanAndASmoothCurveGetsOnePointPerColumn() {
        double[] xs = {0.5, 3.5};
        double[] ys = {1, 3};
        double[] spans = Downsampler.columnSpans(xs, ys, 2, 0, 4, 4, false);
        assertEquals(1, spans[0], 0);
        assertTrue(Double.isNaN(spans[2]) && Double.isNaN(spans[4]), "columns 1 and 2 are empty");
        assertEquals(1, spans[6], 0, "column 3 starts where the line from column 0 comes in");
        assertEquals(3, spans[7], 0);
        double[] middles = Downsampler.columnMiddles(xs, ys, 2, 0, 4, 4, false);
        assertEquals(4, middles.length, "two columns have points");
        assertEquals(0.5, middles[0], 1e-12);
        assertEquals(1, middles[1], 0);
        assertEquals(3.5, middles[2], 1e-12);
        assertEquals(2, middles[3], 0, "the middle of 1..3");
    }

    @Test
    void simplifyingKeepsTheEndsAndEveryDroppedVertexStaysWithinTheTolerance() {
        int n = 5_000;
        double[] px = new double[n];
        double[] py = new double[n];
        SplittableRandom rng = new SplittableRandom(9);
        for (int i = 0; i < n; i++) {
            px[i] = i * 0.13;
            py[i] = 200 * Math.exp(-i / 900.0) + 0.05 * rng.nextGaussian() + (i % 1000 == 500 ? 15 : 0);
        }
        double[] x0 = px.clone();
        double[] y0 = py.clone();
        double tolerance = 0.3;
        int kept = Downsampler.simplify(px, py, n, tolerance);
        assertTrue(kept < n / 4, "a smooth curve loses most of its vertices: " + kept);
        assertEquals(x0[0], px[0], 0);
        assertEquals(x0[n - 1], px[kept - 1], 0);
        int k = 0;
        for (int i = 0; i < n; i++) {
            while (k + 1 < kept && px[k + 1] < x0[i]) {
                k++;
            }
            int j = Math.min(k + 1, kept - 1);
            double d = distanceToSegment(x0[i], y0[i], px[k], py[k], px[j], py[j]);
            assertTrue(d <= tolerance + 1e-9, "vertex " + i + " is " + d + " px from the simplified line");
        }
        for (int i = 500; i < n; i += 1000) {
            int at = i;
            assertTrue(java.util.stream.IntStream.range(0, kept).anyMatch(m -> px[m] == x0[at]), "the spike at " + i + " stays");
        }
    }

    @Test
    void pointsOnAStraightLineSimplifyToItsEnds() {
        double[] px = {0, 1, 2, 3, 4};
        double[] py = {0, 2, 4, 6, 8};
        assertEquals(2, Downsampler.simplify(px, py, 5, 0.01));
        assertEquals(4, px[1], 0);
        assertEquals(8, py[1], 0);
    }

    private static double distanceToSegment(double x, double y, double ax, double ay, double bx, double by) {
        double dx = bx - ax;
        double dy = by - ay;
        double length2 = dx * dx + dy * dy;
        double t = length2 == 0 ? 0 : Math.clamp(((x - ax) * dx + (y - ay) * dy) / length2, 0, 1);
        return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
    }
}

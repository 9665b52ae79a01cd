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
}

package latentlab.core.explore.compare;

import latentlab.core.explore.Gaussian;
import latentlab.core.explore.ManifoldGrid;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The grid regions: a chosen box, and the equal-mass grid of a Gaussian sampling rule. */
class LatentGridTest {

    @Test
    void aBoxGridCoversTheChosenBoxEdgeToEdge() {
        LatentGrid g = LatentGrid.box(8, 0, 1, new float[2], -3, 5, -1, 2, "box");
        assertArrayEquals(new double[]{-3, 5, -1, 2}, g.extent(), 1e-12);
        assertArrayEquals(new double[]{-3, 2, -2, 2, -2, 1.625, -3, 1.625}, g.corners(0, 0), 1e-12,
                "the top-left cell starts at the box's top-left corner");
        for (int i = 0; i < 8; i++) {
            assertEquals(-3 + (i + 0.5) / 8 * 8, g.us()[i], 1e-12, "column " + i + " is at the middle of its cell");
            assertEquals(2 - (i + 0.5) / 8 * 3, g.vs()[i], 1e-12, "row " + i + " is at the middle of its cell");
        }
    }

    @Test
    void aBoxGridsCodesKeepTheBaseInTheOtherDimensions() {
        LatentGrid g = LatentGrid.box(3, 2, 0, new float[]{9, 7, 5}, 0, 3, 0, 3, "box");
        float[][] z = g.codes();
        assertEquals(9, z.length);
        assertArrayEquals(new float[]{2.5f, 7, 0.5f}, z[0], "the top-left cell: dimY high, dimX low, dim 1 kept");
        assertArrayEquals(new float[]{0.5f, 7, 2.5f}, z[8], "the bottom-right cell");
    }

    @Test
    void theGridOfThePriorIsThePapersInverseCdfGrid() {
        int n = 10;
        LatentGrid g = LatentGrid.gaussian(LatentGaussian.standard(2), n, 0, 1, "prior");
        float[][] expected = ManifoldGrid.inverseCdf(n, 0, 1, new float[2]).codes();
        float[][] actual = g.codes();
        for (int k = 0; k < n * n; k++) {
            assertArrayEquals(expected[k], actual[k], 1e-6f, "cell " + k);
        }
    }

    @Test
    void theGridOfAGaussianSpacesItsCellsAtTheGaussianQuantiles() {
        LatentGaussian rule = LatentGaussian.of(new double[]{1, -2}, new double[][]{{9, 0}, {0, 0.25}});
        int n = 5;
        LatentGrid g = LatentGrid.gaussian(rule, n, 0, 1, "fitted");
        for (int i = 0; i < n; i++) {
            double q = Gaussian.inverseCdf((i + 0.5) / n);
            assertEquals(1 + 3 * q, g.code(0, i)[0], 1e-5, "column " + i);
            assertEquals(-2 - 0.5 * q, g.code(i, 0)[1], 1e-5, "row " + i);
        }
    }

    @Test
    void everyCellOfAGaussiansGridHoldsTheSameShareOfItsSamples() {
        LatentGaussian rule = LatentGaussian.of(new double[]{3, -1}, new double[][]{{4, 1.5}, {1.5, 2}});
        int n = 4;
        LatentGrid g = LatentGrid.gaussian(rule, n, 0, 1, "fitted");
        double[][] a = g.axes();
        double det = a[0][0] * a[1][1] - a[0][1] * a[1][0];
        double[] edges = new double[n + 1];
        edges[0] = Double.NEGATIVE_INFINITY;
        edges[n] = Double.POSITIVE_INFINITY;
        for (int i = 1; i < n; i++) {
            edges[i] = Gaussian.inverseCdf((double) i / n);
        }
        int draws = 160_000;
        int[] counts = new int[n * n];
        for (float[] z : rule.sample(draws, 11L)) {
            double x = z[0] - g.origin()[0];
            double y = z[1] - g.origin()[1];
            double u = (a[1][1] * x - a[0][1] * y) / det;                             // (u, v) = A^-1 (z - origin)
            double v = (-a[1][0] * x + a[0][0] * y) / det;
            counts[cell(edges, u) + n * cell(edges, v)]++;
        }
        for (int k = 0; k < counts.length; k++) {
            // expected 10,000 per cell, standard deviation about 97
            assertEquals(draws / (n * n), counts[k], 500, "cell " + k);
        }
    }

    @Test
    void theGridOfAGaussianScalesWithItsCodes() {
        double[][] cov = {{4, 1.5}, {1.5, 2}};
        double[][] big = {{400, 150}, {150, 200}};
        LatentGrid small = LatentGrid.gaussian(LatentGaussian.of(new double[]{1, 1}, cov), 6, 0, 1, "");
        LatentGrid large = LatentGrid.gaussian(LatentGaussian.of(new double[]{10, 10}, big), 6, 0, 1, "");
        float[][] s = small.codes();
        float[][] l = large.codes();
        for (int k = 0; k < s.length; k++) {
            assertEquals(10 * s[k][0], l[k][0], 1e-4, "cell " + k);
            assertEquals(10 * s[k][1], l[k][1], 1e-4, "cell " + k);
        }
    }

    @Test
    void thePrincipalSquareRootSquaresToTheCovariance() {
        for (double[][] cov : new double[][][]{{{4, 1.5}, {1.5, 2}}, {{1, 0}, {0, 9}}, {{2, -1.9}, {-1.9, 2}}}) {
            double[][] a = LatentGrid.principalSquareRoot(cov);
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    assertEquals(cov[i][j], a[i][0] * a[j][0] + a[i][1] * a[j][1], 1e-9);
                }
            }
            assertTrue(a[0][0] > 0 && a[1][1] > 0, "u points right and v up");
        }
    }

    @Test
    void aGridNeedsTwoDifferentDimensions() {
        assertThrows(IllegalArgumentException.class, () -> LatentGrid.box(4, 1, 1, new float[2], 0, 1, 0, 1, ""));
        assertThrows(IllegalArgumentException.class, () -> LatentGrid.box(4, 0, 2, new float[2], 0, 1, 0, 1, ""));
    }

    private static int cell(double[] edges, double u) {
        int i = 0;
        while (u >= edges[i + 1]) {
            i++;
        }
        return i;
    }
}

package latentlab.core.explore;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Straight paths between codes and samples from the prior. */
class LatentPathsTest {

    @Test
    void interpolationStartsAndEndsExactlyAtTheGivenCodes() {
        float[] a = {0.1f, -2.7f, 3.3333f};
        float[] b = {-1.9f, 0.4f, 1e-3f};
        float[][] path = LatentPaths.interpolate(a, b, 9);
        assertEquals(9, path.length);
        assertArrayEquals(a, path[0], 0f);
        assertArrayEquals(b, path[8], 0f);
    }

    @Test
    void interpolationStepsAreEvenlySpacedOnTheLine() {
        float[] a = {0f, 1f};
        float[] b = {4f, -3f};
        float[][] path = LatentPaths.interpolate(a, b, 5);
        for (int s = 0; s < 5; s++) {
            assertEquals(s, path[s][0], 1e-6f);
            assertEquals(1 - s, path[s][1], 1e-6f);
        }
    }

    @Test
    void interpolationNeedsTwoStepsAndCodesOfOneSize() {
        assertThrows(IllegalArgumentException.class, () -> LatentPaths.interpolate(new float[2], new float[2], 1));
        assertThrows(IllegalArgumentException.class, () -> LatentPaths.interpolate(new float[2], new float[3], 4));
    }

    @Test
    void priorSamplesHaveZeroMeanUnitVarianceAndUncorrelatedDimensions() {
        int n = 40_000;
        float[][] z = LatentPaths.samplePrior(n, 3, 17L);
        assertEquals(n, z.length);
        double[] mean = new double[3];
        double[] var = new double[3];
        double cross = 0;
        for (float[] row : z) {
            for (int j = 0; j < 3; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < 3; j++) {
            mean[j] /= n;
        }
        for (float[] row : z) {
            for (int j = 0; j < 3; j++) {
                var[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
            }
            cross += (row[0] - mean[0]) * (row[1] - mean[1]);
        }
        double seMean = 1 / Math.sqrt(n);
        double seVar = Math.sqrt(2.0 / n);
        for (int j = 0; j < 3; j++) {
            var[j] /= n;
            assertEquals(0.0, mean[j], 4 * seMean, "mean of dimension " + j);
            assertEquals(1.0, var[j], 4 * seVar, "variance of dimension " + j);
        }
        assertEquals(0.0, cross / n, 4 * seMean, "covariance of dimensions 0 and 1");
    }

    @Test
    void priorSamplesHaveGaussianTails() {
        int n = 100_000;
        float[][] z = LatentPaths.samplePrior(n, 1, 3L);
        int beyond = 0;
        for (float[] row : z) {
            beyond += Math.abs(row[0]) > 1.959964 ? 1 : 0;
        }
        double expected = 0.05 * n;
        assertEquals(expected, beyond, 4 * Math.sqrt(n * 0.05 * 0.95), "draws beyond +-1.96");
    }

    @Test
    void theSameSeedGivesTheSameSamplesAndAnotherSeedOthers() {
        float[][] a = LatentPaths.samplePrior(50, 2, 5L);
        float[][] b = LatentPaths.samplePrior(50, 2, 5L);
        float[][] c = LatentPaths.samplePrior(50, 2, 6L);
        for (int i = 0; i < 50; i++) {
            assertArrayEquals(a[i], b[i], 0f);
        }
        assertFalse(java.util.Arrays.deepEquals(a, c));
    }
}

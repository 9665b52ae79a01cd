package latentlab.core.explore.compare;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The sampling rules: the VAE prior, and the Gaussian fitted to an AE's codes. */
class LatentGaussianTest {
    private static final double[] MU = {2.0, -1.0};
    private static final double[][] SIGMA = {{4.0, 1.2}, {1.2, 1.0}};

    @Test
    void theStandardRuleIsThePriorAndMapsUnitCoordinatesToThemselves() {
        LatentGaussian prior = LatentGaussian.standard(3);
        assertArrayEquals(new double[3], prior.mean());
        assertArrayEquals(new double[]{1, 0, 0}, prior.covariance()[0]);
        assertArrayEquals(new float[]{0.5f, -1.5f, 2f}, prior.map(new double[]{0.5, -1.5, 2}));
    }

    @Test
    void theCholeskyFactorTimesItsTransposeIsTheCovariance() {
        double[][] c = LatentGaussian.of(MU, SIGMA).cholesky();
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                double s = 0;
                for (int k = 0; k < 2; k++) {
                    s += c[i][k] * c[j][k];
                }
                assertEquals(SIGMA[i][j], s, 1e-12, "entry " + i + "," + j);
            }
        }
        assertEquals(0.0, c[0][1], 0.0, "the factor is lower triangular");
    }

    @Test
    void aGaussianFittedToCodesDrawnFromAKnownGaussianRecoversItsMeanAndCovariance() {
        float[][] codes = LatentGaussian.of(MU, SIGMA).sample(200_000, 3L);
        LatentGaussian fitted = LatentGaussian.fit(codes);
        // standard errors: sqrt(4 / 2e5) = 0.0045 for the mean, about 0.013 for the largest variance
        assertArrayEquals(MU, fitted.mean(), 0.02);
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(SIGMA[i], fitted.covariance()[i], 0.05, "row " + i);
        }
    }

    @Test
    void samplesOfTheFittedGaussianHaveTheMomentsOfTheCodesItWasFittedTo() {
        float[][] codes = LatentGaussian.of(MU, SIGMA).sample(100_000, 5L);
        LatentGaussian fitted = LatentGaussian.fit(codes);
        LatentGaussian again = LatentGaussian.fit(fitted.sample(100_000, 6L));
        assertArrayEquals(fitted.mean(), again.mean(), 0.03);
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(fitted.covariance()[i], again.covariance()[i], 0.08, "row " + i);
        }
    }

    @Test
    void theSameSeedDrawsTheSameSamples() {
        LatentGaussian g = LatentGaussian.of(MU, SIGMA);
        assertArrayEquals(g.sample(16, 9L), g.sample(16, 9L));
    }

    @Test
    void codesOnALineStillGiveAUsableFactor() {
        float[][] codes = new float[100][];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = new float[]{i, 2 * i};
        }
        LatentGaussian fitted = LatentGaussian.fit(codes);
        float[] z = fitted.map(new double[]{1, 0});
        assertEquals(2.0, (z[1] - fitted.mean()[1]) / (z[0] - fitted.mean()[0]), 1e-3, "draws stay on the line");
    }

    @Test
    void fittingNeedsAtLeastTwoCodes() {
        assertThrows(IllegalArgumentException.class, () -> LatentGaussian.fit(new float[][]{{1, 2}}));
    }
}

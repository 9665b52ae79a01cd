package latentlab.core.explore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The standard normal's inverse CDF against published quantiles. */
class GaussianTest {

    @ParameterizedTest(name = "Phi^-1({0}) = {1}")
    @CsvSource({
            "0.5, 0.0",
            "0.975, 1.959963984540054",
            "0.025, -1.959963984540054",
            "0.8413447460685429, 1.0",
            "0.9986501019683699, 3.0",
            "0.75, 0.6744897501960817",
            "0.999, 3.090232306167813",
            "0.001, -3.090232306167813",
            "1e-6, -4.753424308822899",
            "0.02425, -1.9729610513118845",
            "1e-12, -7.034483825301132"
    })
    void inverseCdfMatchesPublishedQuantiles(double p, double expected) {
        assertEquals(expected, Gaussian.inverseCdf(p), 1e-8 * Math.max(1, Math.abs(expected)));
    }

    @ParameterizedTest
    @ValueSource(doubles = {1e-9, 1e-4, 0.01, 0.02, 0.03, 0.1, 0.3, 0.49})
    void inverseCdfIsSymmetricAboutOneHalf(double p) {
        assertEquals(-Gaussian.inverseCdf(p), Gaussian.inverseCdf(1 - p), 1e-6);
    }

    @Test
    void inverseCdfOfOneHalfIsZero() {
        assertEquals(0.0, Gaussian.inverseCdf(0.5), 0.0);
    }

    @Test
    void inverseCdfIsStrictlyIncreasing() {
        double previous = Double.NEGATIVE_INFINITY;
        for (int i = 1; i < 10_000; i++) {
            double x = Gaussian.inverseCdf(i / 10_000.0);
            assertTrue(x > previous, "not increasing at p = " + i / 10_000.0);
            previous = x;
        }
    }

    @Test
    void cdfUndoesInverseCdf() {
        for (double p : new double[]{1e-5, 0.01, 0.2, 0.5, 0.7, 0.99, 1 - 1e-5}) {
            assertEquals(p, Gaussian.cdf(Gaussian.inverseCdf(p)), 1e-7 * Math.max(p, 1e-2));
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 1.0, -0.1, 1.5, Double.NaN})
    void probabilitiesOutsideTheOpenUnitIntervalAreRejected(double p) {
        assertThrows(IllegalArgumentException.class, () -> Gaussian.inverseCdf(p));
    }
}

package latentlab.core.explore.compare;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The hole threshold: a quantile of the distances of the model's own reconstructions. */
class CalibrationTest {

    @Test
    void quantilesInterpolateBetweenOrderStatistics() {
        double[] v = {1, 2, 3, 4};
        assertEquals(1, Calibration.quantile(v, 0), 0);
        assertEquals(2.5, Calibration.quantile(v, 0.5), 1e-12);
        assertEquals(4, Calibration.quantile(v, 1), 0);
    }

    @Test
    void theThresholdIsTheNinetyFifthPercentileOfTheDistances() {
        double[] d = new double[101];
        for (int i = 0; i <= 100; i++) {
            d[i] = 100 - i;                                                          // unsorted on purpose
        }
        Calibration c = Calibration.of(d, 0.95);
        assertEquals(95, c.threshold(), 1e-12);
        assertEquals(50, c.median(), 1e-12);
        assertEquals(101, c.images());
    }
}

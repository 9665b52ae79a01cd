package latentlab.app.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppBenchTest {
    @Test
    void theMedianOfAnOddCountIsItsMiddleValue() {
        assertEquals(0.9, AppBench.median(List.of(1.2, 0.7, 0.9)), 0.0);
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(0.95, AppBench.median(List.of(1.27, 0.78, 1.0, 0.9)), 1e-12);
    }

    @Test
    void theMedianOfNothingIsNotANumber() {
        assertTrue(Double.isNaN(AppBench.median(List.of())));
    }

    @Test
    void aPercentileIsTheNearestRankOfTheSortedValues() {
        double[] values = {5, 1, 4, 2, 3, 10, 9, 8, 7, 6};
        assertEquals(5, AppBench.percentile(values, 50), 0.0);
        assertEquals(10, AppBench.percentile(values, 99), 0.0);
        assertEquals(1, AppBench.percentile(values, 1), 0.0);
    }
}

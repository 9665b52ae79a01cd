package latentlab.app.common;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spacing out live refreshes by their CPU cost. */
class LiveBudgetTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void allowsTheFirstRefreshAtOnce() {
        assertTrue(new LiveBudget(0.05, SECOND).allows(System.nanoTime()));
    }

    @Test
    void waitsAtLeastTheMinimumIntervalAfterACheapRefresh() {
        LiveBudget budget = new LiveBudget(0.5, SECOND);

        assertEquals("done", budget.spend(() -> "done"));

        long now = System.nanoTime();
        assertFalse(budget.allows(now));
        assertTrue(budget.allows(now + 2 * SECOND));
    }

    @Test
    void waitsLongerAfterADearRefresh() {
        LiveBudget budget = new LiveBudget(0.01, 0);
        budget.spend(() -> {
            long end = System.nanoTime() + 20_000_000L;                                 // about 20 ms of CPU
            double x = 0;
            while (System.nanoTime() < end) {
                x += Math.sqrt(x + 1);
            }
            return x;
        });

        assertFalse(budget.allows(System.nanoTime() + 100_000_000L), "20 ms at 1 % waits about 2 s, not 0.1 s");
    }

    @Test
    void refusesAShareOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> new LiveBudget(0, SECOND));
        assertThrows(IllegalArgumentException.class, () -> new LiveBudget(1.5, SECOND));
    }
}

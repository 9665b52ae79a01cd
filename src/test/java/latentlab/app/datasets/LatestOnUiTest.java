package latentlab.app.datasets;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Progress from a download thread reaches the UI thread as the latest value only. */
class LatestOnUiTest {
    /** A UI thread that runs its queue when the test says. */
    private final Deque<Runnable> uiQueue = new ArrayDeque<>();
    private final List<Integer> shown = new ArrayList<>();

    private void runUi() {
        while (!uiQueue.isEmpty()) {
            uiQueue.poll().run();
        }
    }

    @Test
    void aBurstOfValuesQueuesOneHandOverThatShowsTheLast() {
        LatestOnUi<Integer> latest = new LatestOnUi<>(uiQueue::add, shown::add);
        for (int i = 1; i <= 1000; i++) {
            latest.offer(i);
        }
        assertEquals(1, uiQueue.size(), "one task on the UI thread, not a thousand");
        runUi();
        assertEquals(List.of(1000), shown);
    }

    @Test
    void valuesOfferedAfterAHandOverAreShownByTheNextOne() {
        LatestOnUi<Integer> latest = new LatestOnUi<>(uiQueue::add, shown::add);
        latest.offer(1);
        runUi();
        latest.offer(2);
        latest.offer(3);
        runUi();
        assertEquals(List.of(1, 3), shown);
    }

    @Test
    void aDroppedValueIsNeverShown() {
        LatestOnUi<Integer> latest = new LatestOnUi<>(uiQueue::add, shown::add);
        latest.offer(1);
        latest.drop();
        runUi();
        assertEquals(List.of(), shown);
    }
}

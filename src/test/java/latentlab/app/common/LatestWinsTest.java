package latentlab.app.common;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatestWinsTest {
    /** An executor that runs its tasks only when told, to control interleavings. */
    private static final class Manual implements Executor {
        private final Deque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable r) {
            tasks.add(r);
        }

        void runAll() {
            while (!tasks.isEmpty()) {
                tasks.poll().run();
            }
        }
    }

    @Test
    void aBurstOfRequestsComputesOnlyTheLatest() {
        Manual worker = new Manual();
        List<Integer> computed = new ArrayList<>();
        List<Integer> shown = new ArrayList<>();
        LatestWins<Integer, Integer> latest = new LatestWins<>(worker, Runnable::run, q -> {
            computed.add(q);
            return q * 10;
        }, shown::add, e -> { });
        for (int i = 1; i <= 5; i++) {
            latest.submit(i);
        }
        worker.runAll();
        assertEquals(List.of(5), computed);
        assertEquals(List.of(50), shown);
        assertFalse(latest.isBusy());
    }

    @Test
    void resultsNotYetShownAreReplacedNotQueued() {
        Manual ui = new Manual();
        List<Integer> shown = new ArrayList<>();
        LatestWins<Integer, Integer> latest = new LatestWins<>(Runnable::run, ui, q -> q, shown::add, e -> { });
        latest.submit(1);
        latest.submit(2);
        latest.submit(3);
        ui.runAll();
        assertEquals(List.of(3), shown, "the UI shows one frame, the newest");
    }

    @Test
    void aRequestArrivingDuringWorkIsComputedAfterIt() {
        Manual worker = new Manual();
        List<Integer> computed = new ArrayList<>();
        LatestWins<Integer, Integer>[] self = new LatestWins[1];
        self[0] = new LatestWins<>(worker, Runnable::run, q -> {
            computed.add(q);
            if (q == 1) {
                self[0].submit(2);
                self[0].submit(3);
            }
            return q;
        }, r -> { }, e -> { });
        self[0].submit(1);
        worker.runAll();
        assertEquals(List.of(1, 3), computed);
    }

    @Test
    void aFailureIsReportedAndLaterRequestsStillRun() {
        List<String> errors = new ArrayList<>();
        List<Integer> shown = new ArrayList<>();
        LatestWins<Integer, Integer> latest = new LatestWins<>(Runnable::run, Runnable::run, q -> {
            if (q < 0) {
                throw new IllegalArgumentException("negative");
            }
            return q;
        }, shown::add, e -> errors.add(e.getMessage()));
        latest.submit(-1);
        latest.submit(4);
        assertEquals(List.of("negative"), errors);
        assertEquals(List.of(4), shown);
    }

    @Test
    void closingDropsPendingWork() {
        Manual worker = new Manual();
        List<Integer> shown = new ArrayList<>();
        LatestWins<Integer, Integer> latest = new LatestWins<>(worker, Runnable::run, q -> q, shown::add, e -> { });
        latest.submit(1);
        latest.close();
        worker.runAll();
        latest.submit(2);
        worker.runAll();
        assertTrue(shown.isEmpty());
    }
}

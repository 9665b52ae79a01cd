package latentlab.core.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trainer's fork-join: every part runs once per call, on its own thread, and the call waits for all. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WorkersTest {

    @Test
    void everyPartRunsOncePerCallAndTheCallWaitsForAll() {
        try (Workers workers = new Workers(3)) {
            long[] sums = new long[3];
            for (int round = 1; round <= 20_000; round++) {
                int r = round;
                workers.run(k -> sums[k] += r);                              // plain writes, read after run returns
                if (round % 5_000 == 0) {
                    long expected = (long) round * (round + 1) / 2;
                    assertEquals(expected, sums[0]);
                    assertEquals(expected, sums[1]);
                    assertEquals(expected, sums[2]);
                }
            }
        }
    }

    @Test
    void aFreeHelperTakesAPartWhileTheCallerRunsAnother() {
        try (Workers workers = new Workers(2)) {
            Thread[] ran = new Thread[2];
            long t0 = System.nanoTime();
            workers.run(k -> {
                ran[k] = Thread.currentThread();
                sleep(100);
            });
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertNotEquals(ran[0], ran[1], "the two parts ran on two threads");
            assertTrue(ms < 180, "side by side: " + ms + " ms for two parts of 100 ms");
            Thread helper = ran[0] == Thread.currentThread() ? ran[1] : ran[0];
            assertTrue(helper.isDaemon(), "helpers must not keep the JVM alive");
        }
    }

    @Test
    void aHelperThatHasNotStartedLeavesItsPartToTheCaller() {
        // the helper is held up before it takes anything (as when the window's renderer has its core)
        try (Workers workers = new Workers(2, () -> sleep(300))) {
            Thread[] ran = new Thread[2];
            long t0 = System.nanoTime();
            workers.run(k -> ran[k] = Thread.currentThread());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(Thread.currentThread(), ran[0]);
            assertEquals(Thread.currentThread(), ran[1], "the caller took the helper's part");
            assertTrue(ms < 250, "the call did not wait for the helper: " + ms + " ms");
            int[] after = new int[2];
            workers.run(k -> after[k]++);                                        // and the next call is whole
            assertEquals(1, after[0]);
            assertEquals(1, after[1]);
        }
    }

    @Test
    void fewerPartsThanThreadsRunEachOnce() {
        try (Workers workers = new Workers(3)) {
            AtomicIntegerArray calls = new AtomicIntegerArray(3);
            workers.run(2, calls::incrementAndGet);
            assertEquals(1, calls.get(0));
            assertEquals(1, calls.get(1));
            assertEquals(0, calls.get(2));
            assertThrows(IllegalArgumentException.class, () -> workers.run(4, k -> { }));
        }
    }

    @Test
    void aFailingHelperFailsTheCallAfterEveryPartHasEnded() throws Exception {
        try (Workers workers = new Workers(2)) {
            AtomicIntegerArray done = new AtomicIntegerArray(2);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> workers.run(k -> {
                if (k == 1) {
                    throw new IllegalStateException("part 1 failed");
                }
                sleep(50);
                done.set(0, 1);
            }));
            assertEquals("part 1 failed", e.getMessage());
            assertEquals(1, done.get(0));
            int[] after = new int[2];
            workers.run(k -> after[k] = 1);                                    // still usable
            assertEquals(2, after[0] + after[1]);
        }
    }

    @Test
    void anInterruptedCallerStillWaitsForItsHelpersAndKeepsTheInterrupt() {
        try (Workers workers = new Workers(2)) {
            int[] wrote = new int[1];
            Thread caller = Thread.currentThread();
            java.util.concurrent.atomic.AtomicBoolean helperStarted = new java.util.concurrent.atomic.AtomicBoolean();
            Thread.currentThread().interrupt();
            workers.run(k -> {
                if (Thread.currentThread() != caller) {
                    helperStarted.set(true);
                    sleep(100);
                    wrote[0] = 1;
                } else {
                    long deadline = System.nanoTime() + 2_000_000_000L;           // hold the caller's part until the
                    while (!helperStarted.get() && System.nanoTime() < deadline) { // helper has taken the other
                        Thread.onSpinWait();
                    }
                }
            });
            assertTrue(Thread.interrupted(), "the interrupt is kept");
            assertEquals(1, wrote[0]);
        }
    }

    @Test
    void closingStopsTheHelpers() throws Exception {
        Thread[] helper = new Thread[1];
        try (Workers workers = new Workers(2)) {
            Thread caller = Thread.currentThread();
            workers.run(k -> {
                if (Thread.currentThread() != caller) {
                    helper[0] = Thread.currentThread();
                }
                sleep(100);                                                      // long enough for the helper to take one
            });
        }
        helper[0].join(5_000);
        assertFalse(helper[0].isAlive());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

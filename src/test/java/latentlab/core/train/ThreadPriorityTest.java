package latentlab.core.train;

import org.junit.jupiter.api.Test;

import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ThreadPriorityTest {
    @Test
    void aLoweredThreadRunsAtNiceTenAndTheThreadsItStartsDoToo() throws InterruptedException {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "nice values are Linux's");
        AtomicBoolean changed = new AtomicBoolean();
        AtomicReference<OptionalInt> own = new AtomicReference<>();
        AtomicReference<OptionalInt> child = new AtomicReference<>();
        AtomicInteger childJavaPriority = new AtomicInteger();
        Thread t = new Thread(() -> {
            changed.set(ThreadPriority.lowerCurrentThread());
            own.set(ThreadPriority.currentNice());
            Thread helper = new Thread(() -> {
                child.set(ThreadPriority.currentNice());
                childJavaPriority.set(Thread.currentThread().getPriority());
            });
            helper.start();
            try {
                helper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        OptionalInt before = ThreadPriority.currentNice();
        t.start();
        t.join();
        assertTrue(changed.get(), "setpriority succeeded");
        assertEquals(OptionalInt.of(ThreadPriority.BACKGROUND_NICE), own.get());
        assertEquals(OptionalInt.of(ThreadPriority.BACKGROUND_NICE), child.get(), "a helper inherits it");
        assertEquals(Thread.MIN_PRIORITY, childJavaPriority.get(), "and Java's priority (what Windows uses)");
        assertEquals(before, ThreadPriority.currentNice(), "the test's own thread is untouched");
    }

    @Test
    void theViewsWorkersRunAtNiceFiveBetweenTheWindowAndTraining() throws InterruptedException {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "nice values are Linux's");
        AtomicReference<OptionalInt> nice = new AtomicReference<>();
        AtomicInteger javaPriority = new AtomicInteger();
        Thread t = new Thread(() -> {
            ThreadPriority.lowerCurrentThread(ThreadPriority.VIEW_NICE);
            nice.set(ThreadPriority.currentNice());
            javaPriority.set(Thread.currentThread().getPriority());
        });
        t.start();
        t.join();
        assertEquals(OptionalInt.of(5), nice.get());
        assertEquals(3, javaPriority.get(), "between Java's normal priority (5) and training's (1)");
    }

    @Test
    void aNiceValueOutsideOneToNineteenIsRefused() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ThreadPriority.lowerCurrentThread(0));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ThreadPriority.lowerCurrentThread(20));
    }
}

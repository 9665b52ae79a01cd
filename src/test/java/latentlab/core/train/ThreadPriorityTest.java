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
}

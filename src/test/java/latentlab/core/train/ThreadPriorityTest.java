package latentlab.core.train;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Test
    void theJitCompilerThreadsAreLoweredByNameAndNoOtherThreadIs() throws IOException {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "nice values are Linux's");
        Map<Integer, String> before = threadNames();
        assumeTrue(before.values().stream().anyMatch(ThreadPriority::isCompilerThread),
                "this JVM has JIT compiler threads (not -Xint)");
        Map<Integer, OptionalInt> niceBefore = new HashMap<>();
        before.keySet().forEach(tid -> niceBefore.put(tid, ThreadPriority.niceOf(tid)));

        int lowered = ThreadPriority.lowerCompilerThreads(ThreadPriority.COMPILER_NICE);

        Map<Integer, String> after = threadNames();
        long compilers = after.values().stream().filter(ThreadPriority::isCompilerThread).count();
        assertTrue(lowered >= 1 && lowered >= compilers, lowered + " lowered, " + compilers + " compiler threads");
        after.forEach((tid, name) -> {
            OptionalInt now = ThreadPriority.niceOf(tid);
            if (now.isEmpty()) {
                return;                                                          // it has ended since
            }
            if (ThreadPriority.isCompilerThread(name)) {
                assertEquals(OptionalInt.of(ThreadPriority.COMPILER_NICE), now, name);
            } else if (niceBefore.containsKey(tid)) {
                assertEquals(niceBefore.get(tid), now, name + " is left alone");
            }
        });
    }

    /** This process's threads by id, as Linux names them; threads that end while they are listed are left out. */
    private static Map<Integer, String> threadNames() throws IOException {
        Map<Integer, String> names = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    names.put(Integer.parseInt(task.getFileName().toString()), Files.readString(task.resolve("comm")).strip());
                } catch (IOException e) {
                    // ended
                }
            }
        }
        return names;
    }

    @Test
    void compilerThreadsAreKnownByTheNameLinuxKeeps() {
        assertTrue(ThreadPriority.isCompilerThread("C1 CompilerThre"));
        assertTrue(ThreadPriority.isCompilerThread("C2 CompilerThre"));
        assertFalse(ThreadPriority.isCompilerThread("latentlab-train"));
        assertFalse(ThreadPriority.isCompilerThread("VM Thread"));
        assertFalse(ThreadPriority.isCompilerThread("Compiler"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ThreadPriority.lowerCompilerThreads(0));
    }
}

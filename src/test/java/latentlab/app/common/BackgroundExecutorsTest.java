package latentlab.app.common;

import latentlab.core.train.ThreadPriority;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class BackgroundExecutorsTest {
    /** The calling thread's nice value, from Linux's /proc/thread-self/stat (field 19). */
    private static int nice() throws Exception {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
    }

    @Test
    void theViewsWorkerKeepsNormalPriorityUntilTrainingStartsAndThenRunsAtNiceFive() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "nice values are Linux's");
        assumeTrue(nice() == 0, "the test runs at nice 0");
        BackgroundExecutors executors = BackgroundExecutors.create();
        try {
            int before = executors.render().submit(BackgroundExecutorsTest::nice).get();
            int training = executors.training().submit(BackgroundExecutorsTest::nice).get();
            int after = executors.render().submit(BackgroundExecutorsTest::nice).get();

            assertEquals(0, before, "while the window starts, nothing trains: the views' worker is not held back");
            assertEquals(ThreadPriority.BACKGROUND_NICE, training);
            assertEquals(ThreadPriority.VIEW_NICE, after, "once training has started");
        } finally {
            executors.shutdown(1000);
        }
    }
}

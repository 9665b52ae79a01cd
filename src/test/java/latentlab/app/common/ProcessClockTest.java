package latentlab.app.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.lang.management.ManagementFactory;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessClockTest {
    /** A /proc/PID/stat line whose fields 3 to 52 are their own numbers, except field 22, the start time. */
    private static String stat(String command, long startTicks) {
        String fields = IntStream.rangeClosed(3, 52)
                .mapToObj(f -> f == 3 ? "S" : f == 22 ? Long.toString(startTicks) : Integer.toString(f))
                .collect(Collectors.joining(" "));
        return "4242 (" + command + ") " + fields + "\n";
    }

    @Test
    void theAgeIsTheUptimeLessTheStartTimeInTicks() {
        // started 2500.00 s after boot (250,000 ticks of 10 ms), now 2600.55 s after boot
        assertEquals(100_550, ProcessClock.millisSinceStart(stat("java", 250_000), "2600.55 5123.40\n"));
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        assertEquals(1_000, ProcessClock.millisSinceStart(stat("my (odd) app 7 8 9", 12_300), "124.00 1.00"));
    }

    @Test
    void aLineThatIsNotAStatLineIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ProcessClock.millisSinceStart("no fields", "1.0 1.0"));
    }

    @Test
    void anAgeThatDisagreesWithTheVirtualMachinesUptimeIsNotBelieved() {
        assertTrue(ProcessClock.plausible(5_040, 5_000), "the launcher took 40 ms");
        assertTrue(ProcessClock.plausible(4_990, 5_000), "a tick of rounding");
        assertFalse(ProcessClock.plausible(4_900, 5_000), "a process cannot start after its VM");
        assertFalse(ProcessClock.plausible(-86_000_000, 5_000), "a container's /proc/uptime, from its own start");
        assertFalse(ProcessClock.plausible(16_000, 5_000), "a launcher does not take 11 s");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void thisProcessStartedJustBeforeItsVirtualMachine() {
        long vmStarted = ManagementFactory.getRuntimeMXBean().getStartTime();      // epoch ms, by the VM itself
        long processStarted = System.currentTimeMillis() - ProcessClock.millisSinceStart();
        long launcherMillis = vmStarted - processStarted;                           // exec to the VM's start
        // a tick (10 ms) of rounding either way; the launcher takes tens of milliseconds, not a second
        assertTrue(launcherMillis >= -20 && launcherMillis < 500,
                "process started " + launcherMillis + " ms before its VM");
    }
}

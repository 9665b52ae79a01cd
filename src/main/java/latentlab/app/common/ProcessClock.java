package latentlab.app.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * How long ago this process started, for the start-up figures ({@code --startup-report}).
 *
 * <p>{@code ProcessHandle.current().info().startInstant()} is not precise enough on Linux: the JDK adds
 * the process's start, counted in clock ticks since boot, to the boot time that {@code /proc/stat}
 * gives in whole seconds, so the result is early by the boot time's lost fraction, the same for every
 * process until the next boot (measured on this project's machine: 337 ms). Both of the numbers read
 * here count from the boot instead ({@code /proc/self/stat}'s start time in ticks and
 * {@code /proc/uptime}), so their difference is right to about 10 ms, a tick. Elsewhere it falls back to
 * the JDK's figure.
 */
public final class ProcessClock {
    /** Linux's clock ticks per second for {@code /proc}'s times (USER_HZ, 100 on every current architecture). */
    static final int TICKS_PER_SECOND = 100;

    private ProcessClock() {
    }

    /** Milliseconds since this process started; empty when neither way of knowing works. */
    public static OptionalLong millisSinceStart() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String uptime = Files.readString(Path.of("/proc/uptime"));
            return OptionalLong.of(millisSinceStart(stat, uptime));
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.current().info().startInstant()
                    .map(i -> OptionalLong.of(System.currentTimeMillis() - i.toEpochMilli()))
                    .orElse(OptionalLong.empty());
        }
    }

    /**
     * From the text of {@code /proc/self/stat} (start time: field 22, in ticks since boot) and of
     * {@code /proc/uptime} (seconds since boot, first field). The command name, field 2, is in
     * parentheses and may itself hold spaces and parentheses, so fields are counted after its last ')'.
     */
    static long millisSinceStart(String stat, String uptime) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + stat);
        }
        String[] after = stat.substring(close + 1).trim().split("\\s+");
        long startTicks = Long.parseLong(after[22 - 3]);                              // fields 3, 4, ... follow ')'
        double upSeconds = Double.parseDouble(uptime.trim().split("\\s+")[0]);
        return Math.round(upSeconds * 1000) - startTicks * 1000 / TICKS_PER_SECOND;
    }
}

package latentlab.app.common;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How long ago this process started, for the start-up figures ({@code --startup-report}).
 *
 * <p>{@code ProcessHandle.current().info().startInstant()} is not precise enough on Linux: the JDK adds
 * the process's start, counted in clock ticks since boot, to the boot time that {@code /proc/stat}
 * gives in whole seconds, so the result is early by the boot time's lost fraction, the same for every
 * process until the next boot (measured on this project's machine: 337 ms). Both of the numbers read
 * here count from the boot instead ({@code /proc/self/stat}'s start time in ticks and
 * {@code /proc/uptime}), so their difference is right to about 10 ms, a tick. Where they cannot be read,
 * or disagree with the VM's own uptime (a container whose {@code /proc/uptime} counts from the
 * container's start, not the machine's), it is the VM's uptime, which misses only the launcher's few tens
 * of milliseconds before the VM starts.
 */
public final class ProcessClock {
    /** Linux's clock ticks per second for {@code /proc}'s times (USER_HZ, 100 on every current architecture). */
    static final int TICKS_PER_SECOND = 100;

    private ProcessClock() {
    }

    /** Most a launcher may take before its VM starts, for {@link #plausible}. */
    static final long MAX_LAUNCHER_MILLIS = 10_000;

    /** Milliseconds since this process started. */
    public static long millisSinceStart() {
        long vmUptime = ManagementFactory.getRuntimeMXBean().getUptime();
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String uptime = Files.readString(Path.of("/proc/uptime"));
            long fromProc = millisSinceStart(stat, uptime);
            return plausible(fromProc, vmUptime) ? fromProc : vmUptime;
        } catch (IOException | RuntimeException e) {
            return vmUptime;
        }
    }

    /**
     * Whether an age read from {@code /proc} fits the VM's own uptime: the process starts before its VM
     * (a tick of rounding allowed), and not more than {@link #MAX_LAUNCHER_MILLIS} before.
     */
    static boolean plausible(long fromProcMillis, long vmUptimeMillis) {
        return fromProcMillis >= vmUptimeMillis - 1000 / TICKS_PER_SECOND * 2
                && fromProcMillis <= vmUptimeMillis + MAX_LAUNCHER_MILLIS;
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

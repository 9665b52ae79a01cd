package latentlab.cli;

import latentlab.core.train.TrainingEvent;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar on a terminal, redrawn at most a few times a second; silent otherwise. */
final class Progress {
    private static final long REDRAW_NANOS = 250_000_000L;
    private static final int WIDTH = 30;

    private final PrintStream err;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    Progress(PrintStream err) {
        this.err = err;
        this.terminal = System.console() != null && err == System.err;
    }

    void iteration(TrainingEvent.Iteration it) {
        long now = System.nanoTime();
        if (!terminal || now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        int filled = (int) Math.round(it.fractionDone() * WIDTH);
        double elapsed = (now - start) / 1e9;
        double left = it.fractionDone() > 0 ? elapsed / it.fractionDone() - elapsed : Double.NaN;
        err.printf(Locale.ROOT, "\r[%s%s] %5.1f%%  epoch %d  loss %.2f (recon %.2f, KL %.2f)  %,.0f samples/s  %s left ",
                "#".repeat(filled), ".".repeat(WIDTH - filled), 100 * it.fractionDone(), it.epoch(), it.total(),
                it.reconstruction(), it.kl(), it.samplesPerSecond(), duration(left));
        drawn = true;
    }

    void clear() {
        if (drawn) {
            err.print("\r" + " ".repeat(110) + "\r");
            drawn = false;
        }
    }

    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}

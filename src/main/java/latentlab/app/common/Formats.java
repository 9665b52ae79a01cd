package latentlab.app.common;

import java.util.Locale;

/** How numbers and durations read in the window. */
public final class Formats {
    private static final int SECONDS_PER_MINUTE = 60;
    private static final int SECONDS_PER_HOUR = 3600;

    private Formats() {
    }

    /** "42 s", "3 min 05 s", "1 h 02 min"; "-" when unknown. */
    public static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "-";
        }
        long s = Math.round(seconds);
        if (s >= SECONDS_PER_HOUR) {
            return String.format(Locale.ROOT, "%d h %02d min", s / SECONDS_PER_HOUR, s / SECONDS_PER_MINUTE % SECONDS_PER_MINUTE);
        }
        if (s >= SECONDS_PER_MINUTE) {
            return String.format(Locale.ROOT, "%d min %02d s", s / SECONDS_PER_MINUTE, s % SECONDS_PER_MINUTE);
        }
        return s + " s";
    }

    /** A loss or ELBO in nats, with one decimal: "-104.3". */
    public static String nats(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.1f", value) : "-";
    }

    /** A rate with a thousands separator: "5,612". */
    public static String rate(double value) {
        return Double.isFinite(value) && value > 0 ? String.format(Locale.ROOT, "%,.0f", value) : "-";
    }

    /** A latent value: "+1.25" or "-0.50". */
    public static String latent(double value) {
        return String.format(Locale.ROOT, "%+.2f", value);
    }

    /** A code as "(z0, z1, ...)" with two decimals, at most {@code max} values then an ellipsis. */
    public static String code(float[] z, int max) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < Math.min(z.length, max); i++) {
            sb.append(i == 0 ? "" : ", ").append(latent(z[i]));
        }
        return sb.append(z.length > max ? ", ...)" : ")").toString();
    }
}

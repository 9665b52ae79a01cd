package latentlab.app.chart;

import latentlab.core.model.EpochRecord;

import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every loss point of the training runs shown, kept in full (the chart draws a downsampled view of
 * it, never a downsampled copy). The x of a point is its position in epochs: 2.5 is half way through
 * the third epoch. Per-step curves also keep a smoothed value, an exponential moving average corrected
 * for its start as TensorBoard does. Used on the FX thread only.
 */
public final class LossHistory {
    /** Weight of the past in the moving average; about the last 20 steps count. */
    public static final double SMOOTHING = 0.95;
    private static final int INITIAL_CAPACITY = 1024;
    private static final String CSV_HEADER =
            "kind,iteration,epoch,total_nats,reconstruction_nats,kl_nats,beta,test_elbo_nats";

    private final Map<LossSeries, Curve> curves = new EnumMap<>(LossSeries.class);
    private long[] iterations = new long[INITIAL_CAPACITY];
    private double[] betas = new double[INITIAL_CAPACITY];
    private long version;
    private Runnable onChange = () -> { };

    public LossHistory() {
        for (LossSeries s : LossSeries.values()) {
            curves.put(s, new Curve());
        }
    }

    /** Adds one training step. */
    public void addIteration(long iteration, double epochX, double reconstruction, double kl, double beta) {
        int i = size(LossSeries.TOTAL);
        if (i == iterations.length) {
            iterations = Arrays.copyOf(iterations, 2 * i);
            betas = Arrays.copyOf(betas, 2 * i);
        }
        iterations[i] = iteration;
        betas[i] = beta;
        curves.get(LossSeries.TOTAL).add(epochX, reconstruction + beta * kl, true);
        curves.get(LossSeries.RECONSTRUCTION).add(epochX, reconstruction, true);
        curves.get(LossSeries.KL).add(epochX, kl, true);
        changed();
    }

    /** Adds one epoch's test evaluation, at x = its epoch number. */
    public void addEpoch(EpochRecord record) {
        curves.get(LossSeries.TEST).add(record.epoch(), -record.testElbo(), false);
        changed();
    }

    /** An independent copy, for writing on another thread while this one grows. */
    public LossHistory copy() {
        LossHistory c = new LossHistory();
        for (LossSeries s : LossSeries.values()) {
            Curve from = curves.get(s);
            Curve to = c.curves.get(s);
            to.xs = from.xs.clone();
            to.raw = from.raw.clone();
            to.smooth = from.smooth.clone();
            to.size = from.size;
        }
        c.iterations = iterations.clone();
        c.betas = betas.clone();
        return c;
    }

    /** Forgets everything (a new model). */
    public void clear() {
        curves.values().forEach(Curve::clear);
        changed();
    }

    /** Points in a curve. */
    public int size(LossSeries s) {
        return curves.get(s).size;
    }

    /** Whether no point has been added since the last clear. */
    public boolean isEmpty() {
        return curves.values().stream().allMatch(c -> c.size == 0);
    }

    /** Changes with every point added; the chart redraws when it moved. */
    public long version() {
        return version;
    }

    /**
     * Runs {@code r} after every change (a point added, a clear): the window uses it to wake its frame
     * loop, which sleeps while nothing changes; it must be cheap, as it runs for every training step.
     */
    public void setOnChange(Runnable r) {
        onChange = java.util.Objects.requireNonNull(r);
    }

    private void changed() {
        version++;
        onChange.run();
    }

    /** The x values of a curve; only the first {@link #size} are valid; do not modify. */
    public double[] xs(LossSeries s) {
        return curves.get(s).xs;
    }

    /** The raw values of a curve; only the first {@link #size} are valid; do not modify. */
    public double[] raw(LossSeries s) {
        return curves.get(s).raw;
    }

    /** The smoothed values of a curve (the raw ones for the test curve); do not modify. */
    public double[] smoothed(LossSeries s) {
        return curves.get(s).smooth;
    }

    /** The last x, or 0 when empty. */
    public double lastX() {
        double last = 0;
        for (Curve c : curves.values()) {
            if (c.size > 0) {
                last = Math.max(last, c.xs[c.size - 1]);
            }
        }
        return last;
    }

    /**
     * Writes every point as CSV: one row per step ({@code kind=iteration}: the three losses and beta)
     * and one per epoch ({@code kind=epoch}: the test ELBO), all in nats per image.
     */
    public void writeCsv(Writer out) throws IOException {
        out.write(CSV_HEADER);
        out.write('\n');
        Curve total = curves.get(LossSeries.TOTAL);
        Curve recon = curves.get(LossSeries.RECONSTRUCTION);
        Curve kl = curves.get(LossSeries.KL);
        Curve test = curves.get(LossSeries.TEST);
        int e = 0;
        for (int i = 0; i < total.size; i++) {
            for (; e < test.size && test.xs[e] < total.xs[i]; e++) {
                writeEpoch(out, test, e);
            }
            out.write(String.format(Locale.ROOT, "iteration,%d,%.6f,%.6f,%.6f,%.6f,%.6f,%n", iterations[i],
                    total.xs[i], total.raw[i], recon.raw[i], kl.raw[i], betas[i]));
        }
        for (; e < test.size; e++) {
            writeEpoch(out, test, e);
        }
    }

    private static void writeEpoch(Writer out, Curve test, int e) throws IOException {
        out.write(String.format(Locale.ROOT, "epoch,,%.0f,,,,,%.6f%n", test.xs[e], -test.raw[e]));
    }

    /** One growable curve of primitives. */
    private static final class Curve {
        private double[] xs = new double[INITIAL_CAPACITY];
        private double[] raw = new double[INITIAL_CAPACITY];
        private double[] smooth = new double[INITIAL_CAPACITY];
        private int size;
        private double average;
        private double weight;

        void add(double x, double y, boolean smoothed) {
            if (size == xs.length) {
                xs = Arrays.copyOf(xs, 2 * size);
                raw = Arrays.copyOf(raw, 2 * size);
                smooth = Arrays.copyOf(smooth, 2 * size);
            }
            xs[size] = x;
            raw[size] = y;
            if (smoothed && Double.isFinite(y)) {
                average = SMOOTHING * average + (1 - SMOOTHING) * y;
                weight = SMOOTHING * weight + (1 - SMOOTHING);
                smooth[size] = average / weight;
            } else {
                smooth[size] = y;
            }
            size++;
        }

        void clear() {
            size = 0;
            average = 0;
            weight = 0;
        }
    }
}

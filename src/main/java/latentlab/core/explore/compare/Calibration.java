package latentlab.core.explore.compare;

import java.util.Arrays;

/**
 * How far a model's reconstructions of real test images, decode(encode(x)), are from their nearest
 * training image, and the threshold taken from that: a high quantile of those distances. A decoded grid
 * cell further from the data than the threshold looks less like the data than all but a few of the
 * model's own reconstructions of real images; with the 95th percentile, about 5 % of reconstructions
 * are past it, so a model whose every grid cell decoded as well as it reconstructs would score about 0.05.
 * Judging each model against its own reconstructions makes the threshold independent of how sharp or
 * blurred its decodes are and of the dataset's pixel scale.
 *
 * @param threshold the {@code quantile} of the distances
 * @param quantile  which quantile, in (0, 1)
 * @param distances the distances, sorted ascending
 */
public record Calibration(double threshold, double quantile, double[] distances) {
    /** The default quantile: the 95th percentile. */
    public static final double DEFAULT_QUANTILE = 0.95;

    /** A calibration from unsorted distances. */
    public static Calibration of(double[] distances, double quantile) {
        double[] sorted = distances.clone();
        Arrays.sort(sorted);
        return new Calibration(quantile(sorted, quantile), quantile, sorted);
    }

    /** The number of reconstructions measured. */
    public int images() {
        return distances.length;
    }

    /** The median distance of a reconstruction from its nearest training image. */
    public double median() {
        return quantile(distances, 0.5);
    }

    /**
     * The q-quantile of sorted values, interpolating linearly between order statistics (the usual
     * "type 7" definition: q = 0 is the smallest value, q = 1 the largest).
     */
    public static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("the quantile of no values is undefined");
        }
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("a quantile must be in [0, 1], found " + q);
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}

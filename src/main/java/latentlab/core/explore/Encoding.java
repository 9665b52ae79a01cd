package latentlab.core.explore;

/**
 * Codes of n images.
 *
 * @param mean   z_mean for a VAE, the code z for an AE; [n][L]
 * @param logVar z_log_var for a VAE; null for an AE
 * @param labels the images' labels, or null where unknown
 */
public record Encoding(float[][] mean, float[][] logVar, int[] labels) {
    public int size() {
        return mean.length;
    }

    public int latent() {
        return mean.length == 0 ? 0 : mean[0].length;
    }

    /** Smallest and largest value of latent dimension {@code dim} over all codes. */
    public float[] range(int dim) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float[] z : mean) {
            lo = Math.min(lo, z[dim]);
            hi = Math.max(hi, z[dim]);
        }
        return new float[]{lo, hi};
    }
}

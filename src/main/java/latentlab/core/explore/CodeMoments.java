package latentlab.core.explore;

/**
 * The sample mean and covariance of a set of latent codes: what a Gaussian fitted to an AE's codes and
 * the latent map's PCA projection both start from.
 *
 * @param mean       per dimension, [L]
 * @param covariance the unbiased estimate (divided by n - 1; by 1 for a single code), [L][L], symmetric
 */
public record CodeMoments(double[] mean, double[][] covariance) {
    /** The moments of {@code codes} ([n][L], n >= 1). */
    public static CodeMoments of(float[][] codes) {
        int n = codes.length;
        if (n < 1) {
            throw new IllegalArgumentException("moments need at least one code");
        }
        int l = codes[0].length;
        double[] mean = new double[l];
        for (float[] z : codes) {
            for (int j = 0; j < l; j++) {
                mean[j] += z[j];
            }
        }
        for (int j = 0; j < l; j++) {
            mean[j] /= n;
        }
        double[][] cov = new double[l][l];
        for (float[] z : codes) {
            for (int i = 0; i < l; i++) {
                double di = z[i] - mean[i];
                for (int j = 0; j <= i; j++) {
                    cov[i][j] += di * (z[j] - mean[j]);
                }
            }
        }
        for (int i = 0; i < l; i++) {
            for (int j = 0; j <= i; j++) {
                cov[i][j] /= Math.max(1, n - 1);
                cov[j][i] = cov[i][j];
            }
        }
        return new CodeMoments(mean, cov);
    }
}

package latentlab.core.explore.compare;

import latentlab.core.model.Batches;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A Gaussian N(mean, covariance) over the latent space: a model's <em>sampling rule</em>. For a VAE it is
 * the prior N(0, I) that the KL term pulls the codes towards; a plain AE has no prior, so the natural way
 * to sample it is to fit a Gaussian (mean and full covariance) to the codes of its training images and
 * draw from that.
 *
 * <p>Draws are {@code z = mean + C u} with {@code u ~ N(0, I)} and C the lower Cholesky factor of the
 * covariance (C C^T = covariance), so that a grid laid out in u-space maps onto equal-mass cells in z-space.
 *
 * @param mean       the centre, [L]
 * @param covariance the covariance, [L][L], symmetric positive (semi-)definite
 * @param cholesky   its lower Cholesky factor, [L][L]
 */
public record LatentGaussian(double[] mean, double[][] covariance, double[][] cholesky) {
    /**
     * Added to the diagonal, relative to the mean variance, when a fitted covariance is singular (all codes
     * on a line): the factor then still exists and the degenerate direction gets a negligible width.
     */
    private static final double JITTER = 1e-9;

    public LatentGaussian {
        int l = mean.length;
        if (covariance.length != l || cholesky.length != l) {
            throw new IllegalArgumentException("expected a " + l + " x " + l + " covariance, found " + covariance.length
                    + " rows");
        }
    }

    /** The VAE prior N(0, I) in {@code latent} dimensions. */
    public static LatentGaussian standard(int latent) {
        double[][] identity = new double[latent][latent];
        for (int i = 0; i < latent; i++) {
            identity[i][i] = 1;
        }
        return new LatentGaussian(new double[latent], identity, copy(identity));
    }

    /** N(mean, covariance), factorising the covariance. */
    public static LatentGaussian of(double[] mean, double[][] covariance) {
        return new LatentGaussian(mean.clone(), copy(covariance), cholesky(covariance));
    }

    /**
     * The maximum-likelihood Gaussian of a set of codes ([n][L], n >= 2): their mean and their covariance
     * (divided by n - 1, the unbiased estimate).
     */
    public static LatentGaussian fit(float[][] codes) {
        int n = codes.length;
        if (n < 2) {
            throw new IllegalArgumentException("fitting a Gaussian needs at least 2 codes, found " + n);
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
                cov[i][j] /= n - 1;
                cov[j][i] = cov[i][j];
            }
        }
        return of(mean, cov);
    }

    /** The latent size L. */
    public int latent() {
        return mean.length;
    }

    /** The point {@code mean + C u} for a standard-normal coordinate u [L]. */
    public float[] map(double[] u) {
        int l = mean.length;
        float[] z = new float[l];
        for (int i = 0; i < l; i++) {
            double v = mean[i];
            for (int j = 0; j <= i; j++) {
                v += cholesky[i][j] * u[j];
            }
            z[i] = (float) v;
        }
        return z;
    }

    /** {@code n} draws, seeded: the same seed gives the same codes. */
    public float[][] sample(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] z = new float[n][];
        double[] u = new double[mean.length];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < u.length; j++) {
                u[j] = Batches.nextGaussian(rng);
            }
            z[k] = map(u);
        }
        return z;
    }

    /** The standard deviation of latent dimension {@code dim}. */
    public double sigma(int dim) {
        return Math.sqrt(covariance[dim][dim]);
    }

    /** The 2-D marginal over dimensions {@code a} and {@code b}: its mean [2] and covariance [2][2]. */
    public LatentGaussian marginal(int a, int b) {
        return of(new double[]{mean[a], mean[b]}, new double[][]{
                {covariance[a][a], covariance[a][b]},
                {covariance[b][a], covariance[b][b]}});
    }

    /** Lower Cholesky factor of a symmetric positive semi-definite matrix, with a tiny jitter if needed. */
    static double[][] cholesky(double[][] a) {
        int l = a.length;
        double scale = 0;
        for (int i = 0; i < l; i++) {
            scale += Math.abs(a[i][i]);
        }
        scale = Math.max(scale / Math.max(1, l), Double.MIN_NORMAL);
        for (double jitter = 0; ; jitter = jitter == 0 ? JITTER * scale : jitter * 100) {
            double[][] c = tryCholesky(a, jitter);
            if (c != null) {
                return c;
            }
            if (jitter > scale) {
                throw new IllegalArgumentException("the covariance is not positive semi-definite: "
                        + Arrays.deepToString(a));
            }
        }
    }

    private static double[][] tryCholesky(double[][] a, double jitter) {
        int l = a.length;
        double[][] c = new double[l][l];
        for (int i = 0; i < l; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j] + (i == j ? jitter : 0);
                for (int k = 0; k < j; k++) {
                    s -= c[i][k] * c[j][k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        return null;
                    }
                    c[i][i] = Math.sqrt(s);
                } else {
                    c[i][j] = s / c[j][j];
                }
            }
        }
        return c;
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}

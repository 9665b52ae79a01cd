package latentlab.app.latentmap;

import latentlab.core.explore.CodeMoments;

/**
 * The first two principal components of a set of codes: the mean, and the two eigenvectors of the
 * covariance with the largest eigenvalues, found with cyclic Jacobi rotations (the covariance is only
 * L x L for L latent dimensions, so this is exact and instant).
 */
public final class Pca {
    private static final int MAX_SWEEPS = 50;
    private static final double TOLERANCE = 1e-12;

    private final double[] mean;
    private final double[] first;
    private final double[] second;

    private Pca(double[] mean, double[] first, double[] second) {
        this.mean = mean;
        this.first = first;
        this.second = second;
    }

    /** Fits the projection to {@code codes} ([n][L], n >= 1). */
    public static Pca fit(float[][] codes) {
        CodeMoments moments = CodeMoments.of(codes);
        int l = moments.mean().length;
        double[] mean = moments.mean();
        double[][] cov = moments.covariance();
        double[][] vectors = eigenvectors(cov);                                      // columns, by eigenvalue
        double[] eigen = new double[l];
        for (int j = 0; j < l; j++) {
            eigen[j] = cov[j][j];
        }
        int i1 = -1;
        int i2 = -1;
        for (int j = 0; j < l; j++) {
            if (i1 < 0 || eigen[j] > eigen[i1]) {
                i2 = i1;
                i1 = j;
            } else if (i2 < 0 || eigen[j] > eigen[i2]) {
                i2 = j;
            }
        }
        return new Pca(mean, column(vectors, i1), i2 < 0 ? new double[l] : column(vectors, i2));
    }

    /** The code's coordinates on the two components. */
    public double[] project(float[] z) {
        double x = 0;
        double y = 0;
        for (int j = 0; j < mean.length; j++) {
            double d = z[j] - mean[j];
            x += d * first[j];
            y += d * second[j];
        }
        return new double[] {x, y};
    }

    /** The unit vector of the first component. */
    public double[] firstComponent() {
        return first.clone();
    }

    /** The unit vector of the second component. */
    public double[] secondComponent() {
        return second.clone();
    }

    /**
     * Diagonalises the symmetric matrix {@code a} in place (its diagonal ends as the eigenvalues) and
     * returns the eigenvectors as columns.
     */
    static double[][] eigenvectors(double[][] a) {
        int l = a.length;
        double[][] v = new double[l][l];
        for (int i = 0; i < l; i++) {
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            for (int p = 0; p < l; p++) {
                for (int q = p + 1; q < l; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off < TOLERANCE) {
                break;
            }
            for (int p = 0; p < l; p++) {
                for (int q = p + 1; q < l; q++) {
                    if (Math.abs(a[p][q]) < 1e-300) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < l; k++) {                                    // A <- A J
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < l; k++) {                                    // A <- J^T A
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < l; k++) {                                    // V <- V J
                        double vkp = v[k][p];
                        double vkq = v[k][q];
                        v[k][p] = c * vkp - s * vkq;
                        v[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        return v;
    }

    private static double[] column(double[][] m, int j) {
        double[] c = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i][j];
        }
        return c;
    }
}

package latentlab.core.train;

import latentlab.core.data.Dataset;
import latentlab.core.data.ImageShape;
import latentlab.core.data.Split;
import latentlab.core.model.Activation;
import latentlab.core.model.DecoderKind;
import latentlab.core.model.Elbo;
import latentlab.core.model.LossBreakdown;
import latentlab.core.model.Model;
import latentlab.core.model.ModelConfig;
import latentlab.core.model.ModelKind;
import latentlab.core.model.ParameterLayout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A linear autoencoder (identity activation, no hidden layers, unit-variance Gaussian decoder) trained on
 * squared error spans the same subspace as the top principal components of its data (Baldi and Hornik
 * 1989). The data here have a known low-rank structure; the principal components are computed in the test
 * by Jacobi eigen-decomposition of the sample covariance.
 */
class LinearAutoencoderPcaTest {
    private static final int D = 16;
    private static final int K = 2;
    private static final int N_TRAIN = 2000;
    private static final int N_TEST = 500;
    private static final double[] VARIANCES = {9, 4, 0.25};
    private static final double NOISE = 0.05;

    private static Dataset data;
    private static double[][] eigenvectors;   // rows, by decreasing eigenvalue
    private static double[] eigenvalues;
    private static Model model;
    private static TrainingOutcome outcome;

    @BeforeAll
    static void trainOnce() {
        data = lowRankData(11L);
        double[][] cov = covariance(data.train());
        double[][] vectors = new double[D][D];
        eigenvalues = jacobiEigen(cov, vectors);
        eigenvectors = vectors;

        ModelConfig config = new ModelConfig(ModelKind.AE, data.shape(), List.of(), K, Activation.IDENTITY,
                DecoderKind.GAUSSIAN_UNIT, 1.0, 3L);
        model = Model.initialise(config, data);
        outcome = new Trainer(Runnable::run).start(model, data, new TrainConfig(40, 50, 1e-2, 0, 1L),
                TrainingListener.NONE).outcome().join();
    }

    /** mean + sum_k a_k u_k + noise, a_k ~ N(0, VARIANCES[k]), with random orthonormal u_k. */
    static Dataset lowRankData(long seed) {
        Random rng = new Random(seed);
        double[][] u = new double[VARIANCES.length][D];
        for (int k = 0; k < u.length; k++) {
            for (int d = 0; d < D; d++) {
                u[k][d] = rng.nextGaussian();
            }
            for (int j = 0; j < k; j++) {
                double dot = dot(u[k], u[j]);
                for (int d = 0; d < D; d++) {
                    u[k][d] -= dot * u[j][d];
                }
            }
            double norm = Math.sqrt(dot(u[k], u[k]));
            for (int d = 0; d < D; d++) {
                u[k][d] /= norm;
            }
        }
        double[] mean = new double[D];
        for (int d = 0; d < D; d++) {
            mean[d] = 0.3 + 0.4 * rng.nextDouble();
        }
        int n = N_TRAIN + N_TEST;
        float[] pixels = new float[n * D];
        for (int i = 0; i < n; i++) {
            double[] a = new double[VARIANCES.length];
            for (int k = 0; k < a.length; k++) {
                a[k] = Math.sqrt(VARIANCES[k]) * rng.nextGaussian();
            }
            for (int d = 0; d < D; d++) {
                double v = mean[d] + NOISE * rng.nextGaussian();
                for (int k = 0; k < a.length; k++) {
                    v += a[k] * u[k][d];
                }
                pixels[i * D + d] = (float) v;
            }
        }
        ImageShape shape = new ImageShape(4, 4);
        int[] noLabels = new int[n];
        java.util.Arrays.fill(noLabels, -1);
        Split all = new Split(pixels, noLabels, shape);
        int[] train = java.util.stream.IntStream.range(0, N_TRAIN).toArray();
        int[] test = java.util.stream.IntStream.range(N_TRAIN, n).toArray();
        return new Dataset("low-rank", shape, all.select(train), all.select(test), List.of(), "test data");
    }

    @Test
    void trainingCompletes() {
        assertEquals(TrainingOutcome.Status.COMPLETED, outcome.status(), outcome.message());
    }

    @Test
    void decoderWeightsSpanTheTopTwoPrincipalComponents() {
        double[][] decoderRows = rowsOf(model, "x_out.W", false);                  // [K][D]
        double[] cosines = principalAngleCosines(decoderRows, topEigenvectors());
        System.out.printf("linear AE decoder vs PCA: principal angle cosines %.6f %.6f%n", cosines[0], cosines[1]);
        assertTrue(cosines[1] > 0.99, "smallest principal-angle cosine " + cosines[1]);
    }

    @Test
    void reconstructionsAreThePcaProjectionsOfTheImages() {
        // x_hat = (x W_z + b_z) W_out + b_out, computed here from the weights (decode() clips to [0, 1])
        java.util.Map<String, org.nd4j.linalg.api.ndarray.INDArray> w = ParameterLayout.of(model.config()).views(model.params());
        float[][] wz = w.get("z.W").toFloatMatrix();                                // [D][K]
        float[] bz = w.get("z.b").toFloatVector();
        float[][] wout = w.get("x_out.W").toFloatMatrix();                          // [K][D]
        float[] bout = w.get("x_out.b").toFloatVector();
        double[] mean = columnMeans(data.train());
        Split test = data.test();
        double gap = 0;
        double total = 0;
        for (int i = 0; i < test.size(); i++) {
            float[] x = test.image(i);
            double[] z = new double[K];
            for (int k = 0; k < K; k++) {
                z[k] = bz[k];
                for (int d = 0; d < D; d++) {
                    z[k] += x[d] * wz[d][k];
                }
            }
            double[] centred = new double[D];
            for (int d = 0; d < D; d++) {
                centred[d] = x[d] - mean[d];
            }
            double[] pca = mean.clone();
            for (int k = 0; k < K; k++) {
                double c = dot(centred, eigenvectors[k]);
                for (int d = 0; d < D; d++) {
                    pca[d] += c * eigenvectors[k][d];
                }
            }
            for (int d = 0; d < D; d++) {
                double xHat = bout[d];
                for (int k = 0; k < K; k++) {
                    xHat += z[k] * wout[k][d];
                }
                gap += (xHat - pca[d]) * (xHat - pca[d]);
                total += centred[d] * centred[d];
            }
        }
        gap /= test.size();
        total /= test.size();
        System.out.printf("linear AE: mean squared distance to the PCA reconstruction %.5f (data variance %.3f)%n", gap, total);
        double discarded = 0;
        for (int i = K; i < D; i++) {
            discarded += eigenvalues[i];
        }
        assertTrue(gap < 0.05 * discarded, "AE reconstructions are " + gap + " (squared) from the PCA projections;"
                + " the variance PCA discards is " + discarded);
    }

    @Test
    void decoderDoesNotSpanTheThirdComponent() {
        double[][] decoderRows = rowsOf(model, "x_out.W", false);
        double[][] third = {eigenvectors[2]};
        double cos = principalAngleCosines(third, orthonormalise(decoderRows))[0];
        assertTrue(cos < 0.1, "the third principal direction lies in the learned subspace: cos " + cos);
    }

    @Test
    void testReconstructionErrorEqualsTheDiscardedVariance() {
        LossBreakdown loss = Elbo.evaluate(model.network(), data.test(), 1L);
        double constant = D * 0.5 * Math.log(2 * Math.PI);
        double squaredError = 2 * (loss.reconstruction() - constant);                // mean ||x - x_hat||^2
        double discarded = 0;
        for (int i = K; i < D; i++) {
            discarded += eigenvalues[i];
        }
        System.out.printf("linear AE: test squared error %.4f, PCA discarded variance %.4f%n", squaredError, discarded);
        assertEquals(discarded, squaredError, 0.1 * discarded);
    }

    @Test
    void eigenDecompositionRecoversThePlantedVariances() {
        // a check of the test's own oracle
        assertEquals(9.0, eigenvalues[0], 0.9);
        assertEquals(4.0, eigenvalues[1], 0.4);
        assertEquals(0.25 + NOISE * NOISE, eigenvalues[2], 0.05);
        assertEquals(NOISE * NOISE, eigenvalues[D - 1], NOISE * NOISE);
    }

    // --------------------------------------------------------------------------------------------

    private static double[][] topEigenvectors() {
        return new double[][]{eigenvectors[0], eigenvectors[1]};
    }

    /** The rows (or, transposed, the columns) of a weight matrix as double vectors of length D. */
    private static double[][] rowsOf(Model m, String slot, boolean columns) {
        float[][] w = ParameterLayout.of(m.config()).views(m.params()).get(slot).toFloatMatrix();
        int rows = columns ? w[0].length : w.length;
        int cols = columns ? w.length : w[0].length;
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[i][j] = columns ? w[j][i] : w[i][j];
            }
        }
        return out;
    }

    /** Cosines of the principal angles between span(a) and span(b) (b orthonormal), largest first. */
    static double[] principalAngleCosines(double[][] a, double[][] orthonormalB) {
        double[][] q = orthonormalise(a);
        int m = q.length;
        int k = orthonormalB.length;
        double[][] c = new double[m][k];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < k; j++) {
                c[i][j] = dot(q[i], orthonormalB[j]);
            }
        }
        // singular values of C are the square roots of the eigenvalues of C C^T
        double[][] cct = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                cct[i][j] = dot(c[i], c[j]);
            }
        }
        double[] ev = jacobiEigen(cct, new double[m][m]);
        double[] s = new double[m];
        for (int i = 0; i < m; i++) {
            s[i] = Math.sqrt(Math.max(0, ev[i]));
        }
        return s;
    }

    static double[][] orthonormalise(double[][] a) {
        double[][] q = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            q[i] = a[i].clone();
            for (int j = 0; j < i; j++) {
                double d = dot(q[i], q[j]);
                for (int t = 0; t < q[i].length; t++) {
                    q[i][t] -= d * q[j][t];
                }
            }
            double norm = Math.sqrt(dot(q[i], q[i]));
            assertTrue(norm > 1e-9, "vectors are linearly dependent");
            for (int t = 0; t < q[i].length; t++) {
                q[i][t] /= norm;
            }
        }
        return q;
    }

    private static double[] columnMeans(Split split) {
        int n = split.size();
        float[] p = split.pixels();
        double[] mean = new double[D];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < D; d++) {
                mean[d] += p[i * D + d];
            }
        }
        for (int d = 0; d < D; d++) {
            mean[d] /= n;
        }
        return mean;
    }

    private static double[][] covariance(Split split) {
        int n = split.size();
        float[] p = split.pixels();
        double[] mean = columnMeans(split);
        double[][] cov = new double[D][D];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < D; a++) {
                double da = p[i * D + a] - mean[a];
                for (int b = 0; b < D; b++) {
                    cov[a][b] += da * (p[i * D + b] - mean[b]);
                }
            }
        }
        for (double[] row : cov) {
            for (int b = 0; b < D; b++) {
                row[b] /= n;
            }
        }
        return cov;
    }

    /**
     * Eigenvalues of a symmetric matrix by cyclic Jacobi rotations, sorted decreasing; the matching unit
     * eigenvectors are written as the rows of {@code vectors}.
     */
    static double[] jacobiEigen(double[][] symmetric, double[][] vectors) {
        int n = symmetric.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = symmetric[i].clone();
        }
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off < 1e-24) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
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
                    for (int k = 0; k < n; k++) {
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k][p];
                        double vkq = v[k][q];
                        v[k][p] = c * vkp - s * vkq;
                        v[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(a[y][y], a[x][x]));
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = a[order[i]][order[i]];
            for (int k = 0; k < n; k++) {
                vectors[i][k] = v[k][order[i]];
            }
        }
        return values;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}

package latentlab.app.latentmap;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PcaTest {
    @Test
    void findsTheDirectionsOfLargestVarianceOfCorrelatedCodes() {
        int n = 20_000;
        double[] u = {1 / Math.sqrt(3), 1 / Math.sqrt(3), 1 / Math.sqrt(3), 0};
        double[] v = {1 / Math.sqrt(2), -1 / Math.sqrt(2), 0, 0};
        float[][] codes = new float[n][4];
        SplittableRandom rng = new SplittableRandom(11);
        for (float[] z : codes) {
            double a = 3 * rng.nextGaussian();
            double b = 1.5 * rng.nextGaussian();
            for (int j = 0; j < 4; j++) {
                z[j] = (float) (a * u[j] + b * v[j] + 0.1 * rng.nextGaussian() + 2);
            }
        }
        Pca pca = Pca.fit(codes);
        assertEquals(1, Math.abs(dot(pca.firstComponent(), u)), 1e-3);
        assertEquals(1, Math.abs(dot(pca.secondComponent(), v)), 1e-3);
        assertEquals(0, pca.project(new float[] {2, 2, 2, 2})[0], 0.05, "the mean projects to the origin");
    }

    @Test
    void diagonalisesASymmetricMatrix() {
        double[][] a = {{4, 1, 0}, {1, 3, 1}, {0, 1, 2}};
        double[][] original = {{4, 1, 0}, {1, 3, 1}, {0, 1, 2}};
        double[][] vectors = Pca.eigenvectors(a);
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < 3; i++) {
                double av = 0;
                for (int j = 0; j < 3; j++) {
                    av += original[i][j] * vectors[j][k];
                }
                assertEquals(a[k][k] * vectors[i][k], av, 1e-9, "A v = lambda v");
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}

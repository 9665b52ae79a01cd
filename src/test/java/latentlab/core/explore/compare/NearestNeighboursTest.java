package latentlab.core.explore.compare;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Distances to the nearest training image, by matrix products, against a plain search. */
class NearestNeighboursTest {

    private static float[] random(int n, int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextDouble();
        }
        return v;
    }

    @Test
    void distancesMatchAPlainSearchAcrossSeveralBlocks() {
        int d = 50;
        int refs = 4500;                                                             // over two reference blocks
        int queries = 300;                                                           // over one query block
        float[] r = random(refs, d, 1L);
        float[] q = random(queries, d, 2L);
        double[] fast = new NearestNeighbours(r, refs, d).distances(q, queries);
        for (int i = 0; i < queries; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < refs; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    double diff = q[i * d + k] - r[j * d + k];
                    s += diff * diff;
                }
                best = Math.min(best, s);
            }
            assertEquals(Math.sqrt(best), fast[i], 1e-4, "query " + i);
        }
    }

    @Test
    void aTrainingImageIsAtDistanceZeroFromTheData() {
        int d = 64;
        float[] r = random(100, d, 3L);
        float[] q = new float[d];
        System.arraycopy(r, 37 * d, q, 0, d);
        assertEquals(0.0, new NearestNeighbours(r, 100, d).distances(q, 1)[0], 0.0);
    }

    @Test
    void queriesMustHaveTheReferencesSize() {
        NearestNeighbours nn = new NearestNeighbours(new float[20], 2, 10);
        assertThrows(IllegalArgumentException.class, () -> nn.distances(new float[15], 1));
    }
}

package latentlab.core.explore;

import latentlab.core.data.ImageShape;
import latentlab.core.model.Activation;
import latentlab.core.model.DecoderKind;
import latentlab.core.model.MlpNetwork;
import latentlab.core.model.Model;
import latentlab.core.model.ModelConfig;
import latentlab.core.model.ModelKind;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The latent grid of Kingma and Welling's Fig. 4, and decoding it. */
class ManifoldGridTest {

    private static Model model(DecoderKind decoder, int latent, double weightScale) {
        ModelConfig config = new ModelConfig(ModelKind.VAE, ImageShape.MNIST, List.of(16), latent, Activation.TANH,
                decoder, 1.0, 4L);
        INDArray params = MlpNetwork.initialParams(config, DataType.FLOAT).muli(weightScale);
        return new Model(config, params, "synthetic", "test", List.of(), null);
    }

    @Test
    void inverseCdfGridOfThreeHasTheNormalsTerciles() {
        ManifoldGrid g = ManifoldGrid.inverseCdf(3, 0, 1, new float[2]);
        // Phi^-1(1/6), Phi^-1(1/2), Phi^-1(5/6)
        assertArrayEquals(new double[]{-0.967421566101701, 0, 0.967421566101701}, g.xs(), 1e-6);
    }

    @Test
    void inverseCdfGridOfTwoHasTheNormalsQuartiles() {
        ManifoldGrid g = ManifoldGrid.inverseCdf(2, 0, 1, new float[2]);
        assertArrayEquals(new double[]{-0.6744897501960817, 0.6744897501960817}, g.xs(), 1e-6);
    }

    @Test
    void inverseCdfGridPutsEqualPriorMassInEveryCell() {
        int n = 20;
        ManifoldGrid g = ManifoldGrid.inverseCdf(n, 0, 1, new float[2]);
        for (int i = 0; i < n; i++) {
            assertEquals((i + 0.5) / n, Gaussian.cdf(g.xs()[i]), 1e-6, "column " + i);
            assertEquals(g.xs()[i], Gaussian.inverseCdf((i + 0.5) / n), 0.0);
        }
    }

    @Test
    void topRowHasTheLargestY() {
        int n = 7;
        ManifoldGrid g = ManifoldGrid.inverseCdf(n, 0, 1, new float[2]);
        for (int r = 1; r < n; r++) {
            assertTrue(g.ys()[r] < g.ys()[r - 1], "row " + r + " is not below row " + (r - 1));
            assertEquals(g.xs()[n - 1 - r], g.ys()[r], 0.0, "the y values are the x values reversed");
        }
        float[][] codes = g.codes();
        for (int c = 0; c < n; c++) {
            assertEquals((float) g.ys()[0], codes[c][1], 0f, "the first row of codes is the top row");
            assertEquals((float) g.ys()[n - 1], codes[(n - 1) * n + c][1], 0f);
        }
    }

    @Test
    void codesRunRowByRowFromTheTopLeftAndKeepTheBaseElsewhere() {
        int n = 4;
        float[] base = {0.5f, -0.7f, 1.25f};
        ManifoldGrid g = ManifoldGrid.inverseCdf(n, 2, 0, base);
        float[][] codes = g.codes();
        assertEquals(n * n, codes.length);
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                float[] z = codes[r * n + c];
                assertEquals((float) g.xs()[c], z[2], 0f);
                assertEquals((float) g.ys()[r], z[0], 0f);
                assertEquals(-0.7f, z[1], 0f, "the dimension not on the grid keeps the base value");
            }
        }
        assertArrayEquals(new float[]{0.5f, -0.7f, 1.25f}, base, "the base code was modified");
    }

    @Test
    void spanningGridCoversTheRangeOfTheCodes() {
        float[][] mean = {{-3f, 10f}, {5f, 2f}, {1f, 4f}, {0f, -6f}};
        Encoding codes = new Encoding(mean, null, null);
        int n = 8;
        ManifoldGrid g = ManifoldGrid.spanning(codes, n, 0, 1, new float[2]);
        double cellX = 8.0 / n;
        double cellY = 16.0 / n;
        assertEquals(-3 + cellX / 2, g.xs()[0], 1e-9);
        assertEquals(5 - cellX / 2, g.xs()[n - 1], 1e-9);
        assertEquals(10 - cellY / 2, g.ys()[0], 1e-9, "top row at the largest y");
        assertEquals(-6 + cellY / 2, g.ys()[n - 1], 1e-9);
        for (int i = 1; i < n; i++) {
            assertEquals(cellX, g.xs()[i] - g.xs()[i - 1], 1e-9, "even spacing in x");
            assertEquals(-cellY, g.ys()[i] - g.ys()[i - 1], 1e-9, "even spacing in y");
        }
    }

    @Test
    void gridSizesOutsideTheAllowedRangeAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ManifoldGrid.inverseCdf(1, 0, 1, new float[2]));
        assertThrows(IllegalArgumentException.class,
                () -> ManifoldGrid.inverseCdf(ManifoldGrid.MAX_N + 1, 0, 1, new float[2]));
        assertThrows(IllegalArgumentException.class,
                () -> ManifoldGrid.linear(0, 0, 1, new float[2], 0, 1, 0, 1));
    }

    @Test
    void decodingTheGridGivesNSquaredImagesClippedToTheUnitInterval() {
        int n = 12;
        Model m = model(DecoderKind.GAUSSIAN_UNIT, 2, 40.0);                      // means far outside [0, 1]
        Codec codec = new Codec(m);
        ManifoldGrid g = ManifoldGrid.inverseCdf(n, 0, 1, new float[2]);
        float[] images = g.decode(codec);
        assertEquals(n * n * ImageShape.MNIST.pixels(), images.length);
        int low = 0;
        int high = 0;
        for (float v : images) {
            assertTrue(v >= 0f && v <= 1f, "pixel " + v + " outside [0, 1]");
            low += v == 0f ? 1 : 0;
            high += v == 1f ? 1 : 0;
        }
        assertTrue(low > 0 && high > 0, "the test needs decoder outputs beyond both ends of [0, 1]");
    }

    @Test
    void everyDecoderKindDecodesTheGridToValuesInTheUnitInterval() {
        for (DecoderKind kind : DecoderKind.values()) {
            Model m = model(kind, 2, 10.0);
            float[] images = ManifoldGrid.inverseCdf(5, 0, 1, new float[2]).decode(new Codec(m));
            assertEquals(25 * ImageShape.MNIST.pixels(), images.length, kind.name());
            for (float v : images) {
                assertTrue(v >= 0f && v <= 1f, kind + ": pixel " + v + " outside [0, 1]");
            }
        }
    }

    @Test
    void eachImageOfTheDecodedGridIsTheDecodingOfItsCode() {
        int n = 6;
        Model m = model(DecoderKind.BERNOULLI, 3, 3.0);
        Codec codec = new Codec(m);
        ManifoldGrid g = ManifoldGrid.inverseCdf(n, 1, 2, new float[]{0.3f, 0f, 0f});
        float[] images = g.decode(codec);
        float[][] codes = g.codes();
        int d = ImageShape.MNIST.pixels();
        for (int k = 0; k < codes.length; k += 7) {
            float[] single = codec.decode(codes[k]);
            for (int p = 0; p < d; p++) {
                assertEquals(single[p], images[k * d + p], 1e-5f, "cell " + k + " pixel " + p);
            }
        }
        // and the images differ across the grid
        float diff = 0;
        for (int p = 0; p < d; p++) {
            diff += Math.abs(images[p] - images[(codes.length - 1) * d + p]);
        }
        assertTrue(diff > 0.01f, "corner images are identical");
    }

    @Test
    void aGridLargerThanOneCodecBatchDecodesLikeCodeByCode() {
        int n = 40;                                                                // 1600 codes > Codec.BATCH
        Model m = model(DecoderKind.BERNOULLI, 2, 3.0);
        Codec codec = new Codec(m);
        ManifoldGrid g = ManifoldGrid.inverseCdf(n, 0, 1, new float[2]);
        float[] images = g.decode(codec);
        float[][] codes = g.codes();
        int d = ImageShape.MNIST.pixels();
        assertEquals(n * n * d, images.length);
        for (int k : new int[]{0, Codec.BATCH - 1, Codec.BATCH, n * n - 1}) {
            float[] single = codec.decode(codes[k]);
            for (int p = 0; p < d; p++) {
                assertEquals(single[p], images[k * d + p], 1e-5f, "cell " + k + " pixel " + p);
            }
        }
    }
}

package latentlab.core.explore.compare;

import latentlab.core.data.Dataset;
import latentlab.core.data.ImageShape;
import latentlab.core.data.Split;
import latentlab.core.model.Activation;
import latentlab.core.model.DecoderKind;
import latentlab.core.model.Model;
import latentlab.core.model.ModelConfig;
import latentlab.core.model.ModelKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The spaces the distance to the data is measured in, on images whose answers are known. */
class ImageSpaceTest {
    private static final int D = 16;

    /** Image a: ink on pixels 0-4; image b: ink on pixels 8-13 (disjoint strokes, 5 and 6 pixels). */
    private static float[] twoDigits() {
        float[] r = new float[2 * D];
        for (int k = 0; k < 5; k++) {
            r[k] = 1f;
        }
        for (int k = 8; k < 14; k++) {
            r[D + k] = 1f;
        }
        return r;
    }

    @Test
    void binaryIsEachPixelThresholdedAtOneHalf() {
        float[] b = ImageSpace.BINARY.map(new float[]{0f, 0.2f, 0.5f, 0.51f, 0.9f, 1f}, 1, 6);
        assertArrayEquals(new float[]{0f, 0f, 0f, 1f, 1f, 1f}, b);
        assertEquals(D, ImageSpace.BINARY.dimension(D));
    }

    @Test
    void aBlurredDigitIsOnTheDataInBinaryButNotInPixels() {
        float[] refs = twoDigits();
        float[] blurred = new float[D];                                               // image a at 0.8 ink, 0.2 paper
        for (int k = 0; k < D; k++) {
            blurred[k] = refs[k] == 1f ? 0.8f : 0.2f;
        }
        assertEquals(0.0, new NearestNeighbours(refs, 2, D, ImageSpace.BINARY).distances(blurred, 1)[0], 0.0);
        assertEquals(0.8, new NearestNeighbours(refs, 2, D).distances(blurred, 1)[0], 1e-6);   // sqrt(16 * 0.04)
    }

    @Test
    void twoDigitsSuperimposedAreAsFarAsTheStrokesTheyAdd() {
        float[] refs = twoDigits();
        float[] blend = new float[D];                                                 // both strokes at 0.6
        for (int k = 0; k < D; k++) {
            blend[k] = 0.6f * Math.max(refs[k], refs[D + k]);
        }
        // Binarised it is a and b together: 6 pixels from a, 5 from b; the nearest is b, sqrt(5) away.
        assertEquals(Math.sqrt(5), new NearestNeighbours(refs, 2, D, ImageSpace.BINARY).distances(blend, 1)[0], 1e-9);
    }

    @Test
    void binaryDistancesAreTheSquareRootOfTheNumberOfPixelsThatDiffer() {
        SplittableRandom rng = new SplittableRandom(5L);
        int refs = 300;
        int queries = 20;
        float[] r = new float[refs * D];
        float[] q = new float[queries * D];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) rng.nextDouble();
        }
        for (int i = 0; i < q.length; i++) {
            q[i] = (float) rng.nextDouble();
        }
        double[] d = new NearestNeighbours(r, refs, D, ImageSpace.BINARY).distances(q, queries);
        for (int i = 0; i < queries; i++) {
            int best = Integer.MAX_VALUE;
            for (int j = 0; j < refs; j++) {
                int differ = 0;
                for (int k = 0; k < D; k++) {
                    if ((q[i * D + k] > 0.5f) != (r[j * D + k] > 0.5f)) {
                        differ++;
                    }
                }
                best = Math.min(best, differ);
            }
            assertEquals(Math.sqrt(best), d[i], 1e-9, "query " + i);
        }
    }

    @Test
    void anEncoderSpaceMeasuresBetweenCodesAndPutsEachTrainingImageOnTheData() {
        ImageShape shape = new ImageShape(4, 4);
        SplittableRandom rng = new SplittableRandom(7L);
        float[] pixels = new float[50 * D];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) rng.nextDouble();
        }
        Split split = new Split(pixels, new int[50], shape);
        Dataset data = new Dataset("hand-made", shape, split, split.head(10), List.of("a"), "test");
        Model encoder = Model.initialise(new ModelConfig(ModelKind.VAE, shape, List.of(8), 3, Activation.RELU,
                DecoderKind.BERNOULLI, 1.0, 3L), data);
        ImageSpace space = ImageSpace.encoder(encoder, "tiny");
        assertEquals(3, space.dimension(D));
        assertEquals(3 * 50, space.map(pixels, 50, D).length);
        NearestNeighbours nn = Comparison.neighbours(data, space);
        double[] d = nn.distances(java.util.Arrays.copyOf(pixels, 10 * D), 10);
        for (double x : d) {
            assertEquals(0.0, x, 1e-6);
        }
        float[] codes = space.map(java.util.Arrays.copyOf(pixels, 2 * D), 2, D);
        double expected = 0;
        for (int k = 0; k < 3; k++) {
            expected += (codes[k] - codes[3 + k]) * (codes[k] - codes[3 + k]);
        }
        NearestNeighbours one = new NearestNeighbours(java.util.Arrays.copyOf(pixels, D), 1, D, space);
        float[] second = java.util.Arrays.copyOfRange(pixels, D, 2 * D);
        assertEquals(Math.sqrt(expected), one.distances(second, 1)[0], 1e-5);
        assertTrue(space.name().contains("tiny"));
    }

    @Test
    void parsesTheNamedSpaces() {
        assertEquals(ImageSpace.PIXELS, ImageSpace.parse("pixels"));
        assertEquals(ImageSpace.BINARY, ImageSpace.parse("Binary"));
        assertThrows(IllegalArgumentException.class, () -> ImageSpace.parse("blurred"));
    }
}

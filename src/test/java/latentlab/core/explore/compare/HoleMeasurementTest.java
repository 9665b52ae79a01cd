package latentlab.core.explore.compare;

import latentlab.core.data.Dataset;
import latentlab.core.data.ImageShape;
import latentlab.core.data.Split;
import latentlab.core.model.Batches;
import latentlab.core.model.ModelKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hole metric on small synthetic data where the answer is known: decoders built by hand that decode
 * to training images, to noise, or to one of them depending on where the code is.
 */
class HoleMeasurementTest {
    private static final ImageShape SHAPE = new ImageShape(4, 4);
    private static final int D = SHAPE.pixels();
    private static final int TRAIN = 120;
    private static final int TEST = 40;
    private static final int N = 10;

    /** Random training images; the test images are copies of the first ones, so reconstructions can be exact. */
    private static Dataset dataset() {
        SplittableRandom rng = new SplittableRandom(1L);
        float[] train = new float[TRAIN * D];
        for (int i = 0; i < train.length; i++) {
            train[i] = (float) rng.nextDouble();
        }
        int[] labels = new int[TRAIN];
        for (int i = 0; i < TRAIN; i++) {
            labels[i] = i % 3;
        }
        Split trainSplit = new Split(train, labels, SHAPE);
        return new Dataset("hand-made", SHAPE, trainSplit, trainSplit.head(TEST), List.of("a", "b", "c"), "test");
    }

    /** Where the hand-made encoder puts training image i: scattered, never exactly on a grid point. */
    private static float[][] positions() {
        SplittableRandom rng = new SplittableRandom(2L);
        float[][] p = new float[TRAIN][];
        for (int i = 0; i < TRAIN; i++) {
            p[i] = new float[]{(float) (Batches.nextGaussian(rng) + 0.0123), (float) (Batches.nextGaussian(rng) - 0.0321)};
        }
        return p;
    }

    /** A noise image, far from every training image. */
    private static float[] noise() {
        float[] x = new float[D];
        for (int i = 0; i < D; i++) {
            x[i] = i % 2 == 0 ? 3f : -3f;
        }
        return x;
    }

    /**
     * An encoder that maps training image i to {@code scale * positions[i]}, and a decoder that gives back
     * image i for exactly that code, and for any other code z either the training image whose code is
     * nearest (when {@code plausible} holds for z / scale) or noise.
     */
    private static Autoencoder handMade(Dataset data, double scale, Predicate<float[]> plausible) {
        float[][] p = positions();
        float[] images = data.train().pixels();
        return new Autoencoder() {
            @Override
            public int latent() {
                return 2;
            }

            @Override
            public float[][] encode(float[] pixels, int n) {
                float[][] z = new float[n][];
                for (int k = 0; k < n; k++) {
                    int i = indexOf(images, pixels, k);
                    z[k] = new float[]{(float) (scale * p[i][0]), (float) (scale * p[i][1])};
                }
                return z;
            }

            @Override
            public float[] decode(float[][] z) {
                float[] out = new float[z.length * D];
                for (int k = 0; k < z.length; k++) {
                    float[] u = {(float) (z[k][0] / scale), (float) (z[k][1] / scale)};
                    int exact = -1;
                    int nearest = 0;
                    double best = Double.POSITIVE_INFINITY;
                    for (int i = 0; i < TRAIN; i++) {
                        float[] code = {(float) (scale * p[i][0]), (float) (scale * p[i][1])};
                        if (code[0] == z[k][0] && code[1] == z[k][1]) {
                            exact = i;
                        }
                        double d = Math.hypot(u[0] - p[i][0], u[1] - p[i][1]);
                        if (d < best) {
                            best = d;
                            nearest = i;
                        }
                    }
                    if (exact >= 0 || plausible.test(u)) {
                        System.arraycopy(images, (exact >= 0 ? exact : nearest) * D, out, k * D, D);
                    } else {
                        System.arraycopy(noise(), 0, out, k * D, D);
                    }
                }
                return out;
            }
        };
    }

    private static int indexOf(float[] images, float[] pixels, int k) {
        for (int i = 0; i < TRAIN; i++) {
            boolean same = true;
            for (int j = 0; j < D && same; j++) {
                same = images[i * D + j] == pixels[k * D + j];
            }
            if (same) {
                return i;
            }
        }
        throw new IllegalArgumentException("not a training image");
    }

    private static ModelAnalysis analyse(ModelKind kind, Autoencoder codec, Dataset data) {
        CompareSettings settings = CompareSettings.defaults(1L).withN(N).withCalibrationImages(TEST).withMapImages(TEST);
        return ModelAnalysis.of(kind.name(), kind, codec, data, Comparison.neighbours(data), settings);
    }

    @Test
    void reconstructionsThatEqualTheirTestImagesGiveAThresholdOfZero() {
        Dataset data = dataset();
        ModelAnalysis a = analyse(ModelKind.VAE, handMade(data, 1, z -> true), data);
        assertEquals(TEST, a.calibration().images());
        assertEquals(0.0, a.calibration().threshold(), 0.0);
    }

    @Test
    void aGridWhoseDecodesAreTrainingImagesHasNoHoles() {
        Dataset data = dataset();
        ModelAnalysis a = analyse(ModelKind.VAE, handMade(data, 1, z -> true), data);
        assertEquals(0.0, a.own().holeFraction(), 0.0);
        assertEquals(0, a.sampleHoles());
    }

    @Test
    void aGridThatDecodesToNoiseIsAllHoles() {
        Dataset data = dataset();
        ModelAnalysis a = analyse(ModelKind.VAE, handMade(data, 1, z -> false), data);
        assertEquals(1.0, a.own().holeFraction(), 0.0);
        assertEquals(a.sampleCodes().length, a.sampleHoles());
    }

    @Test
    void aGridThatDecodesToNoiseOnTheRightHalfOfThePriorIsHalfHoles() {
        Dataset data = dataset();
        ModelAnalysis a = analyse(ModelKind.VAE, handMade(data, 1, z -> z[0] < 0), data);
        assertEquals(0.5, a.own().holeFraction(), 0.0);
        for (int k = 0; k < N * N; k++) {
            assertEquals(k % N >= N / 2, a.own().isHole(k), "cell " + k + ": the right half are the holes");
        }
    }

    @Test
    void theAesHoleFractionOnItsOwnGridDoesNotChangeWhenItsCodesAreScaled() {
        Dataset data = dataset();
        Predicate<float[]> rightOfALine = z -> z[0] + 0.4 * z[1] < 0.3;
        double small = analyse(ModelKind.AE, handMade(data, 1, rightOfALine), data).own().holeFraction();
        double large = analyse(ModelKind.AE, handMade(data, 1000, rightOfALine), data).own().holeFraction();
        assertTrue(small > 0.1 && small < 0.9, "a mixed case, found " + small);
        assertEquals(small, large, 0.0);
    }

    @Test
    void theSharedRegionIsTheAesCodeRangeAndTheSameForBothModels() {
        Dataset data = dataset();
        ModelAnalysis ae = analyse(ModelKind.AE, handMade(data, 5, z -> true), data);
        ModelAnalysis vae = analyse(ModelKind.VAE, handMade(data, 1, z -> z[0] < 0), data);
        Comparison c = Comparison.of(ae, vae, null, data);
        double[] x = ModelAnalysis.trimmedRange(ae.trainCodes(), 0, CompareSettings.DEFAULT_TRIM);
        double[] y = ModelAnalysis.trimmedRange(ae.trainCodes(), 1, CompareSettings.DEFAULT_TRIM);
        assertEquals(x[0], c.shared().extent()[0], 1e-9);
        assertEquals(x[1], c.shared().extent()[1], 1e-9);
        assertEquals(y[0], c.shared().extent()[2], 1e-9);
        assertEquals(y[1], c.shared().extent()[3], 1e-9);
        assertEquals(c.shared(), c.aeShared().grid());
        assertEquals(c.shared(), c.vaeShared().grid());
        assertEquals(0.0, c.aeShared().holeFraction(), 0.0);
    }
}

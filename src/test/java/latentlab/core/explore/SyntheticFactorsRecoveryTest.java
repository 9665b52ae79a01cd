package latentlab.core.explore;

import latentlab.core.data.Dataset;
import latentlab.core.data.Split;
import latentlab.core.data.SyntheticFaces;
import latentlab.core.data.TestSupport;
import latentlab.core.model.Activation;
import latentlab.core.model.DecoderKind;
import latentlab.core.model.Model;
import latentlab.core.model.ModelConfig;
import latentlab.core.model.ModelKind;
import latentlab.core.train.TrainConfig;
import latentlab.core.train.Trainer;
import latentlab.core.train.TrainingListener;
import latentlab.core.train.TrainingOutcome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A VAE with a 2-D latent space, trained on the synthetic faces, finds the factors that generated them:
 * on held-out faces, a factor is (nearly) a linear function of z_mean.
 *
 * <p>Measured (12 epochs, 784-256-2, lr 2e-3, about 20-50 s on 2 cores): turn |r| 0.96 with one latent
 * dimension and R^2 0.95 from both; smile |r| 0.93 with the other and R^2 0.94.
 */
class SyntheticFactorsRecoveryTest {
    private static final int N_TRAIN = 6000;
    private static final int N_TEST = 1000;
    private static final int EPOCHS = 12;

    private static double[][] correlation;      // [factor][latent dim]: Pearson r of z_mean_j with the factor
    private static double[] rSquared;           // [factor]: R^2 of the factor regressed on both latent dims
    private static TrainingOutcome outcome;

    @BeforeAll
    static void trainAndEncode() {
        SyntheticFaces.Faces faces = SyntheticFaces.generate(N_TRAIN + N_TEST, 21L);
        Split all = faces.images();
        Split train = all.select(IntStream.range(0, N_TRAIN).toArray());
        Split test = all.select(IntStream.range(N_TRAIN, N_TRAIN + N_TEST).toArray());
        Dataset data = new Dataset(SyntheticFaces.NAME, all.shape(), train, test, SyntheticFaces.classNames(),
                SyntheticFaces.PREPROCESSING);
        Model model = Model.initialise(new ModelConfig(ModelKind.VAE, data.shape(), List.of(256), 2, Activation.RELU,
                DecoderKind.BERNOULLI, 1.0, 2L), data);
        long t0 = System.nanoTime();
        outcome = new Trainer(Runnable::run).start(model, data, new TrainConfig(EPOCHS, 100, 2e-3, 0, 3L),
                TrainingListener.NONE).outcome().join();
        double seconds = (System.nanoTime() - t0) / 1e9;

        float[][] z = new Codec(model).encode(test).mean();
        double[][] factors = {
                TestSupport.toDoubles(Arrays.copyOfRange(faces.turn(), N_TRAIN, N_TRAIN + N_TEST)),
                TestSupport.toDoubles(Arrays.copyOfRange(faces.smile(), N_TRAIN, N_TRAIN + N_TEST))};
        double[][] dims = new double[2][N_TEST];
        for (int i = 0; i < N_TEST; i++) {
            dims[0][i] = z[i][0];
            dims[1][i] = z[i][1];
        }
        correlation = new double[2][2];
        rSquared = new double[2];
        for (int f = 0; f < 2; f++) {
            for (int j = 0; j < 2; j++) {
                correlation[f][j] = TestSupport.correlation(factors[f], dims[j]);
            }
            rSquared[f] = rSquaredOnBoth(factors[f], dims[0], dims[1]);
        }
        System.out.printf("synthetic factors, %d epochs in %.1f s, test ELBO %.2f: turn r = (%.3f, %.3f) R^2 %.3f;"
                        + " smile r = (%.3f, %.3f) R^2 %.3f%n", EPOCHS, seconds,
                model.history().get(EPOCHS - 1).testElbo(), correlation[0][0], correlation[0][1], rSquared[0],
                correlation[1][0], correlation[1][1], rSquared[1]);
    }

    @Test
    void trainingCompletes() {
        assertEquals(TrainingOutcome.Status.COMPLETED, outcome.status(), outcome.message());
    }

    @Test
    void headTurnIsLinearlyRecoverableFromTheLatentCode() {
        assertTrue(rSquared[0] > 0.8, "R^2 of turn on z_mean: " + rSquared[0]);
    }

    @Test
    void smileIsLinearlyRecoverableFromTheLatentCode() {
        assertTrue(rSquared[1] > 0.8, "R^2 of smile on z_mean: " + rSquared[1]);
    }

    @Test
    void headTurnIsStronglyCorrelatedWithOneLatentDimension() {
        double best = Math.max(Math.abs(correlation[0][0]), Math.abs(correlation[0][1]));
        assertTrue(best > 0.85, "turn: |r| with the latent dimensions " + Arrays.toString(correlation[0]));
    }

    @Test
    void eachFactorIsStronglyCorrelatedWithOneLatentDimension() {
        for (int f = 0; f < 2; f++) {
            double best = Math.max(Math.abs(correlation[f][0]), Math.abs(correlation[f][1]));
            assertTrue(best > 0.8, "factor " + f + ": |r| with the latent dimensions "
                    + Arrays.toString(correlation[f]));
        }
    }

    @Test
    void theTwoFactorsUseDifferentLatentDimensions() {
        int turnDim = Math.abs(correlation[0][0]) > Math.abs(correlation[0][1]) ? 0 : 1;
        int smileDim = Math.abs(correlation[1][0]) > Math.abs(correlation[1][1]) ? 0 : 1;
        assertNotEquals(turnDim, smileDim, "both factors load on latent dimension " + turnDim
                + ": turn r " + Arrays.toString(correlation[0]) + ", smile r " + Arrays.toString(correlation[1]));
    }

    // --------------------------------------------------------------------------------------------

    /** R^2 of least squares y ~ c + a x1 + b x2, from the 2x2 normal equations on centred data. */
    static double rSquaredOnBoth(double[] y, double[] x1, double[] x2) {
        int n = y.length;
        double my = Arrays.stream(y).average().orElseThrow();
        double m1 = Arrays.stream(x1).average().orElseThrow();
        double m2 = Arrays.stream(x2).average().orElseThrow();
        double s11 = 0;
        double s12 = 0;
        double s22 = 0;
        double s1y = 0;
        double s2y = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double a = x1[i] - m1;
            double b = x2[i] - m2;
            double c = y[i] - my;
            s11 += a * a;
            s12 += a * b;
            s22 += b * b;
            s1y += a * c;
            s2y += b * c;
            syy += c * c;
        }
        double det = s11 * s22 - s12 * s12;
        double wa = (s22 * s1y - s12 * s2y) / det;
        double wb = (s11 * s2y - s12 * s1y) / det;
        double explained = wa * s1y + wb * s2y;
        return explained / syy;
    }
}

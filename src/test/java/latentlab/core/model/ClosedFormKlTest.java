package latentlab.core.model;

import latentlab.core.data.ImageShape;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The KL term the network reports, KL(q(z|x) || N(0, I)) in closed form, against a Monte Carlo
 * estimate of E_q[log q(z|x) - log p(z)] computed here from the encoder's z_mean and z_log_var alone.
 */
class ClosedFormKlTest {
    private static final int IMAGES = 4;
    private static final int LATENT = 3;
    private static final int SAMPLES = 200_000;

    /** A small VAE whose heads give means and variances well away from the prior's. */
    private static MlpNetwork spreadOutVae() {
        ModelConfig config = new ModelConfig(ModelKind.VAE, new ImageShape(4, 4), List.of(8), LATENT,
                Activation.TANH, DecoderKind.BERNOULLI, 1.0, 5L);
        INDArray params = MlpNetwork.initialParams(config, DataType.DOUBLE);
        Map<String, INDArray> v = ParameterLayout.of(config).views(params);
        v.get("z_mean.W").muli(4.0);
        v.get("z_mean.b").muli(3.0);
        v.get("z_log_var.W").muli(3.0);
        v.get("z_log_var.b").muli(4.0);
        return new MlpNetwork(config, params);
    }

    private static INDArray images(long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.DOUBLE, IMAGES, 16);                               // [4, 16] in [0, 1]
    }

    /** log q(z|x) - log p(z) at z = mu + sigma * eps, from the definitions of the two Gaussian densities. */
    private static double logRatio(double[] mu, double[] logVar, double[] eps) {
        double sum = 0;
        for (int j = 0; j < mu.length; j++) {
            double sigma = Math.exp(0.5 * logVar[j]);
            double z = mu[j] + sigma * eps[j];
            double logQ = -0.5 * Math.log(2 * Math.PI) - 0.5 * logVar[j] - 0.5 * (z - mu[j]) * (z - mu[j]) / (sigma * sigma);
            double logP = -0.5 * Math.log(2 * Math.PI) - 0.5 * z * z;
            sum += logQ - logP;
        }
        return sum;
    }

    @Test
    void reportedKlOfEachImageMatchesAMonteCarloEstimateWithinItsStandardError() {
        MlpNetwork net = spreadOutVae();
        INDArray x = images(3);
        INDArray[] q = net.encode(x);
        double[][] mu = q[0].toDoubleMatrix();
        double[][] logVar = q[1].toDoubleMatrix();
        double spread = 0;
        for (double[] row : logVar) {
            for (double v : row) {
                spread = Math.max(spread, Math.abs(v));
            }
        }
        assertTrue(spread > 0.5, "the test needs variances away from 1, largest |z_log_var| " + spread);

        INDArray eps = Nd4j.randn(DataType.DOUBLE, IMAGES, LATENT);
        double[] reported = net.perImageTerms(x, eps)[1].toDoubleVector();
        SplittableRandom rng = new SplittableRandom(99);
        double[] e = new double[LATENT];
        for (int i = 0; i < IMAGES; i++) {
            double sum = 0;
            double sumSq = 0;
            for (int s = 0; s < SAMPLES; s++) {
                for (int j = 0; j < LATENT; j++) {
                    e[j] = rng.nextGaussian();
                }
                double r = logRatio(mu[i], logVar[i], e);
                sum += r;
                sumSq += r * r;
            }
            double mean = sum / SAMPLES;
            double se = Math.sqrt((sumSq / SAMPLES - mean * mean) / SAMPLES);
            System.out.printf("closed-form KL: image %d reported %.5f, Monte Carlo %.5f +- %.5f%n", i, reported[i], mean, se);
            assertTrue(mean > 0.3, "image " + i + " should have a clearly positive KL, MC estimate " + mean);
            assertEquals(mean, reported[i], 4 * se,
                    "image " + i + ": closed-form KL " + reported[i] + " vs Monte Carlo " + mean + " +- " + se);
        }
    }

    @Test
    void batchLossKlIsTheMeanOfTheMonteCarloEstimatesOverTheBatch() {
        MlpNetwork net = spreadOutVae();
        INDArray x = images(8);
        INDArray[] q = net.encode(x);
        double[][] mu = q[0].toDoubleMatrix();
        double[][] logVar = q[1].toDoubleMatrix();
        SplittableRandom rng = new SplittableRandom(5);
        double[] e = new double[LATENT];
        int draws = SAMPLES / IMAGES;
        double[] perImage = new double[IMAGES];
        double variance = 0;
        for (int i = 0; i < IMAGES; i++) {
            double sum = 0;
            double sumSq = 0;
            for (int s = 0; s < draws; s++) {
                for (int j = 0; j < LATENT; j++) {
                    e[j] = rng.nextGaussian();
                }
                double r = logRatio(mu[i], logVar[i], e);
                sum += r;
                sumSq += r * r;
            }
            perImage[i] = sum / draws;
            variance += (sumSq / draws - perImage[i] * perImage[i]) / draws;
        }
        double mcMean = java.util.Arrays.stream(perImage).average().orElseThrow();
        double se = Math.sqrt(variance) / IMAGES;

        LossBreakdown loss = net.loss(x, Nd4j.randn(DataType.DOUBLE, IMAGES, LATENT), 0.3);
        assertEquals(mcMean, loss.kl(), 4 * se, "batch KL " + loss.kl() + " vs Monte Carlo " + mcMean + " +- " + se);
        assertEquals(0.3, loss.beta(), 0.0);
    }

    @Test
    void klDoesNotDependOnTheNoiseDraw() {
        MlpNetwork net = spreadOutVae();
        INDArray x = images(4);
        double[] a = net.perImageTerms(x, Nd4j.randn(DataType.DOUBLE, IMAGES, LATENT))[1].toDoubleVector();
        double[] b = net.perImageTerms(x, Nd4j.randn(DataType.DOUBLE, IMAGES, LATENT).muli(5))[1].toDoubleVector();
        for (int i = 0; i < IMAGES; i++) {
            assertEquals(a[i], b[i], 1e-12 * Math.max(1, Math.abs(a[i])), "image " + i);
        }
    }

    @Test
    void klIsExactlyZeroWhenTheEncoderOutputsTheStandardNormal() {
        MlpNetwork net = spreadOutVae();
        Map<String, INDArray> v = net.layout().views(net.params());
        for (String name : List.of("z_mean.W", "z_mean.b", "z_log_var.W", "z_log_var.b")) {
            v.get(name).assign(0.0);
        }
        INDArray x = images(6);
        INDArray[] q = net.encode(x);
        assertEquals(0.0, q[0].amaxNumber().doubleValue(), 0.0, "z_mean should be 0");
        assertEquals(0.0, q[1].amaxNumber().doubleValue(), 0.0, "z_log_var should be 0");
        INDArray kl = net.perImageTerms(x, Nd4j.randn(DataType.DOUBLE, IMAGES, LATENT))[1];
        for (int i = 0; i < IMAGES; i++) {
            assertEquals(0.0, kl.getDouble(i), 1e-15, "image " + i);
        }
        assertEquals(0.0, net.loss(x, Nd4j.randn(DataType.DOUBLE, IMAGES, LATENT), 1.0).kl(), 1e-15);
    }

    @Test
    void anAutoencoderReportsNoKl() {
        ModelConfig config = new ModelConfig(ModelKind.AE, new ImageShape(4, 4), List.of(8), LATENT,
                Activation.TANH, DecoderKind.BERNOULLI, 1.0, 5L);
        MlpNetwork net = new MlpNetwork(config, MlpNetwork.initialParams(config, DataType.DOUBLE));
        LossBreakdown loss = net.loss(images(2), null, 1.0);
        assertEquals(0.0, loss.kl(), 0.0);
        assertTrue(loss.reconstruction() > 0, "reconstruction " + loss.reconstruction());
    }
}

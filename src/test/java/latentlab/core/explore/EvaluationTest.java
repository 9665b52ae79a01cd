package latentlab.core.explore;

import latentlab.core.data.Dataset;
import latentlab.core.data.Split;
import latentlab.core.data.SyntheticFaces;
import latentlab.core.model.Activation;
import latentlab.core.model.DecoderKind;
import latentlab.core.model.LossBreakdown;
import latentlab.core.model.Model;
import latentlab.core.model.ModelConfig;
import latentlab.core.model.ModelKind;
import latentlab.core.train.TrainConfig;
import latentlab.core.train.Trainer;
import latentlab.core.train.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test ELBO and the importance-sampled log-likelihood (Burda et al. 2015). */
class EvaluationTest {
    private static Dataset data;
    private static Model vae;

    @BeforeAll
    static void trainSmallVae() {
        data = SyntheticFaces.dataset(2000, 1000, 13L);
        vae = Model.initialise(new ModelConfig(ModelKind.VAE, data.shape(), List.of(64), 2, Activation.RELU,
                DecoderKind.BERNOULLI, 1.0, 1L), data);
        new Trainer(Runnable::run).start(vae, data, new TrainConfig(4, 100, 3e-3, 0, 1L), TrainingListener.NONE)
                .outcome().join();
    }

    @Test
    void oneSampleImportanceEstimateAgreesWithTheElboWithinMonteCarloNoise() {
        LossBreakdown elbo = Evaluation.elbo(vae, data.test(), 1L);
        double iw1 = Evaluation.importanceSampled(vae, data.test(), 1, 2L);
        System.out.printf("evaluation: ELBO %.3f (recon %.3f, KL %.3f), IW k=1 %.3f%n", elbo.elbo(),
                elbo.reconstruction(), elbo.kl(), iw1);
        assertTrue(Double.isFinite(iw1));
        assertEquals(elbo.elbo(), iw1, 1.0, "k = 1 estimate " + iw1 + " vs ELBO " + elbo.elbo());
    }

    @Test
    void estimateRisesWithTheNumberOfSamples() {
        double k1 = Evaluation.importanceSampled(vae, data.test(), 1, 3L);
        double k10 = Evaluation.importanceSampled(vae, data.test(), 10, 3L);
        double k100 = Evaluation.importanceSampled(vae, data.test(), 100, 3L);
        System.out.printf("evaluation: IW log-likelihood k=1 %.3f, k=10 %.3f, k=100 %.3f%n", k1, k10, k100);
        assertTrue(k10 > k1 + 0.1, "k=10 " + k10 + " is not above k=1 " + k1);
        assertTrue(k100 > k10 + 0.05, "k=100 " + k100 + " is not above k=10 " + k10);
    }

    @Test
    void theSameSeedGivesTheSameEstimate() {
        Split few = data.test().head(200);
        assertEquals(Evaluation.importanceSampled(vae, few, 5, 9L), Evaluation.importanceSampled(vae, few, 5, 9L), 0.0);
    }

    @Test
    void evaluateReportsTheElboTheEstimateAndItsSize() {
        Split few = data.test().head(300);
        Evaluation.Result r = Evaluation.evaluate(vae, few, 7, 4L);
        assertEquals(300, r.images());
        assertEquals(7, r.k());
        assertEquals(Evaluation.elbo(vae, few, 4L).elbo(), r.loss().elbo(), 0.0);
        assertEquals(Evaluation.importanceSampled(vae, few, 7, 4L), r.logLikelihood(), 0.0);
    }

    @Test
    void whenQIsThePriorAndTheDecoderIgnoresZEveryEstimateIsTheExactLogLikelihood() {
        // q(z|x) = p(z) = N(0, I) and p(x|z) = p(x): every importance weight is p(x), the ELBO is log p(x)
        Model m = vae.snapshot();
        Map<String, INDArray> w = m.network().layout().views(m.params());
        for (String name : List.of("z_mean.W", "z_mean.b", "z_log_var.W", "z_log_var.b", "decoder.0.W")) {
            w.get(name).assign(0.0);
        }
        Split few = data.test().head(100);
        float[] p = new Codec(m).decode(new float[2]);                            // Bernoulli means, same for any z
        double exact = 0;
        for (int i = 0; i < few.size(); i++) {
            float[] x = few.image(i);
            for (int d = 0; d < x.length; d++) {
                exact += x[d] * Math.log(p[d]) + (1 - x[d]) * Math.log(1 - p[d]);
            }
        }
        exact /= few.size();
        assertEquals(exact, Evaluation.elbo(m, few, 1L).elbo(), 1e-3 * Math.abs(exact));
        for (int k : new int[]{1, 3, 20}) {
            assertEquals(exact, Evaluation.importanceSampled(m, few, k, 5L), 1e-3 * Math.abs(exact), "k = " + k);
        }
    }

    @Test
    void anAutoencoderHasNoLikelihoodEstimate() {
        Model ae = Model.initialise(new ModelConfig(ModelKind.AE, data.shape(), List.of(16), 2, Activation.RELU,
                DecoderKind.BERNOULLI, 1.0, 1L), data);
        Split few = data.test().head(50);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Evaluation.importanceSampled(ae, few, 5, 1L));
        assertTrue(e.getMessage().contains("VAE"), e.getMessage());
        Evaluation.Result r = Evaluation.evaluate(ae, few, 5, 1L);
        assertTrue(Double.isNaN(r.logLikelihood()));
        assertEquals(0.0, r.loss().kl(), 0.0);
        assertTrue(r.loss().reconstruction() > 0);
    }

    @Test
    void zeroSamplesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Evaluation.importanceSampled(vae, data.test().head(10), 0, 1L));
    }

    @Test
    void logSumExpIsStableForLargeMagnitudes() {
        assertEquals(-1000 + Math.log(2), Evaluation.logSumExp(new double[]{-1000, -1000}), 1e-12);
        assertEquals(800 + Math.log1p(Math.exp(-1)), Evaluation.logSumExp(new double[]{800, 799}), 1e-12);
        assertEquals(Double.NEGATIVE_INFINITY, Evaluation.logSumExp(new double[]{Double.NEGATIVE_INFINITY}));
    }
}

package latentlab.core.explore;

import latentlab.core.data.Split;
import latentlab.core.model.Batches;
import latentlab.core.model.Elbo;
import latentlab.core.model.LossBreakdown;
import latentlab.core.model.MlpNetwork;
import latentlab.core.model.Model;
import latentlab.core.model.ModelKind;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.SplittableRandom;

/** Test-set figures of a model: the ELBO and an importance-sampled marginal log-likelihood. */
public final class Evaluation {
    private static final double LOG_TWO_PI = Math.log(2 * Math.PI);

    private Evaluation() {
    }

    /**
     * The result, per image in nats.
     *
     * @param loss          mean reconstruction and KL; its elbo() is the test ELBO
     * @param logLikelihood importance-sampled estimate of mean log p(x) with k samples (NaN for an AE)
     * @param k             samples per image of that estimate
     * @param images        images evaluated
     */
    public record Result(LossBreakdown loss, double logLikelihood, int k, int images) {
    }

    /** The test ELBO with one noise draw per image and closed-form KL. */
    public static LossBreakdown elbo(Model model, Split split, long seed) {
        return Elbo.evaluate(model.network(), split, seed);
    }

    /** The ELBO and, for a VAE, the k-sample importance-weighted log-likelihood estimate. */
    public static Result evaluate(Model model, Split split, int k, long seed) {
        LossBreakdown loss = elbo(model, split, seed);
        double ll = model.config().kind() == ModelKind.VAE ? importanceSampled(model, split, k, seed) : Double.NaN;
        return new Result(loss, ll, k, split.size());
    }

    /**
     * log p(x) ~ log (1/k) sum_i p(x|z_i) p(z_i) / q(z_i|x), z_i ~ q(z|x), averaged over the split
     * (Burda et al. 2015). With k = 1 its expectation is the ELBO; it rises towards log p(x) as k grows.
     */
    public static double importanceSampled(Model model, Split split, int k, long seed) {
        if (model.config().kind() != ModelKind.VAE) {
            throw new IllegalArgumentException("an AE defines no likelihood: importance sampling needs a VAE");
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, found " + k);
        }
        MlpNetwork net = model.network();
        int latent = model.config().latent();
        INDArray images = Batches.matrix(split);                                     // [N, D]
        int n = split.size();
        SplittableRandom rng = new SplittableRandom(seed);
        int batch = Elbo.EVAL_BATCH;
        double total = 0;
        for (int from = 0; from < n; from += batch) {
            int to = Math.min(n, from + batch);
            int b = to - from;
            INDArray x = Batches.rows(images, from, to);                             // [B, D]
            INDArray[] q = net.encode(x);
            float[][] mu = Matrices.rows(q[0]);                                      // [B][L]
            float[][] logVar = Matrices.rows(q[1]);                                  // [B][L]
            double[][] logW = new double[b][k];
            for (int i = 0; i < k; i++) {
                INDArray eps = Batches.gaussian(rng, b, latent, DataType.FLOAT);     // [B, L]
                float[][] e = Matrices.rows(eps);
                float[] recon = net.perImageTerms(x, eps)[0].toFloatVector();        // -log p(x|z_i) [B]
                for (int r = 0; r < b; r++) {
                    double logPz = 0;
                    double logQz = 0;
                    for (int j = 0; j < latent; j++) {
                        double sigma = Math.exp(0.5 * logVar[r][j]);
                        double z = mu[r][j] + sigma * e[r][j];
                        logPz += -0.5 * (z * z + LOG_TWO_PI);
                        logQz += -0.5 * (e[r][j] * e[r][j] + LOG_TWO_PI + logVar[r][j]);
                    }
                    logW[r][i] = -recon[r] + logPz - logQz;
                }
            }
            for (double[] w : logW) {
                total += logSumExp(w) - Math.log(k);
            }
        }
        return total / n;
    }

    static double logSumExp(double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            max = Math.max(max, x);
        }
        if (Double.isInfinite(max)) {
            return max;
        }
        double s = 0;
        for (double x : v) {
            s += Math.exp(x - max);
        }
        return max + Math.log(s);
    }
}

package latentlab.core.model;

import latentlab.core.data.Split;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.SplittableRandom;

/** The evidence lower bound of a model on a whole split, per image, in nats. */
public final class Elbo {
    /** Images per forward pass when evaluating. */
    public static final int EVAL_BATCH = 500;

    private Elbo() {
    }

    /**
     * Mean reconstruction and KL over every image of the split, one noise draw per image from
     * {@code seed} (so two evaluations with the same seed see the same noise). Beta plays no part:
     * the result's {@link LossBreakdown#elbo()} is the true ELBO.
     */
    public static LossBreakdown evaluate(MlpNetwork net, INDArray images, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = (int) images.rows();
        int latent = net.config().latent();
        double recon = 0;
        double kl = 0;
        for (int from = 0; from < n; from += EVAL_BATCH) {
            int to = Math.min(n, from + EVAL_BATCH);
            INDArray x = Batches.rows(images, from, to);
            INDArray eps = Batches.gaussian(rng, to - from, latent, net.dataType());
            INDArray[] terms = net.perImageTerms(x, eps);
            recon += terms[0].sumNumber().doubleValue();
            kl += terms[1].sumNumber().doubleValue();
        }
        return new LossBreakdown(recon / n, kl / n, 1.0);
    }

    public static LossBreakdown evaluate(MlpNetwork net, Split split, long seed) {
        return evaluate(net, Batches.matrix(split), seed);
    }
}

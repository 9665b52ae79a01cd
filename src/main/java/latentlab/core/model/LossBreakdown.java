package latentlab.core.model;

/**
 * One batch's loss, per image, in nats.
 *
 * @param reconstruction mean over the batch of -log p(x|z)
 * @param kl             mean over the batch of KL(q(z|x) || N(0, I)); 0 for an AE
 * @param beta           the KL weight the objective used
 */
public record LossBreakdown(double reconstruction, double kl, double beta) {
    /** The training objective, reconstruction + beta * KL. */
    public double objective() {
        return reconstruction + beta * kl;
    }

    /** The evidence lower bound per image, -(reconstruction + KL), whatever beta was. */
    public double elbo() {
        return -(reconstruction + kl);
    }

    public boolean isFinite() {
        return Double.isFinite(reconstruction) && Double.isFinite(kl);
    }
}

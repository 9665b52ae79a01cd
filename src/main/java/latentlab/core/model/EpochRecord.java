package latentlab.core.model;

/**
 * One epoch of training history, all losses per image in nats.
 *
 * @param epoch       1-based epoch number, counted over the model's whole life (resumed runs continue it)
 * @param beta        the KL weight at the end of the epoch
 * @param trainRecon  mean reconstruction term over the epoch's batches
 * @param trainKl     mean KL term over the epoch's batches
 * @param testRecon   reconstruction term on the test split
 * @param testKl      KL term on the test split
 * @param seconds     wall time of the epoch, evaluation excluded
 */
public record EpochRecord(int epoch, double beta, double trainRecon, double trainKl, double testRecon,
                          double testKl, double seconds) {
    /** Train ELBO, -(recon + KL). */
    public double trainElbo() {
        return -(trainRecon + trainKl);
    }

    /** Test ELBO, -(recon + KL). */
    public double testElbo() {
        return -(testRecon + testKl);
    }
}

package latentlab.core.model;

import java.util.List;

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
 * @param codeLow     per latent dimension, the smallest code mean of the first {@value #CODE_BOX_IMAGES} test
 *                    images after the epoch; null when not recorded (older files)
 * @param codeHigh    the largest, as {@code codeLow}. With it an AE's manifold spans its codes' range
 *                    even when the dataset is not on the computer
 */
public record EpochRecord(int epoch, double beta, double trainRecon, double trainKl, double testRecon,
                          double testKl, double seconds, List<Double> codeLow, List<Double> codeHigh) {
    /** Test images whose codes make the recorded box; the app's AE manifold spans as many. */
    public static final int CODE_BOX_IMAGES = 1000;

    public EpochRecord {
        codeLow = codeLow == null ? null : List.copyOf(codeLow);
        codeHigh = codeHigh == null ? null : List.copyOf(codeHigh);
        if ((codeLow == null) != (codeHigh == null) || codeLow != null && codeLow.size() != codeHigh.size()) {
            throw new IllegalArgumentException("the code box needs a low and a high value per latent dimension");
        }
    }

    /** A record without the code box. */
    public EpochRecord(int epoch, double beta, double trainRecon, double trainKl, double testRecon, double testKl,
                       double seconds) {
        this(epoch, beta, trainRecon, trainKl, testRecon, testKl, seconds, null, null);
    }

    /** Whether the test codes' box was recorded. */
    public boolean hasCodeBox() {
        return codeLow != null && !codeLow.isEmpty();
    }

    /** Train ELBO, -(recon + KL). */
    public double trainElbo() {
        return -(trainRecon + trainKl);
    }

    /** Test ELBO, -(recon + KL). */
    public double testElbo() {
        return -(testRecon + testKl);
    }
}

package latentlab.core.model;

import java.util.Locale;

/** The likelihood p(x|z) that the decoder parameterises. */
public enum DecoderKind {
    /**
     * Bernoulli: the decoder outputs logits l, and -log p(x|z) = sum_d relu(l) - l*x + log1p(exp(-|l|)),
     * binary cross-entropy with logits. For MNIST-like data with intensities in [0, 1].
     */
    BERNOULLI,
    /**
     * Gaussian with a learned per-pixel variance, as in Kingma and Welling's Frey Face experiments:
     * the decoder outputs a mean m = sigmoid(x_out), kept in (0, 1) as in the paper, and log sigma^2, and
     * -log p(x|z) = sum_d 0.5 * (log(2 pi) + log sigma^2 + (x - m)^2 / sigma^2).
     */
    GAUSSIAN,
    /** Gaussian with sigma = 1: squared error plus a constant. A linear AE with it recovers PCA. */
    GAUSSIAN_UNIT;

    public static DecoderKind parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "bernoulli" -> BERNOULLI;
            case "gaussian" -> GAUSSIAN;
            case "gaussian-unit", "gaussian_unit", "squared" -> GAUSSIAN_UNIT;
            default -> throw new IllegalArgumentException(
                    "unknown decoder '" + s + "': use bernoulli, gaussian or gaussian-unit");
        };
    }

    /** Number of decoder outputs per pixel (the Gaussian with learned variance also outputs log sigma^2). */
    public int outputsPerPixel() {
        return this == GAUSSIAN ? 2 : 1;
    }
}

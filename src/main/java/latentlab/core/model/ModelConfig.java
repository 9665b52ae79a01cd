package latentlab.core.model;

import latentlab.core.data.ImageShape;

import java.util.List;

/**
 * Everything that defines one model's architecture. The AE and the VAE share it: the encoder is
 * {@code D -> hidden[0] -> ... -> hidden[k-1] -> latent} and the decoder mirrors it back to D.
 *
 * @param kind       AE (one code per image) or VAE (z_mean and z_log_var per image)
 * @param shape      the input image shape; D = rows * cols
 * @param hidden     hidden layer sizes of the encoder, first to last; the decoder uses them reversed
 * @param latent     the latent size, dim(z)
 * @param activation the hidden-layer non-linearity
 * @param decoder    the likelihood p(x|z)
 * @param beta       weight on the KL term of the VAE objective; 1 is the plain VAE, 0 ignores the prior
 * @param seed       seed of the weight initialisation; the same seed gives the same initial weights
 */
public record ModelConfig(ModelKind kind, ImageShape shape, List<Integer> hidden, int latent,
                          Activation activation, DecoderKind decoder, double beta, long seed) {

    /** The default seed, used when none is given. */
    public static final long DEFAULT_SEED = 42L;

    public ModelConfig {
        hidden = List.copyOf(hidden);
        if (latent < 1) {
            throw new IllegalArgumentException("latent size must be at least 1, found " + latent);
        }
        for (int h : hidden) {
            if (h < 1) {
                throw new IllegalArgumentException("hidden layer sizes must be positive, found " + hidden);
            }
        }
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be a finite number >= 0, found " + beta);
        }
    }

    /** A VAE with a Bernoulli decoder and ReLU hidden layers, the MNIST set-up. */
    public static ModelConfig vae(ImageShape shape, List<Integer> hidden, int latent) {
        return new ModelConfig(ModelKind.VAE, shape, hidden, latent, Activation.RELU, DecoderKind.BERNOULLI,
                1.0, DEFAULT_SEED);
    }

    public ModelConfig withKind(ModelKind k) {
        return new ModelConfig(k, shape, hidden, latent, activation, decoder, beta, seed);
    }

    public ModelConfig withBeta(double b) {
        return new ModelConfig(kind, shape, hidden, latent, activation, decoder, b, seed);
    }

    public ModelConfig withSeed(long s) {
        return new ModelConfig(kind, shape, hidden, latent, activation, decoder, beta, s);
    }

    public ModelConfig withDecoder(DecoderKind d) {
        return new ModelConfig(kind, shape, hidden, latent, activation, d, beta, seed);
    }

    public ModelConfig withActivation(Activation a) {
        return new ModelConfig(kind, shape, hidden, latent, a, decoder, beta, seed);
    }

    /** The input dimension D. */
    public int inputSize() {
        return shape.pixels();
    }

    /** A short description such as "VAE 784-512-2 relu bernoulli". */
    public String describe() {
        StringBuilder sb = new StringBuilder(kind.name()).append(' ').append(inputSize());
        for (int h : hidden) {
            sb.append('-').append(h);
        }
        sb.append('-').append(latent).append(' ').append(activation.name().toLowerCase(java.util.Locale.ROOT))
                .append(' ').append(decoder.name().toLowerCase(java.util.Locale.ROOT));
        if (kind == ModelKind.VAE && beta != 1.0) {
            sb.append(" beta=").append(beta);
        }
        return sb.toString();
    }
}

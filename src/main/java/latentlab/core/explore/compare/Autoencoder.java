package latentlab.core.explore.compare;

import latentlab.core.explore.Codec;
import latentlab.core.model.Model;

/**
 * What the hole measurements need of a model: codes of images (z_mean for a VAE, z for an AE) and the
 * decoded mean images of codes. A trained {@link Model} gives it through its {@link Codec}; tests give
 * decoders whose answers are known.
 */
public interface Autoencoder {
    /** The latent size L. */
    int latent();

    /** The codes of {@code n} images stored one after another, [n][L]. */
    float[][] encode(float[] pixels, int n);

    /** The decoded mean images of codes [n][L], n * D values in [0, 1]. */
    float[] decode(float[][] z);

    /** A model's encoder and decoder, for the calling thread (build it over a snapshot while training runs). */
    static Autoencoder of(Model model) {
        Codec codec = new Codec(model);
        return new Autoencoder() {
            @Override
            public int latent() {
                return codec.latent();
            }

            @Override
            public float[][] encode(float[] pixels, int n) {
                return codec.encode(pixels, n).mean();
            }

            @Override
            public float[] decode(float[][] z) {
                return codec.decode(z);
            }
        };
    }
}

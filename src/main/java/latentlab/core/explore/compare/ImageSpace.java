package latentlab.core.explore.compare;

import latentlab.core.model.Model;

import java.util.Locale;

/**
 * Where the distance from a decoded image to the nearest training image is measured: every image, decoded
 * or real, is mapped into the space first and the Euclidean distance is taken there. The threshold is
 * calibrated in the same space (on the model's own test reconstructions, mapped the same way), so a space
 * changes what counts as "far from the data", never the scale of the answer.
 *
 * <ul>
 *   <li>{@link #PIXELS}: the decoded mean image as it is. Simple and needs nothing else, but in pixel
 *   distance a blurred blend of two digits is about as close to some real digit as a blurred
 *   reconstruction is, so on near-binary data it hardly tells a blend from a digit.</li>
 *   <li>{@link #BINARY}: each pixel thresholded at 0.5, on both sides. For a Bernoulli decoder (every
 *   MNIST model here) this is the decoder's most probable image, its mode, and MNIST itself is nearly
 *   binary (most pixels are 0 or 1), so it is the image the model "means", compared with the digit the
 *   training image is. The squared distance is then the number of pixels that differ (Hamming). A
 *   blurred digit binarises to a clean digit; a blend of two digits binarises to superimposed or broken
 *   strokes, which no training digit has. It fits data whose pixels are ink or paper; on grey-level data
 *   (Fashion-MNIST, faces) it throws away texture and shading.</li>
 *   <li>{@link #encoder}: the encoder means of another, separately trained model (e.g. the shipped 20-D
 *   MNIST VAE): a compact description of the digit learned without the two models compared. Its risk: an
 *   encoder is only trained on real images, and may map a blend to a perfectly ordinary code (between the
 *   two digits' clusters, or into one of them), hiding the hole.</li>
 * </ul>
 */
public interface ImageSpace {
    /** "pixels", "binary", "encoder:mnist-vae-20d.llab" (one word: the command's summary line carries it). */
    String name();

    /** The size of the vector one image of {@code pixels} pixels maps to. */
    int dimension(int pixels);

    /** Maps {@code n} images stored one after another to {@code n} vectors stored one after another. */
    float[] map(float[] images, int n, int pixels);

    /** The images as they are. */
    ImageSpace PIXELS = new ImageSpace() {
        @Override
        public String name() {
            return "pixels";
        }

        @Override
        public int dimension(int pixels) {
            return pixels;
        }

        @Override
        public float[] map(float[] images, int n, int pixels) {
            return images;
        }
    };

    /** Each pixel 1 where it is above 0.5 and 0 elsewhere: a Bernoulli decoder's most probable image. */
    ImageSpace BINARY = new ImageSpace() {
        @Override
        public String name() {
            return "binary";
        }

        @Override
        public int dimension(int pixels) {
            return pixels;
        }

        @Override
        public float[] map(float[] images, int n, int pixels) {
            float[] b = new float[images.length];
            for (int i = 0; i < b.length; i++) {
                b[i] = images[i] > 0.5f ? 1f : 0f;
            }
            return b;
        }
    };

    /** The encoder means of {@code model} (any AE or VAE trained on images of this size). */
    static ImageSpace encoder(Model model, String label) {
        return new ImageSpace() {
            @Override
            public String name() {
                return "encoder:" + label;
            }

            @Override
            public int dimension(int pixels) {
                return model.config().latent();
            }

            @Override
            public float[] map(float[] images, int n, int pixels) {
                float[][] z = Autoencoder.of(model).encode(images, n);
                int l = model.config().latent();
                float[] out = new float[n * l];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(z[i], 0, out, i * l, l);
                }
                return out;
            }
        };
    }

    /** "pixels" or "binary" (case-insensitive). */
    static ImageSpace parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "pixels" -> PIXELS;
            case "binary" -> BINARY;
            default -> throw new IllegalArgumentException("a distance space is pixels or binary, found '" + name + "'");
        };
    }
}

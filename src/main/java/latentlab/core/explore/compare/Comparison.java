package latentlab.core.explore.compare;

import latentlab.core.data.Dataset;
import latentlab.core.data.ImageShape;
import latentlab.core.model.Model;
import latentlab.core.model.ModelKind;

import java.util.List;
import java.util.Objects;

/**
 * An AE and a VAE side by side: each model's own analysis, and both hole maps over one shared region
 * (by default the AE's code range; the caller may choose another).
 *
 * @param ae         the plain autoencoder
 * @param vae        the variational autoencoder
 * @param shared     the shared region
 * @param aeShared   the AE's hole map over it
 * @param vaeShared  the VAE's hole map over it
 * @param shape      the image shape
 * @param classNames the dataset's class names, for the maps' colours
 */
public record Comparison(ModelAnalysis ae, ModelAnalysis vae, LatentGrid shared, HoleMap aeShared, HoleMap vaeShared,
                         ImageShape shape, List<String> classNames) {
    /** What the default shared region is called. */
    public static final String AE_CODE_RANGE = "the AE's code range";

    public Comparison {
        Objects.requireNonNull(ae);
        Objects.requireNonNull(vae);
        classNames = List.copyOf(classNames);
    }

    /**
     * Analyses two trained models on the same data, with the shared region over the AE's code range.
     * Runs on the calling thread (several seconds on MNIST): call it from a worker.
     */
    public static Comparison of(Model ae, Model vae, Dataset data, CompareSettings settings) {
        NearestNeighbours nn = neighbours(data);
        return of(analyse(ae, data, settings, nn), analyse(vae, data, settings, nn), null, data);
    }

    /** Distances to the training images of a dataset, in pixels. */
    public static NearestNeighbours neighbours(Dataset data) {
        return neighbours(data, ImageSpace.PIXELS);
    }

    /** Distances to the training images of a dataset, measured in {@code space}. */
    public static NearestNeighbours neighbours(Dataset data, ImageSpace space) {
        return new NearestNeighbours(data.train().pixels(), data.train().size(), data.shape().pixels(), space);
    }

    /** One model's analysis; named by its kind ("AE", "VAE", "VAE beta=4"). */
    public static ModelAnalysis analyse(Model model, Dataset data, CompareSettings settings, NearestNeighbours nn) {
        model.requireCompatible(data);
        return ModelAnalysis.of(name(model), model.config().kind(), Autoencoder.of(model), data, nn, settings);
    }

    /** Two analyses over a shared region; {@code region} null for the AE's code range. */
    public static Comparison of(ModelAnalysis ae, ModelAnalysis vae, LatentGrid region, Dataset data) {
        requireSameLatent(ae, vae);
        LatentGrid shared = region != null ? region : ae.codeRange(AE_CODE_RANGE);
        return new Comparison(ae, vae, shared, ae.holeMap(shared), vae.holeMap(shared), data.shape(),
                data.classNames());
    }

    /** Fails with a clear message unless both models have the same latent size (one region must fit both). */
    public static void requireSameLatent(ModelAnalysis ae, ModelAnalysis vae) {
        int a = ae.trainCodes().latent();
        int v = vae.trainCodes().latent();
        if (a != v) {
            throw new IllegalArgumentException("the AE has " + a + " latent dimensions and the VAE " + v
                    + ": compare two models with the same latent size");
        }
    }

    /** "AE", "VAE" or "VAE beta=4". */
    public static String name(Model model) {
        if (model.config().kind() == ModelKind.AE) {
            return "AE";
        }
        double beta = model.config().beta();
        return beta == 1.0 ? "VAE" : "VAE beta=" + formatBeta(beta);
    }

    static String formatBeta(double beta) {
        return beta == Math.rint(beta) ? String.valueOf((long) beta) : String.valueOf(beta);
    }
}

package latentlab.core.data;

import java.util.List;

/**
 * A named dataset with a train and a test split, ready for a model.
 *
 * @param name          the catalogue name ("mnist", "fashion-mnist", "frey", "synthetic", or "folder:...")
 * @param shape         the image shape shared by both splits
 * @param train         the training images
 * @param test          the held-out images used for the test ELBO and the latent map
 * @param classNames    a display name per label value; empty when the data has no labels
 * @param preprocessing how raw files were turned into intensities in [0, 1]
 */
public record Dataset(String name, ImageShape shape, Split train, Split test, List<String> classNames,
                      String preprocessing) {
    public Dataset {
        if (!train.shape().equals(shape) || !test.shape().equals(shape)) {
            throw new IllegalArgumentException("splits of " + name + " must share shape " + shape);
        }
        classNames = List.copyOf(classNames);
    }

    /**
     * A dataset that is not on this computer: its name, shape and class names, with no images. A model
     * of it can still decode (the manifold, the editor, sampling); training and the latent map need the
     * images.
     */
    public static Dataset absent(String name, ImageShape shape, List<String> classNames) {
        Split none = new Split(new float[0], new int[0], shape);
        return new Dataset(name, shape, none, none, classNames, "");
    }

    /** Whether this dataset has no images, as {@link #absent} makes it. */
    public boolean isAbsent() {
        return train.size() == 0 && test.size() == 0;
    }

    /** The same dataset with at most {@code nTrain} training and {@code nTest} test images. */
    public Dataset subset(int nTrain, int nTest) {
        return new Dataset(name, shape, train.head(nTrain), test.head(nTest), classNames, preprocessing);
    }
}

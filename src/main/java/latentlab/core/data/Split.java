package latentlab.core.data;

import java.util.Arrays;

/**
 * A set of images with optional labels, stored as one flat row-major array.
 *
 * @param pixels intensities in [0, 1]; image n occupies {@code [n*D, (n+1)*D)} where D = shape.pixels()
 * @param labels one label per image, 0..classes-1, or -1 where the image has no label
 * @param shape  the shape of every image
 */
public record Split(float[] pixels, int[] labels, ImageShape shape) {
    public Split {
        if (pixels.length != labels.length * shape.pixels()) {
            throw new IllegalArgumentException("expected " + labels.length + " images of " + shape
                    + " (" + (long) labels.length * shape.pixels() + " values), found " + pixels.length);
        }
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    /** A copy of image n, D values. */
    public float[] image(int n) {
        int d = shape.pixels();
        return Arrays.copyOfRange(pixels, n * d, (n + 1) * d);
    }

    /** The first {@code n} images (or all, if fewer). */
    public Split head(int n) {
        int k = Math.min(n, size());
        return new Split(Arrays.copyOf(pixels, k * shape.pixels()), Arrays.copyOf(labels, k), shape);
    }

    /** The images at {@code indices}, in that order, with their labels. */
    public Split select(int[] indices) {
        int d = shape.pixels();
        float[] picked = new float[indices.length * d];
        int[] pickedLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * d, picked, i * d, d);
            pickedLabels[i] = labels[indices[i]];
        }
        return new Split(picked, pickedLabels, shape);
    }

    /** Whether the images carry labels (the first label is not -1). */
    public boolean labelled() {
        return labels.length > 0 && labels[0] >= 0;
    }
}

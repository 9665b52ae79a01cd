package latentlab.core.data;

/**
 * The shape of one greyscale image as the model sees it.
 *
 * @param rows image height in pixels
 * @param cols image width in pixels
 */
public record ImageShape(int rows, int cols) {
    public static final ImageShape MNIST = new ImageShape(28, 28);
    public static final ImageShape FREY = new ImageShape(28, 20);

    public ImageShape {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("image shape must be positive, found " + rows + "x" + cols);
        }
    }

    /** Number of pixels, the model's input dimension D. */
    public int pixels() {
        return rows * cols;
    }

    @Override
    public String toString() {
        return rows + "x" + cols;
    }
}

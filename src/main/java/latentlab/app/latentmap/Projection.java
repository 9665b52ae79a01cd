package latentlab.app.latentmap;

/**
 * How codes of any size are drawn in 2-D: two chosen latent dimensions, or the first two principal
 * components of the encoded test set.
 *
 * @param pca  whether the principal components are used (then the dims are ignored)
 * @param dimX the latent dimension along x
 * @param dimY the latent dimension along y
 */
public record Projection(boolean pca, int dimX, int dimY) {
    /** Dimensions 0 and 1, the natural view of a 2-D latent space. */
    public static final Projection FIRST_TWO = new Projection(false, 0, 1);
    /** The first two principal components. */
    public static final Projection PCA = new Projection(true, 0, 1);

    /** Two latent dimensions. */
    public static Projection dims(int x, int y) {
        return new Projection(false, x, y);
    }

    /** What the axes show, e.g. "z0 / z3" or "PC1 / PC2". */
    public String describe() {
        return pca ? "PC1 / PC2" : "z" + dimX + " / z" + dimY;
    }

    @Override
    public String toString() {
        return pca ? "PCA" : "z" + dimX + ", z" + dimY;
    }
}

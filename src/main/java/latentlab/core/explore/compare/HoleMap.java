package latentlab.core.explore.compare;

/**
 * A grid of latent codes, their decoded images and how far each is from the data: cell k is a hole when
 * its decoded image is further from its nearest training image than the model's threshold.
 *
 * @param grid      the cells
 * @param images    the decoded mean image of each cell, row by row from the top left (n*n*D values)
 * @param distances each cell's distance to its nearest training image, [n*n], in pixels unless the
 *                  {@link NearestNeighbours} measured in another {@link ImageSpace}
 * @param threshold the distance beyond which a cell is a hole ({@link Calibration#threshold()})
 */
public record HoleMap(LatentGrid grid, float[] images, double[] distances, double threshold) {
    public HoleMap {
        int cells = grid.n() * grid.n();
        if (distances.length != cells) {
            throw new IllegalArgumentException("expected " + cells + " distances, found " + distances.length);
        }
    }

    /** The number of cells, n*n. */
    public int cells() {
        return distances.length;
    }

    /** Whether cell k's decoded image is further from the data than the threshold. */
    public boolean isHole(int k) {
        return distances[k] > threshold;
    }

    /** How many cells are holes. */
    public int holes() {
        int h = 0;
        for (int k = 0; k < distances.length; k++) {
            if (isHole(k)) {
                h++;
            }
        }
        return h;
    }

    /** The fraction of the grid whose decoded image is further from the data than the threshold. */
    public double holeFraction() {
        return (double) holes() / cells();
    }
}

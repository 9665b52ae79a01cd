package latentlab.core.explore.compare;

import latentlab.core.model.Blas;

import java.lang.foreign.MemorySegment;

/**
 * The Euclidean distance from query images to the nearest of a fixed set of reference images (the
 * training set), both mapped into an {@link ImageSpace} (pixels unless told otherwise), for every query at
 * once: {@code min_n ||a - b_n||^2 = ||a||^2 + min_n (||b_n||^2 - 2 a . b_n)}, where the dot products of a
 * block of queries with a block of references are one matrix product (OpenBLAS sgemm). 400 queries against
 * the 60,000 MNIST training images are about 38 GFLOP, well under a second at this project's sgemm speed.
 *
 * <p>Why the distance to the nearest training image: a hole is a decode that looks like no training image
 * at all; this says exactly that and means the same for an AE and a VAE decoder with the same output
 * layer. Its scale (which depends on the dataset, the space and on how blurred a model's decodes are) is
 * removed by calibrating the threshold on each model's own reconstructions ({@link Calibration}). Which
 * space makes "looks like" meaningful is discussed at {@link ImageSpace}.
 *
 * <p>Thread-safe for reading once built (an encoder space builds its network on the calling thread).
 */
public final class NearestNeighbours {
    /** Queries per product block. */
    private static final int QUERY_BLOCK = 256;
    /** References per product block: a block product is QUERY_BLOCK x REFERENCE_BLOCK floats (2 MB). */
    private static final int REFERENCE_BLOCK = 2048;

    private final float[] references;                                                // [N, D]
    private final float[] squaredNorms;                                              // [N]
    private final int count;
    private final int dimension;                                                     // pixels per image
    private final int features;                                                      // values per mapped image
    private final ImageSpace space;

    /**
     * @param references {@code count} images of {@code dimension} pixels, one after another (not copied:
     *                   do not modify them while this is in use)
     */
    public NearestNeighbours(float[] references, int count, int dimension) {
        this(references, count, dimension, ImageSpace.PIXELS);
    }

    /**
     * Distances measured in {@code space}: the references are mapped once here, each query when it is
     * measured.
     */
    public NearestNeighbours(float[] references, int count, int dimension, ImageSpace space) {
        if (count < 1) {
            throw new IllegalArgumentException("nearest neighbours need at least one reference image");
        }
        if (references.length != (long) count * dimension) {
            throw new IllegalArgumentException("expected " + count + " images of " + dimension + " pixels, found "
                    + references.length + " values");
        }
        this.space = space;
        this.references = space.map(references, count, dimension);
        this.count = count;
        this.dimension = dimension;
        this.features = space.dimension(dimension);
        this.squaredNorms = squaredNorms(this.references, count, features);
    }

    /** The number of reference images. */
    public int size() {
        return count;
    }

    /** Pixels per image. */
    public int dimension() {
        return dimension;
    }

    /** Where the distances are measured. */
    public ImageSpace space() {
        return space;
    }

    /**
     * For each of the {@code m} query images (one after another), the distance to its nearest reference,
     * both mapped into the space.
     */
    public double[] distances(float[] images, int m) {
        if (images.length != (long) m * dimension) {
            throw new IllegalArgumentException("expected " + m + " images of " + dimension + " pixels, found "
                    + images.length + " values");
        }
        float[] queries = space.map(images, m, dimension);
        int width = features;
        double[] best = new double[m];
        int[] nearest = new int[m];
        java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
        float[] product = new float[QUERY_BLOCK * REFERENCE_BLOCK];                  // [q, r]: -2 a . b
        MemorySegment productSegment = MemorySegment.ofArray(product);
        MemorySegment querySegment = MemorySegment.ofArray(queries);
        MemorySegment referenceSegment = MemorySegment.ofArray(references);
        for (int q0 = 0; q0 < m; q0 += QUERY_BLOCK) {
            int qn = Math.min(QUERY_BLOCK, m - q0);
            MemorySegment a = querySegment.asSlice(4L * q0 * width, 4L * qn * width);
            for (int r0 = 0; r0 < count; r0 += REFERENCE_BLOCK) {
                int rn = Math.min(REFERENCE_BLOCK, count - r0);
                MemorySegment b = referenceSegment.asSlice(4L * r0 * width, 4L * rn * width);
                Blas.gemm(false, true, qn, rn, width, -2f, a, b, 0f, productSegment);   // [qn, rn]
                for (int i = 0; i < qn; i++) {
                    double min = best[q0 + i];
                    int arg = nearest[q0 + i];
                    int row = i * rn;
                    for (int j = 0; j < rn; j++) {
                        double d = squaredNorms[r0 + j] + product[row + j];
                        if (d < min) {
                            min = d;
                            arg = r0 + j;
                        }
                    }
                    best[q0 + i] = min;
                    nearest[q0 + i] = arg;
                }
            }
        }
        // The expansion loses digits to cancellation (float sums of ~D terms); it only picks the nearest
        // image, whose distance is then computed directly: exact 0 for a copy of a training image.
        double[] distance = new double[m];
        for (int i = 0; i < m; i++) {
            double s = 0;
            int a = i * width;
            int b = nearest[i] * width;
            for (int k = 0; k < width; k++) {
                double diff = queries[a + k] - references[b + k];
                s += diff * diff;
            }
            distance[i] = Math.sqrt(s);
        }
        return distance;
    }

    private static float[] squaredNorms(float[] images, int n, int d) {
        float[] norms = new float[n];
        for (int k = 0; k < n; k++) {
            double s = 0;
            for (int i = k * d; i < (k + 1) * d; i++) {
                s += images[i] * images[i];
            }
            norms[k] = (float) s;
        }
        return norms;
    }
}

package latentlab.core.explore;

/**
 * An n x n grid of latent points over two latent dimensions, decoded as one batch: the figure of
 * Kingma and Welling (2013), Fig. 4.
 *
 * @param n     cells per side
 * @param dimX  the latent dimension that varies along the columns
 * @param dimY  the latent dimension that varies along the rows (top row = largest value)
 * @param base  the code that the other dimensions keep
 * @param xs    the n values of dimX, left to right
 * @param ys    the n values of dimY, top to bottom
 */
public record ManifoldGrid(int n, int dimX, int dimY, float[] base, double[] xs, double[] ys) {
    public static final int MIN_N = 2;
    public static final int MAX_N = 60;

    /**
     * The paper's spacing for a VAE: points evenly spaced on the unit square, (i + 0.5) / n, passed
     * through the inverse CDF of the standard normal, so that each cell holds equal prior mass.
     */
    public static ManifoldGrid inverseCdf(int n, int dimX, int dimY, float[] base) {
        checkN(n);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Gaussian.inverseCdf((i + 0.5) / n);
        }
        return new ManifoldGrid(n, dimX, dimY, base.clone(), v, reversed(v));
    }

    /** Evenly spaced over [xLo, xHi] x [yLo, yHi], for an AE: the range its training codes span. */
    public static ManifoldGrid linear(int n, int dimX, int dimY, float[] base, double xLo, double xHi,
                                      double yLo, double yHi) {
        checkN(n);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double t = (i + 0.5) / n;
            x[i] = xLo + t * (xHi - xLo);
            y[i] = yHi - t * (yHi - yLo);
        }
        return new ManifoldGrid(n, dimX, dimY, base.clone(), x, y);
    }

    /** Spans the range of the given codes (for an AE: the encoded training data) on two dimensions. */
    public static ManifoldGrid spanning(Encoding codes, int n, int dimX, int dimY, float[] base) {
        float[] rx = codes.range(dimX);
        float[] ry = codes.range(dimY);
        return linear(n, dimX, dimY, base, rx[0], rx[1], ry[0], ry[1]);
    }

    /** The n*n codes, row by row from the top left, as one batch [n*n][L]. */
    public float[][] codes() {
        float[][] z = new float[n * n][];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                float[] code = base.clone();
                code[dimX] = (float) xs[c];
                code[dimY] = (float) ys[r];
                z[r * n + c] = code;
            }
        }
        return z;
    }

    /** Decodes the whole grid in one batch: n*n images, row-major from the top left. */
    public float[] decode(Codec codec) {
        return codec.decode(codes());
    }

    private static void checkN(int n) {
        if (n < MIN_N || n > MAX_N) {
            throw new IllegalArgumentException("grid size must be between " + MIN_N + " and " + MAX_N + ", found " + n);
        }
    }

    private static double[] reversed(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = v[v.length - 1 - i];
        }
        return r;
    }
}

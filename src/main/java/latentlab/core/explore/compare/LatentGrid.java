package latentlab.core.explore.compare;

import latentlab.core.explore.Encoding;
import latentlab.core.explore.Gaussian;
import latentlab.core.explore.ManifoldGrid;

/**
 * An n x n grid of latent codes over the plane of two latent dimensions, laid out in coordinates (u, v)
 * and mapped onto the plane by an affine map: {@code (z[dimX], z[dimY]) = origin + A (u, v)}. Two kinds:
 * <ul>
 *   <li>a <b>box</b> (A = I): cells evenly spaced over a rectangle of the plane, such as the range of an
 *       AE's codes; the same box can be laid over two models to show them side by side;</li>
 *   <li>a <b>sampling-rule grid</b>: u and v are standard-normal quantiles {@code Phi^-1((i + 0.5) / n)}
 *       (the paper's Fig. 4 spacing) and A a square root of a Gaussian's covariance along its principal
 *       axes, so that every cell holds the same probability, 1 / n^2, under that Gaussian. With N(0, I)
 *       it is the familiar VAE manifold grid. It judges each model by where its own sampling rule puts
 *       its samples, whatever the scale of its codes.</li>
 * </ul>
 * Cells are listed row by row from the top left, as {@link ManifoldGrid} lists them (the top row has the
 * largest v).
 *
 * @param n           cells per side
 * @param dimX        the latent dimension of the plane's x axis
 * @param dimY        the latent dimension of the plane's y axis
 * @param base        the code whose other dimensions every cell keeps, [L]
 * @param origin      the plane point of (u, v) = (0, 0), [2]
 * @param axes        the 2 x 2 map A, row-major: x = origin[0] + A[0][0] u + A[0][1] v, likewise y
 * @param us          the n values of u, left to right
 * @param vs          the n values of v, top to bottom
 * @param description what region it covers, for captions
 */
public record LatentGrid(int n, int dimX, int dimY, float[] base, double[] origin, double[][] axes, double[] us,
                         double[] vs, String description) {

    public LatentGrid {
        if (n < ManifoldGrid.MIN_N || n > ManifoldGrid.MAX_N) {
            throw new IllegalArgumentException("grid size must be between " + ManifoldGrid.MIN_N + " and "
                    + ManifoldGrid.MAX_N + ", found " + n);
        }
        if (dimX == dimY || dimX < 0 || dimY < 0 || dimX >= base.length || dimY >= base.length) {
            throw new IllegalArgumentException("a grid needs two different latent dimensions below " + base.length
                    + ", found " + dimX + " and " + dimY);
        }
    }

    /** Evenly spaced cells over [xLo, xHi] x [yLo, yHi]; the cells' outer edges are the box's edges. */
    public static LatentGrid box(int n, int dimX, int dimY, float[] base, double xLo, double xHi, double yLo,
                                 double yHi, String description) {
        double[] u = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double t = (i + 0.5) / n;
            u[i] = xLo + t * (xHi - xLo);
            v[i] = yHi - t * (yHi - yLo);
        }
        return new LatentGrid(n, dimX, dimY, base.clone(), new double[2], new double[][]{{1, 0}, {0, 1}}, u, v,
                description);
    }

    /** A box over the range of the given codes (smallest to largest) on two dimensions. */
    public static LatentGrid spanning(Encoding codes, int n, int dimX, int dimY, float[] base, String description) {
        float[] rx = codes.range(dimX);
        float[] ry = codes.range(dimY);
        return box(n, dimX, dimY, base, rx[0], rx[1], ry[0], ry[1], description);
    }

    /**
     * Equal-probability cells under a Gaussian sampling rule, over its marginal on two dimensions (the other
     * dimensions at the Gaussian's mean). u runs along the marginal's major axis, v along the minor one,
     * each scaled by its standard deviation; for N(0, I) that is z[dimX] = u and z[dimY] = v.
     */
    public static LatentGrid gaussian(LatentGaussian rule, int n, int dimX, int dimY, String description) {
        LatentGaussian m = rule.marginal(dimX, dimY);
        double[] q = new double[n];
        for (int i = 0; i < n; i++) {
            q[i] = Gaussian.inverseCdf((i + 0.5) / n);
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = q[n - 1 - i];
        }
        float[] base = new float[rule.latent()];
        for (int j = 0; j < base.length; j++) {
            base[j] = (float) rule.mean()[j];
        }
        return new LatentGrid(n, dimX, dimY, base, m.mean().clone(), principalSquareRoot(m.covariance()), q, v,
                description);
    }

    /** The plane point (x, y) of coordinates (u, v). */
    public double[] plane(double u, double v) {
        return new double[]{origin[0] + axes[0][0] * u + axes[0][1] * v, origin[1] + axes[1][0] * u + axes[1][1] * v};
    }

    /** The code of the cell in row {@code r} (from the top) and column {@code c} (from the left). */
    public float[] code(int r, int c) {
        float[] z = base.clone();
        double[] p = plane(us[c], vs[r]);
        z[dimX] = (float) p[0];
        z[dimY] = (float) p[1];
        return z;
    }

    /** The n*n codes, row by row from the top left, as one batch [n*n][L]. */
    public float[][] codes() {
        float[][] z = new float[n * n][];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                z[r * n + c] = code(r, c);
            }
        }
        return z;
    }

    /**
     * The corners of cell (r, c) in the plane, for drawing it: {x0, y0, x1, y1, x2, y2, x3, y3} in order
     * around the cell. A cell reaches half way to its neighbours; an outer cell as far out as inwards.
     */
    public double[] corners(int r, int c) {
        double[] ue = edges(us);
        double[] ve = edges(vs);
        double[] a = plane(ue[c], ve[r]);
        double[] b = plane(ue[c + 1], ve[r]);
        double[] d = plane(ue[c + 1], ve[r + 1]);
        double[] e = plane(ue[c], ve[r + 1]);
        return new double[]{a[0], a[1], b[0], b[1], d[0], d[1], e[0], e[1]};
    }

    /** The smallest box of the plane that holds every cell: {xLo, xHi, yLo, yHi}. */
    public double[] extent() {
        double[] ue = edges(us);
        double[] ve = edges(vs);
        double[] box = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY};
        for (double u : new double[]{ue[0], ue[n]}) {
            for (double v : new double[]{ve[0], ve[n]}) {
                double[] p = plane(u, v);
                box[0] = Math.min(box[0], p[0]);
                box[1] = Math.max(box[1], p[0]);
                box[2] = Math.min(box[2], p[1]);
                box[3] = Math.max(box[3], p[1]);
            }
        }
        return box;
    }

    /** Cell edges: half way between neighbouring centres; the outer ones as far out as the inner half-step. */
    static double[] edges(double[] centres) {
        int k = centres.length;
        double[] e = new double[k + 1];
        for (int i = 1; i < k; i++) {
            e[i] = (centres[i - 1] + centres[i]) / 2;
        }
        e[0] = centres[0] - (e[1] - centres[0]);
        e[k] = centres[k - 1] + (centres[k - 1] - e[k - 1]);
        return e;
    }

    /**
     * A square root A of a 2 x 2 covariance (A A^T = covariance) along its principal axes: columns are the
     * eigenvectors scaled by the square roots of their eigenvalues. The first column is the axis nearer the
     * x axis (pointing right), the second the other (pointing up), so that an isotropic covariance gives
     * A = sigma I.
     */
    static double[][] principalSquareRoot(double[][] cov) {
        double a = cov[0][0];
        double b = cov[0][1];
        double d = cov[1][1];
        double mid = (a + d) / 2;
        double radius = Math.hypot((a - d) / 2, b);
        double l1 = mid + radius;
        double l2 = Math.max(0, mid - radius);
        double[] e1;
        if (Math.abs(b) < 1e-12 * Math.max(1e-300, Math.abs(a) + Math.abs(d))) {
            e1 = a >= d ? new double[]{1, 0} : new double[]{0, 1};
        } else {
            e1 = normalise(new double[]{l1 - d, b});
        }
        double[] e2 = {-e1[1], e1[0]};                                               // the other eigenvector
        double s1 = Math.sqrt(Math.max(0, l1));
        double s2 = Math.sqrt(l2);
        double[] colX;
        double[] colY;
        if (Math.abs(e1[0]) >= Math.abs(e2[0])) {
            colX = scaled(e1, s1);
            colY = scaled(e2, s2);
        } else {
            colX = scaled(e2, s2);
            colY = scaled(e1, s1);
        }
        if (colX[0] < 0) {
            colX = scaled(colX, -1);
        }
        if (colY[1] < 0) {
            colY = scaled(colY, -1);
        }
        return new double[][]{{colX[0], colY[0]}, {colX[1], colY[1]}};
    }

    private static double[] normalise(double[] v) {
        double len = Math.hypot(v[0], v[1]);
        return new double[]{v[0] / len, v[1] / len};
    }

    private static double[] scaled(double[] v, double s) {
        return new double[]{v[0] * s, v[1] * s};
    }
}

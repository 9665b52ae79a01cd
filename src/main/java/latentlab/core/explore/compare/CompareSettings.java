package latentlab.core.explore.compare;

import latentlab.core.explore.ManifoldGrid;

/**
 * How the hole maps are measured.
 *
 * @param n                 cells per side of every grid
 * @param dimX              the latent dimension along x of the maps and grids
 * @param dimY              the latent dimension along y
 * @param quantile          the quantile of the reconstruction distances that is the hole threshold
 * @param calibrationImages test images whose reconstructions set the threshold (the first ones)
 * @param codeImages        training images whose codes fit the AE's Gaussian and span the shared region
 * @param mapImages         test images drawn on the latent maps
 * @param samples           images decoded from each model's sampling rule, to show
 * @param draws             codes drawn from each sampling rule to estimate, by Monte Carlo, the chance that a
 *                          sample decodes to a hole (in every latent dimension, where the grids see a plane)
 * @param trim              fraction of the codes left out at each end of the shared region's range, so that a
 *                          handful of outlying codes does not stretch it
 * @param seed              seed of the samples
 */
public record CompareSettings(int n, int dimX, int dimY, double quantile, int calibrationImages, int codeImages,
                              int mapImages, int samples, int draws, double trim, long seed) {
    public static final int DEFAULT_N = 20;
    public static final int DEFAULT_CALIBRATION_IMAGES = 1000;
    public static final int DEFAULT_CODE_IMAGES = 10_000;
    public static final int DEFAULT_MAP_IMAGES = 5_000;
    public static final int DEFAULT_SAMPLES = 16;
    public static final int DEFAULT_DRAWS = 1000;
    public static final double DEFAULT_TRIM = 0.005;

    public CompareSettings {
        if (n < ManifoldGrid.MIN_N || n > ManifoldGrid.MAX_N) {
            throw new IllegalArgumentException("grid size must be between " + ManifoldGrid.MIN_N + " and "
                    + ManifoldGrid.MAX_N + ", found " + n);
        }
        if (!(quantile > 0 && quantile < 1)) {
            throw new IllegalArgumentException("the threshold quantile must be in (0, 1), found " + quantile);
        }
        if (calibrationImages < 1 || codeImages < 2 || mapImages < 1 || samples < 0 || draws < 0) {
            throw new IllegalArgumentException("image counts must be positive");
        }
        if (!(trim >= 0 && trim < 0.5)) {
            throw new IllegalArgumentException("trim must be in [0, 0.5), found " + trim);
        }
    }

    /** 20 x 20 grids over z0 and z1, the 95th-percentile threshold from 1,000 test reconstructions. */
    public static CompareSettings defaults(long seed) {
        return new CompareSettings(DEFAULT_N, 0, 1, Calibration.DEFAULT_QUANTILE, DEFAULT_CALIBRATION_IMAGES,
                DEFAULT_CODE_IMAGES, DEFAULT_MAP_IMAGES, DEFAULT_SAMPLES, DEFAULT_DRAWS, DEFAULT_TRIM, seed);
    }

    public CompareSettings withN(int cells) {
        return new CompareSettings(cells, dimX, dimY, quantile, calibrationImages, codeImages, mapImages, samples,
                draws, trim, seed);
    }

    public CompareSettings withCalibrationImages(int images) {
        return new CompareSettings(n, dimX, dimY, quantile, images, codeImages, mapImages, samples, draws, trim, seed);
    }

    public CompareSettings withDraws(int count) {
        return new CompareSettings(n, dimX, dimY, quantile, calibrationImages, codeImages, mapImages, samples, count,
                trim, seed);
    }

    public CompareSettings withMapImages(int images) {
        return new CompareSettings(n, dimX, dimY, quantile, calibrationImages, codeImages, images, samples, draws, trim,
                seed);
    }
}

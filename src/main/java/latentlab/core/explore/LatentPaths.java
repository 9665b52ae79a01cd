package latentlab.core.explore;

import latentlab.core.model.Batches;

import java.util.SplittableRandom;

/** Samples from the prior and straight paths between codes. */
public final class LatentPaths {
    private LatentPaths() {
    }

    /** n draws from the VAE prior N(0, I) in L dimensions. */
    public static float[][] samplePrior(int n, int latent, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] z = new float[n][latent];
        for (float[] row : z) {
            for (int j = 0; j < latent; j++) {
                row[j] = (float) Batches.nextGaussian(rng);
            }
        }
        return z;
    }

    /** {@code steps} codes from a to b inclusive, evenly spaced on the straight line between them. */
    public static float[][] interpolate(float[] a, float[] b, int steps) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("codes differ in size: " + a.length + " and " + b.length);
        }
        if (steps < 2) {
            throw new IllegalArgumentException("an interpolation needs at least 2 steps, found " + steps);
        }
        float[][] z = new float[steps][a.length];
        for (int s = 0; s < steps; s++) {
            double t = (double) s / (steps - 1);
            for (int j = 0; j < a.length; j++) {
                z[s][j] = (float) ((1 - t) * a[j] + t * b[j]);
            }
        }
        return z;
    }
}

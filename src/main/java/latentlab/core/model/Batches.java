package latentlab.core.model;

import latentlab.core.data.Split;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/** Turns images and noise into the [B, D] and [B, L] arrays a network takes. */
public final class Batches {
    private Batches() {
    }

    /** All images of a split as one [N, D] array. */
    public static INDArray matrix(Split split) {
        return Nd4j.createFromArray(split.pixels()).reshape(split.size(), split.shape().pixels());
    }

    /** Rows {@code from..to-1} of an [N, D] matrix as a view. */
    public static INDArray rows(INDArray matrix, int from, int to) {
        return matrix.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
    }

    /** Standard normal noise [rows, cols] from a Java generator, so that a seed fixes it on every platform. */
    public static INDArray gaussian(SplittableRandom rng, int rows, int cols, DataType dtype) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) nextGaussian(rng);
        }
        return Nd4j.createFromArray(v).reshape(rows, cols).castTo(dtype);
    }

    /** A standard normal draw (Marsaglia's polar method; SplittableRandom has no nextGaussian of its own here). */
    public static double nextGaussian(SplittableRandom rng) {
        double u;
        double v;
        double s;
        do {
            u = rng.nextDouble(-1, 1);
            v = rng.nextDouble(-1, 1);
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }
}

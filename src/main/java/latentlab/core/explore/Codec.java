package latentlab.core.explore;

import latentlab.core.data.Split;
import latentlab.core.model.MlpNetwork;
import latentlab.core.model.Model;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Encodes images to codes and decodes codes to images, in batches. One codec belongs to one thread;
 * build it over {@link Model#snapshot()} to read while training goes on.
 */
public final class Codec {
    /** Images or codes per native call. */
    public static final int BATCH = 1000;

    private final MlpNetwork net;
    private final int inputSize;
    private final int latent;

    public Codec(Model model) {
        this.net = model.network();
        this.inputSize = model.config().inputSize();
        this.latent = model.config().latent();
    }

    public int latent() {
        return latent;
    }

    public int inputSize() {
        return inputSize;
    }

    /** Encodes every image of a split, keeping its labels. */
    public Encoding encode(Split split) {
        Encoding e = encode(split.pixels(), split.size());
        return new Encoding(e.mean(), e.logVar(), split.labels().clone());
    }

    /** Encodes n images stored one after another in {@code pixels} (n * D values in [0, 1]). */
    public Encoding encode(float[] pixels, int n) {
        if (pixels.length != (long) n * inputSize) {
            throw new IllegalArgumentException("expected " + n + " images of " + inputSize + " pixels, found "
                    + pixels.length + " values");
        }
        float[][] mean = new float[n][];
        float[][] logVar = null;
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            INDArray x = Nd4j.createFromArray(java.util.Arrays.copyOfRange(pixels, from * inputSize, to * inputSize))
                    .reshape(to - from, inputSize);                                  // [B, D]
            INDArray[] q = net.encode(x);                                            // z_mean, z_log_var [B, L]
            float[][] m = Matrices.rows(q[0]);
            System.arraycopy(m, 0, mean, from, m.length);
            if (q[1] != null) {
                if (logVar == null) {
                    logVar = new float[n][];
                }
                float[][] v = Matrices.rows(q[1]);
                System.arraycopy(v, 0, logVar, from, v.length);
            }
        }
        return new Encoding(mean, logVar, null);
    }

    /** Decodes n codes ([n][L]) to n images, n * D values in [0, 1], in batches. */
    public float[] decode(float[][] z) {
        int n = z.length;
        float[] out = new float[n * inputSize];
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            float[][] part = java.util.Arrays.copyOfRange(z, from, to);
            for (float[] row : part) {
                if (row.length != latent) {
                    throw new IllegalArgumentException("expected codes of " + latent + " values, found " + row.length);
                }
            }
            INDArray images = net.decode(Nd4j.createFromArray(part).castTo(DataType.FLOAT)); // [B, D]
            System.arraycopy(images.reshape(images.length()).toFloatVector(), 0, out, from * inputSize, (to - from) * inputSize);
        }
        return out;
    }

    /** Decodes one code to one image, D values in [0, 1]. */
    public float[] decode(float[] z) {
        return decode(new float[][]{z});
    }
}

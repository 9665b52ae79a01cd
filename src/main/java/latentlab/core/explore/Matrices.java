package latentlab.core.explore;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/** ND4J matrices to Java arrays. */
final class Matrices {
    private Matrices() {
    }

    /**
     * The rows of a [R, C] matrix, through one copy of all its values.
     *
     * <p>Not {@link INDArray#toFloatMatrix()}: it makes two arrays a row (the row and its copy), each with
     * native memory and two references for the collector to process. For the latent map's 10,000 test
     * codes at every run's end that was some 40,000 references, which made the next young collection,
     * inside the next run, take 25-48 ms (G1's log: 10 MB copied in 25 ms, 45,000 references).
     */
    static float[][] rows(INDArray matrix) {
        if (matrix.rank() != 2) {
            throw new IllegalArgumentException("expected a matrix, found shape " + Arrays.toString(matrix.shape()));
        }
        int r = Math.toIntExact(matrix.rows());
        int c = Math.toIntExact(matrix.columns());
        float[] flat = matrix.castTo(DataType.FLOAT).dup('c').data().asFloat();        // [R * C], row by row
        float[][] rows = new float[r][];
        for (int i = 0; i < r; i++) {
            rows[i] = Arrays.copyOfRange(flat, i * c, (i + 1) * c);
        }
        return rows;
    }
}

package latentlab.core.explore;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A matrix's rows come out as written, whatever its layout. */
class MatricesTest {
    private static final float[][] M = {{1, 2, 3}, {4, 5, 6}};

    @Test
    void aRowMajorMatrixGivesItsRows() {
        assertArrayEquals(M, Matrices.rows(Nd4j.createFromArray(M)));
    }

    @Test
    void aColumnMajorCopyGivesTheSameRows() {
        assertArrayEquals(M, Matrices.rows(Nd4j.createFromArray(M).dup('f')));
    }

    @Test
    void aTransposedViewGivesTheColumns() {
        float[][] columns = {{1, 4}, {2, 5}, {3, 6}};
        assertArrayEquals(columns, Matrices.rows(Nd4j.createFromArray(M).transpose()));
    }

    @Test
    void aViewOfSomeRowsAndColumnsGivesOnlyThose() {
        INDArray big = Nd4j.createFromArray(new float[][] {{0, 0, 0, 0}, {0, 1, 2, 3}, {0, 4, 5, 6}});
        INDArray view = big.get(NDArrayIndex.interval(1, 3), NDArrayIndex.interval(1, 4));   // [2, 3] at an offset
        assertArrayEquals(M, Matrices.rows(view));
    }

    @Test
    void doublesAreConvertedToFloats() {
        assertArrayEquals(M, Matrices.rows(Nd4j.createFromArray(M).castTo(DataType.DOUBLE)));
    }

    @Test
    void aVectorIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Matrices.rows(Nd4j.createFromArray(1f, 2f, 3f)));
    }
}

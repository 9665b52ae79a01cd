package latentlab.core.model;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The direct BLAS calls against plain loops, on Java arrays and on ND4J's native memory. */
class BlasTest {

    @Test
    void callsGoStraightToOpenBlas() {
        assertTrue(Blas.isDirect(), "the OpenBLAS that ND4J loaded was not found; products would go through ND4J copies");
    }

    @Test
    void gemmMatchesTheDefinitionForEveryTransposition() {
        int m = 7;
        int n = 5;
        int k = 9;
        for (boolean transA : new boolean[]{false, true}) {
            for (boolean transB : new boolean[]{false, true}) {
                float[] a = random(m * k, 1);                                    // [m, k], or [k, m] when transA
                float[] b = random(k * n, 2);                                    // [k, n], or [n, k] when transB
                float[] c = random(m * n, 3);
                float[] expected = new float[m * n];
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double s = 0;
                        for (int l = 0; l < k; l++) {
                            s += (transA ? a[l * m + i] : a[i * k + l]) * (transB ? b[j * k + l] : b[l * n + j]);
                        }
                        expected[i * n + j] = (float) (0.5 * s + 2 * c[i * n + j]);
                    }
                }
                Blas.gemm(transA, transB, m, n, k, 0.5f, MemorySegment.ofArray(a), MemorySegment.ofArray(b), 2f,
                        MemorySegment.ofArray(c));
                assertArrayEquals(expected, c, 1e-5f, "transA " + transA + ", transB " + transB);
            }
        }
    }

    @Test
    void theNd4jFallbackComputesTheSameProducts() {
        int m = 4;
        int n = 3;
        int k = 5;
        for (boolean transA : new boolean[]{false, true}) {
            for (boolean transB : new boolean[]{false, true}) {
                float[] a = random(m * k, 11);
                float[] b = random(k * n, 12);
                float[] direct = random(m * n, 13);
                float[] fallback = direct.clone();
                Blas.gemm(transA, transB, m, n, k, 1.5f, MemorySegment.ofArray(a), MemorySegment.ofArray(b), 0.5f,
                        MemorySegment.ofArray(direct));
                Blas.gemmThroughNd4j(transA, transB, m, n, k, 1.5f, MemorySegment.ofArray(a), transA ? m : k,
                        MemorySegment.ofArray(b), transB ? k : n, 0.5f, MemorySegment.ofArray(fallback), n);
                assertArrayEquals(direct, fallback, 1e-5f, "transA " + transA + ", transB " + transB);
            }
        }
    }

    @Test
    void blocksOfColumnsOfAProductAreProductsWithTheBlocks() {
        int m = 6;
        int n = 40;
        int k = 7;
        for (boolean transA : new boolean[]{false, true}) {
            for (boolean transB : new boolean[]{false, true}) {
                float[] a = random(m * k, 21);
                float[] b = random(k * n, 22);
                float[] whole = new float[m * n];
                float[] blocks = new float[m * n];
                MemorySegment sa = MemorySegment.ofArray(a);
                MemorySegment sb = MemorySegment.ofArray(b);
                Blas.gemm(transA, transB, m, n, k, 1f, sa, sb, 0f, MemorySegment.ofArray(whole));
                for (int[] cols : new int[][]{{0, 16}, {16, 40}}) {
                    long bStart = transB ? (long) cols[0] * k : cols[0];
                    Blas.gemm(transA, transB, m, cols[1] - cols[0], k, 1f, sa, transA ? m : k, sb.asSlice(4 * bStart),
                            transB ? k : n, 0f, MemorySegment.ofArray(blocks).asSlice(4L * cols[0]), n);
                }
                assertArrayEquals(whole, blocks, 1e-5f, "transA " + transA + ", transB " + transB);
            }
        }
    }

    @Test
    void gemvSumsRowsAndColumns() {
        int rows = 6;
        int cols = 4;
        float[] a = random(rows * cols, 4);
        float[] ones = {1, 1, 1, 1, 1, 1};
        float[] rowSums = new float[rows];
        float[] colSums = new float[cols];
        Blas.gemv(false, rows, cols, MemorySegment.ofArray(a), MemorySegment.ofArray(ones), 0f, MemorySegment.ofArray(rowSums));
        Blas.gemv(true, rows, cols, MemorySegment.ofArray(a), MemorySegment.ofArray(ones), 0f, MemorySegment.ofArray(colSums));
        for (int i = 0; i < rows; i++) {
            float s = 0;
            for (int j = 0; j < cols; j++) {
                s += a[i * cols + j];
            }
            assertEquals(s, rowSums[i], 1e-5f, "row " + i);
        }
        for (int j = 0; j < cols; j++) {
            float s = 0;
            for (int i = 0; i < rows; i++) {
                s += a[i * cols + j];
            }
            assertEquals(s, colSums[j], 1e-5f, "column " + j);
        }
    }

    @Test
    void gemvWorksOnStridedVectors() {
        int rows = 5;
        int cols = 3;
        float[] a = random(rows * cols, 31);
        float[] x = random(2 * cols, 32);                                          // every other entry
        float[] y = new float[3 * rows];                                           // every third entry
        float[] fallback = new float[3 * rows];
        Blas.gemv(false, rows, cols, 2f, MemorySegment.ofArray(a), cols, MemorySegment.ofArray(x), 2, 0f,
                MemorySegment.ofArray(y), 3);
        Blas.gemmThroughNd4j(false, false, rows, 1, cols, 2f, MemorySegment.ofArray(a), cols, MemorySegment.ofArray(x), 2,
                0f, MemorySegment.ofArray(fallback), 3);
        for (int i = 0; i < rows; i++) {
            float s = 0;
            for (int j = 0; j < cols; j++) {
                s += a[i * cols + j] * x[2 * j];
            }
            assertEquals(2 * s, y[3 * i], 1e-5f, "row " + i);
            assertEquals(0f, y[3 * i + 1], "entries between the strided ones are left alone");
            assertEquals(y[3 * i], fallback[3 * i], 1e-5f, "the fallback, row " + i);
        }
    }

    @Test
    void nativeArraysAndTheirViewsWorkLikeJavaArrays() {
        INDArray flat = Nd4j.createFromArray(random(100, 5));
        INDArray w = flat.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(40, 52)).reshape(4, 3);   // a view at offset 40
        float[] x = random(2 * 4, 6);
        float[] out = new float[2 * 3];
        Blas.gemm(false, false, 2, 3, 4, 1f, MemorySegment.ofArray(x), Blas.segment(w), 0f, MemorySegment.ofArray(out));
        INDArray expected = Nd4j.createFromArray(x).reshape(2, 4).mmul(w);
        assertArrayEquals(expected.data().asFloat(), out, 1e-5f);

        INDArray target = Nd4j.create(DataType.FLOAT, 2, 3);
        Blas.gemm(false, false, 2, 3, 4, 1f, MemorySegment.ofArray(x), Blas.segment(w), 0f, Blas.segment(target));
        assertArrayEquals(out, target.data().asFloat(), 0f, "a native result");
    }

    @Test
    void stridedOrDoubleArraysAreRefused() {
        INDArray m = Nd4j.create(DataType.FLOAT, 4, 4);
        assertThrows(IllegalArgumentException.class, () -> Blas.segment(m.transpose()));
        assertThrows(IllegalArgumentException.class, () -> Blas.segment(Nd4j.create(DataType.DOUBLE, 3)));
        assertThrows(IllegalArgumentException.class, () -> Blas.gemm(false, false, 4, 4, 4, 1f,
                MemorySegment.ofArray(new float[16]), MemorySegment.ofArray(new float[15]), 0f, MemorySegment.ofArray(new float[16])));
    }

    /** What the trainer does with a batch split over two threads: one-threaded products, side by side. */
    @Test
    void twoThreadsCanMultiplyAtTheSameTime() throws Exception {
        int m = 100;
        int k = 300;
        int n = 200;
        float[] a = random(m * k, 7);
        float[] b = random(k * n, 8);
        float[] expected = new float[m * n];
        Blas.gemm(false, false, m, n, k, 1f, MemorySegment.ofArray(a), MemorySegment.ofArray(b), 0f, MemorySegment.ofArray(expected));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Blas.setThreads(1);
        try {
            Future<?>[] jobs = new Future<?>[2];
            for (int t = 0; t < 2; t++) {
                jobs[t] = pool.submit(() -> {
                    float[] c = new float[m * n];
                    for (int rep = 0; rep < 200; rep++) {
                        Blas.gemm(false, false, m, n, k, 1f, MemorySegment.ofArray(a), MemorySegment.ofArray(b), 0f,
                                MemorySegment.ofArray(c));
                        assertArrayEquals(expected, c, 1e-3f);
                    }
                    return null;
                });
            }
            for (Future<?> job : jobs) {
                job.get();
            }
        } finally {
            pool.shutdownNow();
            Blas.setThreads(Runtime.getRuntime().availableProcessors());
        }
    }

    private static float[] random(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rng.nextDouble(-1, 1);
        }
        return v;
    }
}

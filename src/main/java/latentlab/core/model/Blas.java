package latentlab.core.model;

import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Map;

/**
 * Single-precision matrix products on row-major matrices held in Java {@code float[]} arrays or in
 * native memory (an ND4J array's buffer), called straight into the OpenBLAS library that ND4J has
 * already loaded, through the Foreign Function and Memory API.
 *
 * <p>Why not {@code Nd4j.gemm}: it builds and executes a custom op, about 100 microseconds per call
 * on this project's machines, where this call costs about one; and a critical downcall hands Java
 * arrays to the library without copying them (the garbage collector keeps them in place for the
 * call). If the library or its symbols cannot be found (an ND4J build without OpenBLAS), every call
 * falls back to copying the operands into ND4J arrays: correct, and slower.
 *
 * <p>Every matrix is dense and row-major with its natural leading dimension (its number of columns).
 * Segments are either heap segments ({@link MemorySegment#ofArray(float[])}) or native ones.
 */
public final class Blas {
    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;

    private static final MethodHandle SGEMM;
    private static final MethodHandle SGEMV;
    private static final MethodHandle SET_THREADS;

    static {
        MethodHandle gemm = null;
        MethodHandle gemv = null;
        MethodHandle threads = null;
        try {
            Nd4j.getExecutioner();                                               // makes ND4J load its native libraries
            SymbolLookup lib = SymbolLookup.libraryLookup(Path.of(openBlasPath()), Arena.global());
            Linker linker = Linker.nativeLinker();
            ValueLayout.OfInt i = ValueLayout.JAVA_INT;
            ValueLayout.OfFloat f = ValueLayout.JAVA_FLOAT;
            java.lang.foreign.AddressLayout p = ValueLayout.ADDRESS;
            gemm = linker.downcallHandle(lib.find("cblas_sgemm").orElseThrow(),
                    FunctionDescriptor.ofVoid(i, i, i, i, i, i, f, p, i, p, i, f, p, i), Linker.Option.critical(true));
            gemv = linker.downcallHandle(lib.find("cblas_sgemv").orElseThrow(),
                    FunctionDescriptor.ofVoid(i, i, i, i, f, p, i, p, i, f, p, i), Linker.Option.critical(true));
            threads = linker.downcallHandle(lib.find("openblas_set_num_threads").orElseThrow(),
                    FunctionDescriptor.ofVoid(i));
        } catch (RuntimeException | LinkageError e) {
            gemm = null;
            gemv = null;
            threads = null;
        }
        SGEMM = gemm;
        SGEMV = gemv;
        SET_THREADS = threads;
    }

    private Blas() {
    }

    /** Whether calls go straight to OpenBLAS (true) or through ND4J copies (false). */
    public static boolean isDirect() {
        return SGEMM != null;
    }

    /**
     * c = alpha * op(a) op(b) + beta * c, with op(a) [m, k], op(b) [k, n] and c [m, n]. A transposed
     * operand is stored as its transpose: a [k, m] when {@code transA}, b [n, k] when {@code transB}.
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            MemorySegment a, MemorySegment b, float beta, MemorySegment c) {
        gemm(transA, transB, m, n, k, alpha, a, transA ? m : k, b, transB ? k : n, beta, c, n);
    }

    /**
     * The same on sub-matrices: each operand's rows (as stored) start {@code lda}, {@code ldb},
     * {@code ldc} floats apart, as in a block of columns of a wider matrix.
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            MemorySegment a, int lda, MemorySegment b, int ldb, float beta, MemorySegment c, int ldc) {
        checkSize(a, transA ? k : m, transA ? m : k, lda, "a");
        checkSize(b, transB ? n : k, transB ? k : n, ldb, "b");
        checkSize(c, m, n, ldc, "c");
        if (SGEMM == null) {
            gemmThroughNd4j(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }
        try {
            SGEMM.invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, alpha,
                    a, lda, b, ldb, beta, c, ldc);
        } catch (Throwable t) {
            throw new IllegalStateException("cblas_sgemm failed", t);
        }
    }

    /**
     * y = op(a) x + beta * y for a [rows, cols]: with {@code trans}, x has {@code rows} entries and y
     * {@code cols} (a column sum when x is all ones); without, the other way round.
     */
    public static void gemv(boolean trans, int rows, int cols, MemorySegment a, MemorySegment x, float beta,
                            MemorySegment y) {
        gemv(trans, rows, cols, 1f, a, cols, x, 1, beta, y, 1);
    }

    /** The same with a's rows {@code lda} floats apart and x's and y's entries {@code incx}, {@code incy} apart. */
    public static void gemv(boolean trans, int rows, int cols, float alpha, MemorySegment a, int lda,
                            MemorySegment x, int incx, float beta, MemorySegment y, int incy) {
        int nx = trans ? rows : cols;
        int ny = trans ? cols : rows;
        checkSize(a, rows, cols, lda, "a");
        checkSize(x, nx, 1, incx, "x");
        checkSize(y, ny, 1, incy, "y");
        if (SGEMV == null) {
            // y as a column [ny, 1] with rows incy apart, x likewise
            gemmThroughNd4j(trans, false, ny, 1, nx, alpha, a, lda, x, incx, beta, y, incy);
            return;
        }
        try {
            SGEMV.invokeExact(ROW_MAJOR, trans ? TRANS : NO_TRANS, rows, cols, alpha, a, lda, x, incx, beta, y, incy);
        } catch (Throwable t) {
            throw new IllegalStateException("cblas_sgemv failed", t);
        }
    }

    /** Whether {@link #setThreads} reaches OpenBLAS directly (else it does nothing). */
    public static boolean canSetThreads() {
        return SET_THREADS != null;
    }

    /** How many threads each product may use (OpenBLAS's own pool). */
    public static void setThreads(int n) {
        if (SET_THREADS == null) {
            return;
        }
        try {
            SET_THREADS.invokeExact(n);
        } catch (Throwable t) {
            throw new IllegalStateException("openblas_set_num_threads failed", t);
        }
    }

    /** A segment over an ND4J float array's memory: the array must be dense (a row range of a matrix is). */
    public static MemorySegment segment(INDArray array) {
        if (array.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("expected a FLOAT array, found " + array.dataType());
        }
        if (array.length() > 1 && (array.elementWiseStride() != 1 || (array.rank() > 1 && array.ordering() != 'c'))) {
            throw new IllegalArgumentException("expected a dense row-major array, found strides "
                    + java.util.Arrays.toString(array.stride()) + " order " + array.ordering());
        }
        long address = array.data().addressPointer().address();                  // already at the view's first element
        return MemorySegment.ofAddress(address).reinterpret(4 * array.length());
    }

    private static void checkSize(MemorySegment s, long floats, String what) {
        if (s.byteSize() < 4 * floats) {
            throw new IllegalArgumentException(what + ": expected at least " + floats + " floats, found " + s.byteSize() / 4);
        }
    }

    /** A rows x cols matrix stored with rows ld floats apart. */
    private static void checkSize(MemorySegment s, int rows, int cols, int ld, String what) {
        if (ld < cols) {
            throw new IllegalArgumentException(what + ": leading dimension " + ld + " is below the " + cols + " columns");
        }
        checkSize(s, rows == 0 ? 0 : (long) (rows - 1) * ld + cols, what);
    }

    /** The OpenBLAS library file JavaCPP loaded for ND4J (the one that ND4J's own products use). */
    private static String openBlasPath() {
        Map<String, String> loaded = Loader.getLoadedLibraries();
        String fallback = null;
        for (Map.Entry<String, String> e : loaded.entrySet()) {
            String name = e.getKey();
            if (name.startsWith("openblas_nolapack")) {
                fallback = e.getValue();
            } else if (name.startsWith("openblas")) {
                return e.getValue();
            }
        }
        if (fallback == null) {
            throw new IllegalStateException("OpenBLAS is not among the loaded native libraries " + loaded.keySet());
        }
        return fallback;
    }

    /** The fallback: the same product through ND4J, copying the operands (package-private for its test). */
    static void gemmThroughNd4j(boolean transA, boolean transB, int m, int n, int k, float alpha,
                                MemorySegment a, int lda, MemorySegment b, int ldb, float beta, MemorySegment c, int ldc) {
        INDArray na = Nd4j.createFromArray(dense(a, transA ? k : m, transA ? m : k, lda)).reshape(transA ? k : m, transA ? m : k);
        INDArray nb = Nd4j.createFromArray(dense(b, transB ? n : k, transB ? k : n, ldb)).reshape(transB ? n : k, transB ? k : n);
        INDArray nc = Nd4j.createFromArray(dense(c, m, n, ldc)).reshape(m, n);
        Nd4j.gemm(na, nb, nc, transA, transB, alpha, beta);
        float[] result = nc.data().asFloat();
        for (int r = 0; r < m; r++) {
            MemorySegment.copy(result, r * n, c, FLOAT, 4L * r * ldc, n);
        }
    }

    private static float[] dense(MemorySegment s, int rows, int cols, int ld) {
        float[] v = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            MemorySegment.copy(s, FLOAT, 4L * r * ld, v, r * cols, cols);
        }
        return v;
    }
}

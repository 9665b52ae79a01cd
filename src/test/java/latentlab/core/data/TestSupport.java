package latentlab.core.data;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Helpers shared by the data tests: where the real datasets are, raw byte access, and statistics. */
public final class TestSupport {
    /** The system property, set by surefire, naming the shared dataset folder. */
    static final String SHARED_DATASETS_PROPERTY = "latentlab.sharedDatasets";

    private TestSupport() {
    }

    /** The shared dataset folder; skips the test when it is not there. */
    static Path sharedDatasets() {
        String dir = System.getProperty(SHARED_DATASETS_PROPERTY);
        assumeTrue(dir != null && Files.isDirectory(Path.of(dir)),
                "shared datasets not found (system property " + SHARED_DATASETS_PROPERTY + ")");
        return Path.of(dir);
    }

    /** A file of the shared datasets, e.g. {@code "mnist/t10k-images-idx3-ubyte.gz"}; skips when absent. */
    static Path sharedFile(String relative) {
        Path file = sharedDatasets().resolve(relative);
        assumeTrue(Files.isRegularFile(file), file + " not found");
        return file;
    }

    /** Asserts that the exception's message contains every phrase. */
    static void assertMessage(Exception e, String... phrases) {
        for (String phrase : phrases) {
            assertTrue(e.getMessage().contains(phrase), "message lacks '" + phrase + "': " + e.getMessage());
        }
    }

    /** {@code n} bytes of the decompressed gzip file from {@code offset}, read independently of the readers. */
    static byte[] gunzippedBytes(Path gz, long offset, int n) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            in.skipNBytes(offset);
            return in.readNBytes(n);
        }
    }

    /** The gzip compression of {@code data}. */
    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    /** Pearson correlation of two equally long series. */
    public static double correlation(double[] a, double[] b) {
        double ma = mean(a);
        double mb = mean(b);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    static double correlation(float[] a, float[] b) {
        return correlation(toDoubles(a), toDoubles(b));
    }

    public static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    public static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** {row, column} of the intensity-weighted centre of mass of a row-major image. */
    static double[] centreOfMass(float[] image, ImageShape shape) {
        double mass = 0;
        double row = 0;
        double col = 0;
        for (int r = 0; r < shape.rows(); r++) {
            for (int c = 0; c < shape.cols(); c++) {
                float v = image[r * shape.cols() + c];
                mass += v;
                row += v * r;
                col += v * c;
            }
        }
        return new double[] {row / mass, col / mass};
    }

    /** Mean intensity of rows {@code fromRow..toRow} and columns {@code fromCol..toCol}, inclusive. */
    static double regionMean(float[] image, ImageShape shape, int fromRow, int toRow, int fromCol, int toCol) {
        double sum = 0;
        for (int r = fromRow; r <= toRow; r++) {
            for (int c = fromCol; c <= toCol; c++) {
                sum += image[r * shape.cols() + c];
            }
        }
        return sum / ((toRow - fromRow + 1) * (toCol - fromCol + 1));
    }
}

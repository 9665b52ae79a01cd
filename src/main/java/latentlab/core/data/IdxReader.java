package latentlab.core.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the gzipped IDX files in which MNIST and Fashion-MNIST are published
 * ({@code train-images-idx3-ubyte.gz} and friends). All header integers are 32-bit big-endian:
 * an image file holds magic 2051, count, rows, columns and then count*rows*columns unsigned bytes,
 * row-major; a label file holds magic 2049, count and then one unsigned byte per image.
 * Pixels become {@code byte / 255f}.
 */
public final class IdxReader {
    /** Magic number of an IDX file of unsigned bytes with 3 dimensions (images). */
    public static final int IMAGE_MAGIC = 0x0803;
    /** Magic number of an IDX file of unsigned bytes with 1 dimension (labels). */
    public static final int LABEL_MAGIC = 0x0801;
    /** What {@link Dataset#preprocessing()} says for data read by this class. */
    public static final String PREPROCESSING = "uint8/255 (IDX pixels as published, 0 = background)";

    private static final int MAGIC_BYTES = 4;
    private static final int IMAGE_HEADER_BYTES = 16;
    private static final int LABEL_HEADER_BYTES = 8;
    /** The longest array a JVM reliably allocates. */
    private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;
    private static final int GZIP_BUFFER_BYTES = 1 << 18;
    private static final int CHUNK_BYTES = 1 << 16;
    private static final int GZIP_MAGIC_0 = 0x1f;
    private static final int GZIP_MAGIC_1 = 0x8b;

    private IdxReader() {
    }

    /** The decoded contents of an IDX image file: {@code count} images, intensities in [0, 1]. */
    record Images(ImageShape shape, int count, float[] pixels) {
    }

    /**
     * Reads an image file and its label file into one labelled split.
     *
     * @throws DatasetException naming the file when it is missing, not gzip, truncated, has the wrong
     *                          magic number, or when the two files disagree on the number of images
     */
    public static Split read(Path imagesFile, Path labelsFile) {
        Images images = readImages(imagesFile);
        int[] labels = readLabels(labelsFile);
        if (labels.length != images.count()) {
            throw new DatasetException("image and label counts do not match: " + imagesFile + " holds "
                    + images.count() + " images but " + labelsFile + " holds " + labels.length + " labels");
        }
        return new Split(images.pixels(), labels, images.shape());
    }

    /** Reads an IDX image file (magic 2051), converting each byte to {@code byte / 255f} as it streams in. */
    static Images readImages(Path file) {
        try (InputStream in = openGzip(file)) {
            checkMagic(file, readInt(readExactly(in, MAGIC_BYTES, file, "header"), 0), IMAGE_MAGIC);
            byte[] header = readExactly(in, IMAGE_HEADER_BYTES - MAGIC_BYTES, file, "header");
            int count = readInt(header, 0);
            int rows = readInt(header, 4);
            int cols = readInt(header, 8);
            if (count < 0 || rows <= 0 || cols <= 0) {
                throw DatasetException.badFile(file, "impossible header: " + count + " images of "
                        + rows + "x" + cols);
            }
            long bytes = (long) count * rows * cols;
            if (bytes > MAX_ARRAY_LENGTH) {
                throw DatasetException.badFile(file, "too large: " + count + " images of " + rows + "x" + cols
                        + " is more than this reader can hold in memory");
            }
            float[] pixels = new float[(int) bytes];
            readChunks(in, pixels.length, file, "pixel data",
                    (chunk, length, at) -> UnitBytes.toUnitFloats(chunk, length, pixels, at));
            return new Images(new ImageShape(rows, cols), count, pixels);
        } catch (IOException e) {
            throw ioFailure(file, e);
        }
    }

    /** Reads an IDX label file (magic 2049) into labels 0..255. */
    static int[] readLabels(Path file) {
        try (InputStream in = openGzip(file)) {
            checkMagic(file, readInt(readExactly(in, MAGIC_BYTES, file, "header"), 0), LABEL_MAGIC);
            int count = readInt(readExactly(in, LABEL_HEADER_BYTES - MAGIC_BYTES, file, "header"), 0);
            if (count < 0) {
                throw DatasetException.badFile(file, "impossible header: " + count + " labels");
            }
            byte[] data = readExactly(in, count, file, "label data");
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = data[i] & 0xff;
            }
            return labels;
        } catch (IOException e) {
            throw ioFailure(file, e);
        }
    }

    /** Opens a gzip file for fast reading, refusing files that do not start with the gzip magic bytes. */
    private static InputStream openGzip(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), GZIP_BUFFER_BYTES);
        try {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            if (b0 != GZIP_MAGIC_0 || b1 != GZIP_MAGIC_1) {
                throw DatasetException.badFile(file, "not a gzip file (expected the bytes 1f 8b at the start,"
                        + " found " + hexByte(b0) + " " + hexByte(b1) + "); the IDX files must stay gzipped");
            }
            // No buffer on top: readChunks asks for whole chunks, which the inflater fills directly,
            // and a cut-off stream then reports exactly how many bytes did arrive.
            return new GZIPInputStream(raw, GZIP_BUFFER_BYTES);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** Receives {@code length} bytes of {@code chunk} that belong at position {@code at} of the data. */
    @FunctionalInterface
    private interface ChunkSink {
        void accept(byte[] chunk, int length, int at);
    }

    /**
     * Streams exactly {@code n} bytes through a small buffer into {@code sink}, or fails with
     * "truncated: expected n bytes of what, found m". A gzip stream that is cut off is reported the same
     * way as one that ends early.
     */
    private static void readChunks(InputStream in, int n, Path file, String what, ChunkSink sink) throws IOException {
        byte[] chunk = new byte[Math.min(n, CHUNK_BYTES)];
        int got = 0;
        try {
            while (got < n) {
                int r = in.read(chunk, 0, Math.min(chunk.length, n - got));
                if (r < 0) {
                    break;
                }
                sink.accept(chunk, r, got);
                got += r;
            }
        } catch (EOFException e) {
            // GZIPInputStream throws this when the compressed stream is cut off; "got" holds what arrived.
            throw DatasetException.badFile(file, truncated(n, got, what) + " (the gzip data ends early)", e);
        }
        if (got < n) {
            throw DatasetException.badFile(file, truncated(n, got, what));
        }
    }

    /** Reads exactly {@code n} bytes (see {@link #readChunks}). */
    private static byte[] readExactly(InputStream in, int n, Path file, String what) throws IOException {
        byte[] out = new byte[n];
        readChunks(in, n, file, what, (chunk, length, at) -> System.arraycopy(chunk, 0, out, at, length));
        return out;
    }

    private static String truncated(int expected, int found, String what) {
        return "truncated: expected " + expected + " bytes of " + what + ", found " + found;
    }

    private static void checkMagic(Path file, int found, int expected) {
        if (found == expected) {
            return;
        }
        boolean images = expected == IMAGE_MAGIC;
        String swapped = found == (images ? LABEL_MAGIC : IMAGE_MAGIC)
                ? " (that is the magic number of an IDX " + (images ? "label" : "image")
                  + " file: are the image and label files swapped?)"
                : "";
        throw DatasetException.badFile(file, "wrong magic number: expected " + expected + " (IDX "
                + (images ? "image" : "label") + " file), found " + found + swapped);
    }

    private static DatasetException ioFailure(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return DatasetException.badFile(file, "file not found", e);
        }
        if (e instanceof ZipException) {
            return DatasetException.badFile(file, "corrupt gzip data: " + e.getMessage(), e);
        }
        return DatasetException.badFile(file, "cannot be read: " + e, e);
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private static String hexByte(int b) {
        return b < 0 ? "end of file" : String.format("%02x", b);
    }
}

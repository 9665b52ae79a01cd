package latentlab.core.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads the Frey Face data, {@code frey_rawface.mat}: a MATLAB 5 MAT-file holding one variable
 * {@code ff}, a uint8 matrix of 560 rows by 1965 columns. MATLAB stores matrices column-major, so each
 * face is 560 consecutive bytes; within a face, pixel (row r, column c) of the upright 28x20 image is
 * element {@code r*20 + c}.
 *
 * <p>The parser follows the MAT-file level 5 format instead of trusting fixed offsets: a 128-byte header
 * (text, subsystem offset, version, endian indicator {@code IM} for little-endian or {@code MI} for
 * big-endian), then data elements, each an 8-byte tag (type, byte count) or a 4-byte "small element" tag
 * with up to 4 bytes of data, padded to 8 bytes. A variable is a {@code miMATRIX} element (possibly inside
 * a {@code miCOMPRESSED} element) whose sub-elements are the array flags, the dimensions, the name and the
 * real data.
 *
 * <p>The train/test split is fixed: the face indices 0..N-1 are shuffled with {@code new
 * java.util.Random(20131220L)} (see {@link TrainTestSplit#shuffled}); the first N-200 shuffled faces are
 * the training set and the last 200 the test set, 1765/200 for the published file.
 */
public final class FreyFaceReader {
    /** Name of the variable that holds the faces. */
    public static final String VARIABLE = "ff";
    /** Seed of the {@link java.util.Random} that shuffles the faces before the split. */
    public static final long SPLIT_SEED = 20131220L;
    /** Number of faces held out for testing. */
    public static final int TEST_FACES = 200;
    /** What {@link Dataset#preprocessing()} says for Frey faces. */
    public static final String PREPROCESSING = "uint8/255, faces upright as 28 rows x 20 columns, unlabelled;"
            + " split 1765/200 by a shuffle seeded with " + SPLIT_SEED;

    private static final int HEADER_BYTES = 128;
    private static final int HEADER_TEXT_BYTES = 116;
    private static final int ENDIAN_OFFSET = 126;
    private static final String MAT5_TEXT = "MATLAB 5.0 MAT-file";
    private static final String MAT73_TEXT = "MATLAB 7.3 MAT-file";
    private static final long MAX_FILE_BYTES = 1L << 28;
    private static final int TAG_BYTES = 8;
    private static final int SMALL_DATA_BYTES = 4;

    private static final int MI_INT8 = 1;
    private static final int MI_UINT8 = 2;
    private static final int MI_INT32 = 5;
    private static final int MI_UINT32 = 6;
    private static final int MI_MATRIX = 14;
    private static final int MI_COMPRESSED = 15;
    private static final int MX_UINT8_CLASS = 9;
    private static final int CLASS_MASK = 0xff;
    private static final int COMPLEX_FLAG = 0x0800;

    private FreyFaceReader() {
    }

    /** Reads the faces and splits them 1765/200 with the fixed seed; labels are all -1. */
    public static TrainTestSplit read(Path file) {
        return TrainTestSplit.shuffled(readAll(file), TEST_FACES, SPLIT_SEED);
    }

    /**
     * Reads every face in file order, as a split of 28x20 upright faces with labels -1.
     *
     * @throws DatasetException naming the file when it is not a MAT-file, has no variable {@code ff},
     *                          when {@code ff} is not a 560 x N uint8 matrix, or when the file is truncated
     */
    public static Split readAll(Path file) {
        ByteBuffer buf = ByteBuffer.wrap(readBytes(file));
        buf.order(checkHeader(file, buf));
        buf.position(HEADER_BYTES);
        List<String> seen = new ArrayList<>();
        while (buf.remaining() >= TAG_BYTES) {
            Element element = nextElement(file, buf);
            ByteBuffer matrix = switch (element.type()) {
                case MI_MATRIX -> element.data();
                case MI_COMPRESSED -> inflateMatrix(file, element);
                default -> null;
            };
            if (matrix == null) {
                continue;
            }
            Variable variable = readVariable(file, matrix);
            if (variable.name().equals(VARIABLE)) {
                return toFaces(file, variable);
            }
            seen.add(variable.name());
        }
        throw DatasetException.badFile(file, "no variable named '" + VARIABLE + "' (found "
                + (seen.isEmpty() ? "no variables" : "only " + String.join(", ", seen)) + ")");
    }

    /** One data element: its type and its bytes, positioned at the start of its data. */
    private record Element(int type, ByteBuffer data, int offset) {
    }

    /** The parts of a miMATRIX element this reader needs. */
    private record Variable(String name, int flags, int[] dims, Element real) {
    }

    private static byte[] readBytes(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw DatasetException.badFile(file, "too large for the Frey Face file: " + size + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw DatasetException.badFile(file, "file not found", e);
        } catch (IOException e) {
            throw DatasetException.badFile(file, "cannot be read: " + e, e);
        }
    }

    /** Checks the 128-byte header and returns the byte order its endian indicator names. */
    private static ByteOrder checkHeader(Path file, ByteBuffer buf) {
        String text = buf.limit() >= HEADER_TEXT_BYTES
                ? new String(buf.array(), 0, HEADER_TEXT_BYTES, StandardCharsets.ISO_8859_1) : "";
        if (text.startsWith(MAT73_TEXT)) {
            throw DatasetException.badFile(file, "a MATLAB 7.3 (HDF5) MAT-file, which this reader does not"
                    + " support; save it in MATLAB with -v7 or -v6");
        }
        if (buf.limit() < HEADER_BYTES || !text.startsWith(MAT5_TEXT)) {
            throw DatasetException.badFile(file, "not a MATLAB 5 MAT-file (it should start with the text '"
                    + MAT5_TEXT + "' and a 128-byte header)");
        }
        char e0 = (char) buf.get(ENDIAN_OFFSET);
        char e1 = (char) buf.get(ENDIAN_OFFSET + 1);
        if (e0 == 'I' && e1 == 'M') {
            return ByteOrder.LITTLE_ENDIAN;
        }
        if (e0 == 'M' && e1 == 'I') {
            return ByteOrder.BIG_ENDIAN;
        }
        throw DatasetException.badFile(file, "not a MATLAB 5 MAT-file: the endian indicator at byte "
                + ENDIAN_OFFSET + " is neither 'IM' nor 'MI'");
    }

    /**
     * Reads the element whose tag starts at the buffer's position and moves past it and its padding.
     * A tag whose upper 16 bits are not zero is a small element: the upper half is the byte count, the lower
     * half the type, and the data sits in the next 4 bytes.
     */
    private static Element nextElement(Path file, ByteBuffer buf) {
        int offset = buf.position();
        if (buf.remaining() < TAG_BYTES) {
            throw truncated(file, offset, TAG_BYTES, buf.remaining(), "a data element tag");
        }
        int first = buf.getInt();
        int type;
        int bytes;
        if ((first >>> 16) != 0) {
            type = first & 0xffff;
            bytes = first >>> 16;
            if (bytes > SMALL_DATA_BYTES) {
                throw DatasetException.badFile(file, "malformed element at byte " + offset
                        + ": a small element cannot hold " + bytes + " bytes");
            }
            ByteBuffer data = slice(buf, buf.position(), bytes);
            buf.position(buf.position() + SMALL_DATA_BYTES);
            return new Element(type, data, offset);
        }
        type = first;
        bytes = buf.getInt();
        if (bytes < 0 || bytes > buf.remaining()) {
            throw truncated(file, offset, bytes, buf.remaining(), "element data");
        }
        ByteBuffer data = slice(buf, buf.position(), bytes);
        // Compressed elements are not padded; every other element is padded to a multiple of 8 bytes.
        int padded = type == MI_COMPRESSED ? bytes : (bytes + TAG_BYTES - 1) / TAG_BYTES * TAG_BYTES;
        buf.position(Math.min(buf.limit(), buf.position() + padded));
        return new Element(type, data, offset);
    }

    private static ByteBuffer slice(ByteBuffer buf, int from, int length) {
        return buf.slice(from, length).order(buf.order());
    }

    private static DatasetException truncated(Path file, int offset, int expected, int found, String what) {
        return DatasetException.badFile(file, "truncated: " + what + " at byte " + offset + " needs "
                + expected + " bytes, found " + found);
    }

    /** Inflates a miCOMPRESSED element (MAT version 7) and returns the data of the miMATRIX inside. */
    private static ByteBuffer inflateMatrix(Path file, Element compressed) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed.data());
            byte[] out = new byte[Math.max(1024, compressed.data().remaining() * 4)];
            int length = 0;
            while (!inflater.finished()) {
                if (length == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                int n = inflater.inflate(out, length, out.length - length);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw truncated(file, compressed.offset(), compressed.data().capacity(),
                            compressed.data().capacity(), "compressed element (the zlib stream ends early)");
                }
                length += n;
            }
            ByteBuffer inner = ByteBuffer.wrap(out, 0, length).order(compressed.data().order());
            Element matrix = nextElement(file, inner);
            return matrix.type() == MI_MATRIX ? matrix.data() : null;
        } catch (DataFormatException e) {
            throw DatasetException.badFile(file, "corrupt compressed element at byte " + compressed.offset()
                    + ": " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    /** Reads the array flags, dimensions, name and real part of a miMATRIX element. */
    private static Variable readVariable(Path file, ByteBuffer matrix) {
        Element flags = expect(file, matrix, MI_UINT32, "array flags");
        Element dims = expect(file, matrix, MI_INT32, "dimensions");
        Element name = expect(file, matrix, MI_INT8, "array name");
        int[] shape = new int[dims.data().remaining() / Integer.BYTES];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dims.data().getInt();
        }
        byte[] nameBytes = new byte[name.data().remaining()];
        name.data().get(nameBytes);
        String varName = new String(nameBytes, StandardCharsets.US_ASCII);
        Element real = matrix.remaining() >= TAG_BYTES ? nextElement(file, matrix) : null;
        return new Variable(varName, flags.data().getInt(0), shape, real);
    }

    private static Element expect(Path file, ByteBuffer matrix, int type, String what) {
        Element element = nextElement(file, matrix);
        if (element.type() != type) {
            throw DatasetException.badFile(file, "malformed matrix: expected its " + what + " (type " + type
                    + ") at byte " + element.offset() + ", found element type " + element.type());
        }
        return element;
    }

    /** Checks that {@code ff} is a real uint8 matrix of 560 x N and turns its columns into faces. */
    private static Split toFaces(Path file, Variable ff) {
        ImageShape shape = ImageShape.FREY;
        int d = shape.pixels();
        int[] dims = ff.dims();
        if (dims.length != 2 || dims[0] != d || dims[1] <= TEST_FACES) {
            throw DatasetException.badFile(file, "wrong dimensions: variable '" + VARIABLE + "' is "
                    + String.join("x", Arrays.stream(dims).mapToObj(Integer::toString).toList())
                    + ", expected " + d + "xN (one " + shape + " face per column) with N > " + TEST_FACES);
        }
        int faceClass = ff.flags() & CLASS_MASK;
        if (faceClass != MX_UINT8_CLASS || (ff.flags() & COMPLEX_FLAG) != 0 || ff.real() == null
                || ff.real().type() != MI_UINT8) {
            throw DatasetException.badFile(file, "variable '" + VARIABLE + "' is not a real uint8 matrix"
                    + " (array class " + faceClass + ", expected " + MX_UINT8_CLASS + ")");
        }
        int count = dims[1];
        ByteBuffer data = ff.real().data();
        long expected = (long) d * count;
        if (data.remaining() != expected) {
            throw truncated(file, ff.real().offset(), (int) Math.min(Integer.MAX_VALUE, expected),
                    data.remaining(), "the data of '" + VARIABLE + "'");
        }
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        return new Split(UnitBytes.toUnitFloats(bytes), UnitBytes.unlabelled(count), shape);
    }
}

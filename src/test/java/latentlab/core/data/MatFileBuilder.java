package latentlab.core.data;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Writes small MATLAB 5 MAT-files for tests, element by element as the format describes: a 128-byte
 * header, then one miMATRIX element per variable (optionally wrapped in miCOMPRESSED). Names of up to
 * 4 bytes use the small element format, as MATLAB does.
 */
final class MatFileBuilder {
    static final int MI_INT8 = 1;
    static final int MI_UINT8 = 2;
    static final int MI_INT32 = 5;
    static final int MI_UINT32 = 6;
    static final int MI_DOUBLE = 9;
    static final int MI_MATRIX = 14;
    static final int MI_COMPRESSED = 15;
    static final int MX_DOUBLE_CLASS = 6;
    static final int MX_UINT8_CLASS = 9;

    private final ByteOrder order;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    MatFileBuilder(ByteOrder order) {
        this.order = order;
        byte[] header = new byte[128];
        Arrays.fill(header, 0, 116, (byte) ' ');
        byte[] text = "MATLAB 5.0 MAT-file, Platform: test, Created by MatFileBuilder".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, header, 0, text.length);
        ByteBuffer tail = ByteBuffer.wrap(header, 124, 4).order(order);
        tail.putShort((short) 0x0100);
        header[126] = (byte) (order == ByteOrder.LITTLE_ENDIAN ? 'I' : 'M');
        header[127] = (byte) (order == ByteOrder.LITTLE_ENDIAN ? 'M' : 'I');
        out.writeBytes(header);
    }

    /** Adds an uncompressed variable. */
    MatFileBuilder variable(String name, int arrayClass, int[] dims, int dataType, byte[] data) {
        out.writeBytes(matrix(name, arrayClass, dims, dataType, data));
        return this;
    }

    /** Adds a variable inside a miCOMPRESSED element, as MATLAB -v7 saves it. */
    MatFileBuilder compressedVariable(String name, int arrayClass, int[] dims, int dataType, byte[] data) {
        Deflater deflater = new Deflater();
        deflater.setInput(matrix(name, arrayClass, dims, dataType, data));
        deflater.finish();
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!deflater.finished()) {
            z.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();
        out.writeBytes(tag(MI_COMPRESSED, z.size()));
        out.writeBytes(z.toByteArray());
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** A uint8 matrix variable of rows x cols with the given column-major data. */
    MatFileBuilder uint8(String name, int rows, int cols, byte[] data) {
        return variable(name, MX_UINT8_CLASS, new int[] {rows, cols}, MI_UINT8, data);
    }

    private byte[] matrix(String name, int arrayClass, int[] dims, int dataType, byte[] data) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(element(MI_UINT32, buffer(8).putInt(arrayClass).putInt(0).array()));
        ByteBuffer dimBytes = buffer(4 * dims.length);
        for (int d : dims) {
            dimBytes.putInt(d);
        }
        body.writeBytes(element(MI_INT32, dimBytes.array()));
        body.writeBytes(element(MI_INT8, name.getBytes(StandardCharsets.US_ASCII)));
        body.writeBytes(element(dataType, data));
        return concat(tag(MI_MATRIX, body.size()), body.toByteArray());
    }

    /** A data element padded to 8 bytes; small-element format for up to 4 bytes. */
    private byte[] element(int type, byte[] data) {
        if (data.length <= 4 && data.length > 0) {
            ByteBuffer small = buffer(8).putInt(data.length << 16 | type);
            small.put(data);
            return small.array();
        }
        int padded = (data.length + 7) / 8 * 8;
        return concat(tag(type, data.length), Arrays.copyOf(data, padded));
    }

    private byte[] tag(int type, int bytes) {
        return buffer(8).putInt(type).putInt(bytes).array();
    }

    private ByteBuffer buffer(int n) {
        return ByteBuffer.allocate(n).order(order);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}

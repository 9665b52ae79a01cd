package latentlab.core.data;

import java.util.Arrays;

/** Conversions shared by the readers between 8-bit pixel bytes and intensities in [0, 1]. */
final class UnitBytes {
    /** The largest unsigned byte, which maps to intensity 1. */
    static final float BYTE_MAX = 255f;

    private UnitBytes() {
    }

    /** {@code UNIT[b] = b / 255f} for every unsigned byte b. */
    private static final float[] UNIT = new float[256];

    static {
        for (int b = 0; b < UNIT.length; b++) {
            UNIT[b] = b / BYTE_MAX;
        }
    }

    /** Unsigned bytes 0..255 to floats {@code byte / 255f}. */
    static float[] toUnitFloats(byte[] data) {
        float[] out = new float[data.length];
        toUnitFloats(data, data.length, out, 0);
        return out;
    }

    /** Converts {@code data[0 .. length)} into {@code out[at .. at + length)}. */
    static void toUnitFloats(byte[] data, int length, float[] out, int at) {
        for (int i = 0; i < length; i++) {
            out[at + i] = UNIT[data[i] & 0xff];
        }
    }

    /** Labels for {@code n} unlabelled images: all -1. */
    static int[] unlabelled(int n) {
        int[] labels = new int[n];
        Arrays.fill(labels, -1);
        return labels;
    }
}

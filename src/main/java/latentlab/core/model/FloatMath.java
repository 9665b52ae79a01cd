package latentlab.core.model;

/**
 * The transcendental functions of the float fast path, written so that HotSpot's C2 compiler turns
 * the loops that use them into SIMD code. {@code Math.exp} and {@code Math.log1p} are scalar calls of
 * 5 to 20 ns each; these are a fraction of a nanosecond per element in a vectorised loop, within
 * 2 ulp (exp) and 4 ulp (log1p) of the exact values.
 *
 * <p>Three rules make a loop vectorise with the JDK 25 compiler: no branches in its body (selections
 * are done with arithmetic, as in {@link #sigmoid}), no reinterpretation of a float's bits, and every
 * array indexed by the same expression (the loop index itself, so that the compiler need not prove
 * that two arrays do not overlap).
 */
final class FloatMath {
    /** exp's argument is clamped to this range: below, 2^k would be subnormal; above, infinite. */
    static final float EXP_MIN = -87.0f;
    static final float EXP_MAX = 88.0f;

    private static final float LOG2_E = 1.44269504f;
    private static final float LN2_HI = 0.693359375f;                            // ln 2 = LN2_HI + LN2_LO
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 * 2^23: adding it rounds a float below 2^22 in magnitude to an integer, held in the low mantissa bits. */
    private static final float ROUNDING = 12582912f;
    private static final int ROUNDING_BITS = 0x4B400000;

    private FloatMath() {
    }

    /**
     * out[i] = exp(x[i]) for i < n, with x clamped to [{@link #EXP_MIN}, {@link #EXP_MAX}] (so
     * exp(-100) gives 1.6e-38, not 3.7e-44). Cephes' expf: x = k ln2 + r with |r| <= ln2 / 2 and
     * exp(x) = 2^k exp(r). Three loops: C2 vectorises the first and the last, but not the bit
     * reinterpretation that builds 2^k, so that one is kept alone and short.
     * {@code x} and {@code out} must be different arrays.
     */
    static void exp(float[] x, float[] out, int n) {
        exp(x, out, 0, n);
    }

    /** The same for i in [from, to). */
    static void exp(float[] x, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = roundedLog2(clamp(x[i]));
        }
        for (int i = from; i < to; i++) {
            out[i] = twoToThe(out[i]);
        }
        for (int i = from; i < to; i++) {
            out[i] *= expOfRemainder(clamp(x[i]));
        }
    }

    /**
     * out[i] = exp(-|x[i]|), in (0, 1]: the one exponential that binary cross-entropy with logits,
     * the sigmoid and softplus need. {@code x} and {@code out} must be different arrays.
     */
    static void expMinusAbs(float[] x, float[] out, int n) {
        expMinusAbs(x, out, 0, n);
    }

    /** The same for i in [from, to). */
    static void expMinusAbs(float[] x, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = roundedLog2(clamp(-Math.abs(x[i])));
        }
        for (int i = from; i < to; i++) {
            out[i] = twoToThe(out[i]);
        }
        for (int i = from; i < to; i++) {
            out[i] *= expOfRemainder(clamp(-Math.abs(x[i])));
        }
    }

    /** v / ln2 + 1.5 * 2^23: the integer k nearest v / ln2, held in the low mantissa bits. */
    private static float roundedLog2(float v) {
        return v * LOG2_E + ROUNDING;
    }

    /** 2^k from {@link #roundedLog2}'s result, built from its exponent bits (v was clamped, so 2^k is normal). */
    private static float twoToThe(float rounded) {
        int k = Float.floatToRawIntBits(rounded) - ROUNDING_BITS;
        return Float.intBitsToFloat((k + 127) << 23);
    }

    /** exp(r) for r = v - k ln2, |r| <= ln2 / 2, by Cephes' degree-7 polynomial. */
    private static float expOfRemainder(float v) {
        float k = (v * LOG2_E + ROUNDING) - ROUNDING;
        float r = v - k * LN2_HI - k * LN2_LO;
        float p = 1.9875691500e-4f;
        p = p * r + 1.3981999507e-3f;
        p = p * r + 8.3334519073e-3f;
        p = p * r + 4.1665795894e-2f;
        p = p * r + 1.6666665459e-1f;
        p = p * r + 5.0000001201e-1f;
        return p * r * r + r + 1.0f;
    }

    /** log(1 + e) for e in [0, 1], as 2 atanh(s) with s = e / (2 + e) <= 1/3, by its series to s^17. */
    static float log1pOfUnit(float e) {
        float s = e / (2f + e);
        float z = s * s;
        float p = 1f / 17;
        p = p * z + 1f / 15;
        p = p * z + 1f / 13;
        p = p * z + 1f / 11;
        p = p * z + 1f / 9;
        p = p * z + 1f / 7;
        p = p * z + 1f / 5;
        p = p * z + 1f / 3;
        p = p * z + 1f;
        return 2f * s * p;
    }

    /**
     * sigmoid(a) given e = exp(-|a|): 1 / (1 + e) when a >= 0, e / (1 + e) when a < 0, so that
     * neither form overflows. The numerator, 1 or e, is max(e, step(a)) with step(a) = 1, 1/2, 0 for
     * a positive, zero, negative (at a = 0, e = 1): a selection without a branch.
     */
    static float sigmoid(float a, float e) {
        return Math.max(e, 0.5f + 0.5f * Math.signum(a)) / (1f + e);
    }

    /** softplus(a) = log(1 + exp(a)) = max(a, 0) + log1p(exp(-|a|)), given e = exp(-|a|). */
    static float softplus(float a, float e) {
        return Math.max(a, 0f) + log1pOfUnit(e);
    }

    private static float clamp(float x) {
        return Math.min(Math.max(x, EXP_MIN), EXP_MAX);
    }
}

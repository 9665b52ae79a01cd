package latentlab.core.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fast path's exp, log1p and sigmoid against java.lang.Math, over their whole ranges. */
class FloatMathTest {

    @Test
    void expIsWithinTwoUlpsOverTheWholeFloatRange() {
        int n = 200_001;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = FloatMath.EXP_MIN + (FloatMath.EXP_MAX - FloatMath.EXP_MIN) * i / (n - 1);
        }
        float[] y = new float[n];
        FloatMath.exp(x, y, n);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double exact = Math.exp(x[i]);
            worst = Math.max(worst, Math.abs(y[i] - exact) / exact);
        }
        assertTrue(worst < 1.2e-7, "worst relative error " + worst);             // 2 ulp is 1.19e-7
    }

    @Test
    void expClampsItsArgumentAndPassesNanThrough() {
        float[] x = {-1000f, -88f, 0f, -0f, 1000f, Float.NaN, Float.NEGATIVE_INFINITY};
        float[] y = new float[x.length];
        FloatMath.exp(x, y, x.length);
        float floor = (float) Math.exp(FloatMath.EXP_MIN);
        assertEquals(floor, y[0], floor * 1e-6);
        assertEquals(floor, y[1], floor * 1e-6);
        assertEquals(1f, y[2]);
        assertEquals(1f, y[3]);
        assertEquals((float) Math.exp(FloatMath.EXP_MAX), y[4], y[4] * 1e-6);
        assertTrue(Float.isNaN(y[5]));
        assertEquals(floor, y[6], floor * 1e-6);
    }

    @Test
    void expMinusAbsIsExpOfMinusTheMagnitude() {
        float[] x = {3f, -3f, 0.25f, -0.25f, 40f, -40f};
        float[] y = new float[x.length];
        FloatMath.expMinusAbs(x, y, x.length);
        for (int i = 0; i < x.length; i++) {
            double exact = Math.exp(-Math.abs(x[i]));
            assertEquals(exact, y[i], 1.2e-7 * exact, "exp(-|" + x[i] + "|)");
        }
    }

    @Test
    void log1pOfUnitIsWithinFourUlps() {
        double worst = 0;
        for (int i = 1; i <= 100_000; i++) {
            float e = i / 100_000f;
            double exact = Math.log1p(e);
            worst = Math.max(worst, Math.abs(FloatMath.log1pOfUnit(e) - exact) / exact);
        }
        assertTrue(worst < 2.4e-7, "worst relative error " + worst);
        assertEquals(1e-30f, FloatMath.log1pOfUnit(1e-30f), 1e-37f, "log1p(e) = e for tiny e, no cancellation");
        assertEquals(0f, FloatMath.log1pOfUnit(0f));
    }

    @Test
    void sigmoidIsAccurateOnBothSidesAndNeverOverflows() {
        double worst = 0;
        for (int i = -20_000; i <= 20_000; i++) {
            float a = i / 200f;                                                 // -100 .. 100
            float[] e = new float[1];
            FloatMath.expMinusAbs(new float[]{a}, e, 1);
            double exact = 1 / (1 + Math.exp(-(double) a));
            if (exact > 1e-30) {
                worst = Math.max(worst, Math.abs(FloatMath.sigmoid(a, e[0]) - exact) / exact);
            }
        }
        assertTrue(worst < 2.4e-7, "worst relative error " + worst);
        assertEquals(0.5f, FloatMath.sigmoid(0f, 1f));
        assertEquals(0.5f, FloatMath.sigmoid(-0f, 1f));
        assertEquals(1f, FloatMath.sigmoid(200f, 0f));
        assertEquals(0f, FloatMath.sigmoid(-200f, 0f));
        assertTrue(Float.isNaN(FloatMath.sigmoid(Float.NaN, Float.NaN)));
    }

    @Test
    void softplusIsLogOfOnePlusExp() {
        for (float a : new float[]{-30f, -2f, -1e-3f, 0f, 1e-3f, 2f, 30f}) {
            float[] e = new float[1];
            FloatMath.expMinusAbs(new float[]{a}, e, 1);
            double exact = Math.log1p(Math.exp(a));
            assertEquals(exact, FloatMath.softplus(a, e[0]), 2.4e-7 * exact, "softplus(" + a + ")");
        }
    }
}

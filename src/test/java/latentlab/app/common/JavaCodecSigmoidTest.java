package latentlab.app.common;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The views' table sigmoid against 1 / (1 + e^-x) in double precision. */
class JavaCodecSigmoidTest {
    private static double exact(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void itIsWithinFourMillionthsOfTheExactSigmoidEverywhere() {
        double worst = 0;
        for (double x = -40; x <= 40; x += 0.000731) {                                   // off the table's grid
            worst = Math.max(worst, Math.abs(JavaCodec.sigmoid((float) x) - exact((float) x)));
        }
        assertTrue(worst < 4e-6, "largest error " + worst);
    }

    @Test
    void itIsExactAtTheTablesEdgesAndBeyondAndKeepsNaN() {
        assertEquals(exact(-16), JavaCodec.sigmoid(-16f), 1e-7);
        assertEquals(exact(16), JavaCodec.sigmoid(16f), 1e-7);
        assertEquals(0f, JavaCodec.sigmoid(-200f));
        assertEquals(1f, JavaCodec.sigmoid(200f));
        assertEquals(0.5f, JavaCodec.sigmoid(0f), 1e-7);
        assertTrue(Float.isNaN(JavaCodec.sigmoid(Float.NaN)));
    }
}

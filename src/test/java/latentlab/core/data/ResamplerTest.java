package latentlab.core.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Resizing with a tent filter one output pixel wide: worked-out weights, bilinear when enlarging. */
class ResamplerTest {
    private static final float EPS = 1e-6f;

    @Test
    void halvingARowWeighsFourSourcePixelsByTheTent() {
        // output pixel 0 is centred at source position 1.0 with radius 2: taps 0.75, 0.75, 0.25 (and 0) over 1.75
        float[] out = Resampler.resample(new float[] {1, 0, 0, 0}, 1, 4, 1, 2);
        assertArrayEquals(new float[] {3f / 7, 0f}, out, EPS);
        out = Resampler.resample(new float[] {0, 0, 1, 0}, 1, 4, 1, 2);
        assertArrayEquals(new float[] {1f / 7, 3f / 7}, out, EPS);
    }

    @Test
    void doublingARowInterpolatesLinearlyAndClampsAtTheEdges() {
        float[] out = Resampler.resample(new float[] {0, 1}, 1, 2, 1, 4);
        assertArrayEquals(new float[] {0f, 0.25f, 0.75f, 1f}, out, EPS);
    }

    @Test
    void aConstantImageStaysConstantAtAnySize() {
        float[] grey = new float[560 * 560];
        java.util.Arrays.fill(grey, 0.3f);
        float[] out = Resampler.resample(grey, 560, 560, 323, 323);
        assertEquals(323 * 323, out.length);
        for (float v : out) {
            assertEquals(0.3f, v, 1e-5f);
        }
    }

    @Test
    void reducingKeepsTheInkOfOnePixelWideStrokes() {
        // a vertical stroke one pixel wide every 7 columns: dropping columns could miss every stroke
        int rows = 8;
        int cols = 70;
        float[] grey = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 3; c < cols; c += 7) {
                grey[r * cols + c] = 1f;
            }
        }
        float[] out = Resampler.resample(grey, rows, cols, rows, 10);
        for (int c = 0; c < 10; c++) {
            assertEquals(1f / 7, out[c], 0.03f, "column " + c);
        }
    }

    @Test
    void aCropIsResampledFromItsOwnPixelsOnly() {
        float[] image = {
            9, 9, 9, 9,
            9, 1, 2, 9,
            9, 3, 4, 9,
        };
        assertArrayEquals(new float[] {1, 2, 3, 4}, Resampler.resample(image, 4, 1, 1, 2, 2, 2, 2), EPS);
    }

    @Test
    void emptySizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Resampler.resample(new float[4], 2, 2, 0, 2));
    }
}

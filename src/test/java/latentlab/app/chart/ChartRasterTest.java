package latentlab.app.chart;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The chart's plain-Java drawing against values worked out by hand. */
class ChartRasterTest {
    private static final int WHITE = 0xFFFFFF;
    private static final int BLACK = 0x000000;

    private static int grey(ChartRaster r, int x, int y) {
        return r.pixels()[y * r.width() + x] & 0xFF;                                 // blue channel; all equal here
    }

    @Test
    void aRectangleBlendsItsColourAtItsOpacityOverExactlyThePixelsItCovers() {
        ChartRaster r = new ChartRaster(10, 20, 40, 30, 1);
        r.fill(WHITE);

        r.fillRect(15, 25, 3, 2, BLACK, 0.25);                                      // pixels x 5..7, y 5..6

        assertEquals(191, grey(r, 5, 5), "255 * 0.75, rounded");
        assertEquals(191, grey(r, 7, 6));
        assertEquals(255, grey(r, 8, 5), "right of it");
        assertEquals(255, grey(r, 5, 7), "below it");
        assertEquals(255, grey(r, 4, 5), "left of it");
        assertEquals(0xFF000000, r.pixels()[5 * 40 + 5] & 0xFF000000, "pixels stay opaque");
    }

    @Test
    void aRectangleOutsideTheRasterIsClippedAway() {
        ChartRaster r = new ChartRaster(0, 0, 10, 10, 1);
        r.fill(WHITE);

        r.fillRect(-5, -5, 7, 100, BLACK, 1);                                      // x -5..1, y all

        assertEquals(0, grey(r, 0, 0));
        assertEquals(0, grey(r, 1, 9));
        assertEquals(255, grey(r, 2, 0));
    }

    @Test
    void aTwoPixelLineOnARowBoundaryCoversTheTwoRowsBesideItFullyAndNoOthers() {
        ChartRaster r = new ChartRaster(0, 0, 60, 20, 1);
        r.fill(WHITE);

        r.polyline(new double[] {5, 50}, new double[] {10, 10}, 2, 2, BLACK, 1);

        for (int x = 6; x < 50; x++) {
            assertEquals(0, grey(r, x, 9), "row 9 at x = " + x);
            assertEquals(0, grey(r, x, 10), "row 10 at x = " + x);
            assertEquals(255, grey(r, x, 8), "row 8 at x = " + x);
            assertEquals(255, grey(r, x, 11), "row 11 at x = " + x);
        }
        assertEquals(255, grey(r, 55, 10), "past the line's end");
    }

    @Test
    void aPolylinesJointIsBlendedOnceLikeTheRestOfTheLine() {
        ChartRaster r = new ChartRaster(0, 0, 60, 60, 1);
        r.fill(WHITE);

        r.polyline(new double[] {5, 30, 30}, new double[] {30, 30, 5}, 3, 2, BLACK, 0.5);

        int middleOfFirst = grey(r, 15, 30);
        assertEquals(128, middleOfFirst, "255 * 0.5 = 127.5, rounded up");
        assertEquals(middleOfFirst, grey(r, 29, 29), "the corner, covered by both segments");
        assertEquals(middleOfFirst, grey(r, 30, 15), "the middle of the second segment");
    }

    @Test
    void aDotCoversAboutPiRSquaredPixels() {
        ChartRaster r = new ChartRaster(0, 0, 40, 40, 1);
        r.fill(WHITE);

        r.dots(new double[] {20}, new double[] {20}, 1, 5, BLACK);

        double covered = 0;
        for (int p : r.pixels()) {
            covered += (255 - (p & 0xFF)) / 255.0;
        }
        assertEquals(Math.PI * 25, covered, Math.PI * 25 * 0.03);
        assertEquals(0, grey(r, 19, 19), "the centre is fully covered");
        assertEquals(255, grey(r, 20, 26), "past the radius");
    }

    @Test
    void atTwicePixelDensityAUnitSquareIsTwoByTwoPixels() {
        ChartRaster r = new ChartRaster(0, 0, 20, 20, 2);
        r.fill(WHITE);

        r.fillRect(3, 4, 1, 1, BLACK, 1);

        assertEquals(0, grey(r, 6, 8));
        assertEquals(0, grey(r, 7, 9));
        assertEquals(255, grey(r, 8, 9));
        assertEquals(255, grey(r, 6, 10));
    }

    @Test
    void anEmptyRasterIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ChartRaster(0, 0, 0, 10, 1));
    }
}

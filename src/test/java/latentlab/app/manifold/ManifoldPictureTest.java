package latentlab.app.manifold;

import latentlab.app.common.FxImages;
import latentlab.core.data.ImageShape;
import latentlab.core.explore.ManifoldGrid;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The manifold's picture is drawn at the size it is shown: reduced to fit by area averaging, never enlarged. */
class ManifoldPictureTest {
    /** n*n images, each of one grey: cell k has intensity k / (n*n). */
    private static float[] cells(int n, ImageShape shape) {
        float[] images = new float[n * n * shape.pixels()];
        for (int k = 0; k < n * n; k++) {
            java.util.Arrays.fill(images, k * shape.pixels(), (k + 1) * shape.pixels(), (float) k / (n * n));
        }
        return images;
    }

    private static ManifoldGrid grid(int n) {
        return ManifoldGrid.linear(n, 0, 1, new float[2], -1, 1, -1, 1);
    }

    private static int grey(int argb) {
        return argb & 0xff;
    }

    @Test
    void aGridThatFitsIsShownAtItsOwnSizePixelForPixel() {
        float[] images = cells(4, ImageShape.MNIST);
        ManifoldViewModel.Rendered r = ManifoldViewModel.picture(grid(4), ImageShape.MNIST, images, 200, 150);
        assertEquals(112, r.argbWidth());
        assertEquals(112, r.argbHeight());
        assertArrayEquals(FxImages.tileArgb(images, 16, ImageShape.MNIST, 4), r.argb());
        for (int y = 0; y < 112; y++) {
            for (int x = 0; x < 112; x++) {
                int k = (y / 28) * 4 + x / 28;                                             // every pixel is its cell's grey
                assertEquals(Math.round(255f * k / 16), grey(r.argb()[y * 112 + x]), "pixel " + x + ", " + y);
            }
        }
        r = ManifoldViewModel.picture(grid(4), ImageShape.MNIST, images, 0, 0);       // no view size known yet
        assertEquals(112, r.argbWidth());
    }

    @Test
    void aLargerGridIsReducedToTheViewKeepingSquarePixelsAndEachCellsGrey() {
        float[] images = cells(4, ImageShape.MNIST);
        ManifoldViewModel.Rendered r = ManifoldViewModel.picture(grid(4), ImageShape.MNIST, images, 80, 56);
        assertEquals(56, r.argbWidth());                                                   // 112 x 112 halved to fit 56 high
        assertEquals(56, r.argbHeight());
        assertEquals(112, r.width());                                                      // the grid's own size, for hovering
        for (int k = 0; k < 16; k++) {
            int x = (k % 4) * 14 + 7;                                                      // the middle of cell k, 14 pixels a side
            int y = (k / 4) * 14 + 7;
            assertEquals(Math.round(255f * k / 16), grey(r.argb()[y * 56 + x]), 1, "cell " + k);
        }
        assertArrayEquals(images, r.images());                                            // the images, for the PNG export
    }

    @Test
    void aTallGridOfFreyFacesKeepsItsAspect() {
        ImageShape frey = new ImageShape(28, 20);
        ManifoldViewModel.Rendered r = ManifoldViewModel.picture(grid(10), frey, cells(10, frey), 300, 300);
        assertEquals(280, r.argbHeight());                                                 // 280 high fits, 200 wide
        assertEquals(200, r.argbWidth());
        r = ManifoldViewModel.picture(grid(10), frey, cells(10, frey), 100, 300);
        assertEquals(100, r.argbWidth());
        assertEquals(140, r.argbHeight());
    }
}

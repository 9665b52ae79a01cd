package latentlab.app.common;

import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import latentlab.core.data.ImageShape;
import latentlab.core.explore.ImageTiles;

import java.awt.image.BufferedImage;

/**
 * Shows model images (intensities in [0, 1]) in JavaFX. Pixels are written directly as grey ARGB
 * into a {@link WritableImage}: exact (no colour-space conversion) and the fastest path.
 */
public final class FxImages {
    private static final int OPAQUE = 0xFF000000;
    private static final int BYTE_MAX = 255;

    private FxImages() {
    }

    /** One image of {@code shape}, from {@code pixels[offset ..]}. */
    public static WritableImage grey(float[] pixels, int offset, ImageShape shape) {
        WritableImage image = new WritableImage(shape.cols(), shape.rows());
        int[] argb = new int[shape.pixels()];
        for (int i = 0; i < argb.length; i++) {
            argb[i] = argb(pixels[offset + i]);
        }
        image.getPixelWriter().setPixels(0, 0, shape.cols(), shape.rows(), PixelFormat.getIntArgbPreInstance(),
                argb, 0, shape.cols());
        return image;
    }

    /** One image of {@code shape}. */
    public static WritableImage grey(float[] pixels, ImageShape shape) {
        return grey(pixels, 0, shape);
    }

    /**
     * {@code rows x cols} images laid out row by row without gaps, as one image: the manifold grid.
     * The ARGB array is computed off the UI thread by {@link #tileArgb}; this only copies it in.
     */
    public static WritableImage fromArgb(int[] argb, int width, int height) {
        WritableImage image = new WritableImage(width, height);
        image.getPixelWriter().setPixels(0, 0, width, height, PixelFormat.getIntArgbPreInstance(), argb, 0, width);
        return image;
    }

    /**
     * The same, written into {@code reuse} when that is a writable image of this size: the renderer
     * then updates the texture it has instead of allocating a new one for every refresh.
     */
    public static WritableImage intoArgb(Image reuse, int[] argb, int width, int height) {
        if (reuse instanceof WritableImage w && w.getWidth() == width && w.getHeight() == height) {
            w.getPixelWriter().setPixels(0, 0, width, height, PixelFormat.getIntArgbPreInstance(), argb, 0, width);
            return w;
        }
        return fromArgb(argb, width, height);
    }

    /** Grey ARGB of {@code count} images tiled {@code cols} to a row, no gaps; width cols*shape.cols(). */
    public static int[] tileArgb(float[] images, int count, ImageShape shape, int cols) {
        return argb(ImageTiles.tileGrey(images, count, shape, cols));
    }

    /** Opaque grey ARGB of each intensity. */
    public static int[] argb(float[] grey) {
        int[] argb = new int[grey.length];
        for (int i = 0; i < grey.length; i++) {
            argb[i] = argb(grey[i]);
        }
        return argb;
    }

    /** Opaque grey for an intensity, clamped to [0, 1]. */
    public static int argb(float v) {
        int g = Math.round(Math.clamp(v, 0f, 1f) * BYTE_MAX);
        return OPAQUE | g << 16 | g << 8 | g;
    }

    /** What a node shows now, as an AWT image for writing; call on the FX thread. */
    public static BufferedImage snapshot(Node node) {
        SnapshotParameters params = new SnapshotParameters();
        WritableImage image = node.snapshot(params, null);
        return SwingFXUtils.fromFXImage(image, null);
    }
}

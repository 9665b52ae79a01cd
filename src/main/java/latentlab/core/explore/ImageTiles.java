package latentlab.core.explore;

import latentlab.core.data.AtomicFiles;
import latentlab.core.data.ImageShape;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Lays decoded images out as a tiled greyscale picture and writes PNGs. */
public final class ImageTiles {
    private ImageTiles() {
    }

    /**
     * Tiles {@code count} images (values in [0, 1], one after another) into {@code cols} columns,
     * each pixel scaled up {@code scale} times, with a {@code gap}-pixel border between tiles.
     */
    public static BufferedImage tile(float[] images, int count, ImageShape shape, int cols, int scale, int gap) {
        int rows = (count + cols - 1) / cols;
        int tw = shape.cols() * scale;
        int th = shape.rows() * scale;
        int width = cols * tw + (cols + 1) * gap;
        int height = rows * th + (rows + 1) * gap;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        var raster = img.getRaster();
        int d = shape.pixels();
        for (int k = 0; k < count; k++) {
            int x0 = gap + (k % cols) * (tw + gap);
            int y0 = gap + (k / cols) * (th + gap);
            for (int r = 0; r < shape.rows(); r++) {
                for (int c = 0; c < shape.cols(); c++) {
                    float v = images[k * d + r * shape.cols() + c];
                    int g = Math.round(255 * Math.max(0f, Math.min(1f, v)));
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            raster.setSample(x0 + c * scale + dx, y0 + r * scale + dy, 0, g);
                        }
                    }
                }
            }
        }
        return img;
    }

    /**
     * Tiles {@code count} images into {@code cols} columns without gaps, as one greyscale image of
     * {@code cols * shape.cols()} values a row (empty tiles of the last row are 0).
     */
    public static float[] tileGrey(float[] images, int count, ImageShape shape, int cols) {
        int rows = (count + cols - 1) / cols;
        int width = cols * shape.cols();
        float[] out = new float[width * rows * shape.rows()];
        int d = shape.pixels();
        for (int k = 0; k < count; k++) {
            int x0 = (k % cols) * shape.cols();
            int y0 = (k / cols) * shape.rows();
            for (int r = 0; r < shape.rows(); r++) {
                System.arraycopy(images, k * d + r * shape.cols(), out, (y0 + r) * width + x0, shape.cols());
            }
        }
        return out;
    }

    /** Writes a PNG atomically (to a temporary file beside it, then moved into place). */
    public static void writePng(BufferedImage image, Path file) {
        try {
            AtomicFiles.write(file, out -> {
                if (!ImageIO.write(image, "png", out)) {
                    throw new IOException("no PNG writer available");
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }
}

package latentlab.app.chart;

import java.util.Arrays;

/**
 * The loss chart's plot area drawn in plain Java into one array of opaque ARGB pixels, which the chart
 * then shows with a single image draw.
 *
 * <p>Why not the canvas's own shapes: in JavaFX's software renderer (machines without a usable GPU, and
 * the headless tests) every rectangle is a separate primitive with its own overhead, and every stroked
 * line goes through the Marlin rasteriser, whose main loop the JIT compiler recompiled a dozen times in
 * one 40-second benchmark. Painting the chart after a redraw of three dense curves (about 2,000 rectangles
 * and six polylines) took the renderer 16 ms on average and up to 72 ms, in the frames where the window's
 * figures change. Here each curve is a loop over the pixels it touches.
 *
 * <p>Lines are anti-aliased by coverage: a pixel whose centre is at distance d from the line's centre
 * line is covered by {@code clamp(width / 2 + 1/2 - d, 0, 1)}. A polyline keeps, per pixel, the largest
 * coverage of any of its segments before it is blended in, so its joints are not drawn twice.
 *
 * <p>Coordinates are in the canvas's units; the raster covers the rectangle from {@code (x0, y0)} of
 * {@code width x height} units, at {@code scale} pixels per unit (the screen's output scale). Not
 * thread-safe; the FX thread's.
 */
final class ChartRaster {
    private final double x0;
    private final double y0;
    private final double scale;
    private final int width;
    private final int height;
    private final int[] argb;                                                    // [height, width], opaque
    private final float[] coverage;                                              // [height, width], one shape at a time
    private int minX;
    private int minY;
    private int maxX;
    private int maxY;

    /**
     * @param x0     left edge, in canvas units
     * @param y0     top edge, in canvas units
     * @param width  width in pixels
     * @param height height in pixels
     * @param scale  pixels per canvas unit
     */
    ChartRaster(double x0, double y0, int width, int height, double scale) {
        if (width < 1 || height < 1 || !(scale > 0)) {
            throw new IllegalArgumentException("a raster of at least 1 x 1 pixels and a positive scale, found "
                    + width + " x " + height + " at " + scale);
        }
        this.x0 = x0;
        this.y0 = y0;
        this.scale = scale;
        this.width = width;
        this.height = height;
        this.argb = new int[width * height];
        this.coverage = new float[width * height];
        resetBox();
    }

    /** Left edge, in canvas units. */
    double x0() {
        return x0;
    }

    /** Top edge, in canvas units. */
    double y0() {
        return y0;
    }

    /** Pixels per canvas unit. */
    double scale() {
        return scale;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** Whether this raster is the one to draw a rectangle of {@code width x height} pixels at (x0, y0). */
    boolean fits(double x0, double y0, int width, int height, double scale) {
        return this.x0 == x0 && this.y0 == y0 && this.width == width && this.height == height && this.scale == scale;
    }

    /** The pixels, row-major, 0xAARRGGBB with AA = FF (so premultiplied and straight ARGB are the same). */
    int[] pixels() {
        return argb;
    }

    /** Paints every pixel {@code rgb} (0xRRGGBB). */
    void fill(int rgb) {
        Arrays.fill(argb, 0xFF000000 | rgb);
    }

    /**
     * Blends {@code rgb} at {@code alpha} over the pixels whose centres lie in the rectangle (canvas units),
     * clipped to the raster.
     */
    void fillRect(double x, double y, double w, double h, int rgb, double alpha) {
        int ax = Math.max(0, (int) Math.round((x - x0) * scale));
        int bx = Math.min(width, (int) Math.round((x + w - x0) * scale));
        int ay = Math.max(0, (int) Math.round((y - y0) * scale));
        int by = Math.min(height, (int) Math.round((y + h - y0) * scale));
        for (int py = ay; py < by; py++) {
            for (int px = ax; px < bx; px++) {
                blend(py * width + px, rgb, alpha);
            }
        }
    }

    /**
     * An anti-aliased polyline through the first {@code n} points, {@code lineWidth} canvas units wide,
     * blended at {@code alpha}.
     */
    void polyline(double[] xs, double[] ys, int n, double lineWidth, int rgb, double alpha) {
        double half = lineWidth * scale / 2;
        if (n == 1) {
            disc(px(xs[0]), py(ys[0]), half);
        }
        for (int i = 0; i + 1 < n; i++) {
            segment(px(xs[i]), py(ys[i]), px(xs[i + 1]), py(ys[i + 1]), half);
        }
        composite(rgb, alpha);
    }

    /** Anti-aliased filled circles of {@code radius} canvas units around the first {@code n} points. */
    void dots(double[] xs, double[] ys, int n, double radius, int rgb) {
        for (int i = 0; i < n; i++) {
            disc(px(xs[i]), py(ys[i]), radius * scale);
        }
        composite(rgb, 1);
    }

    // ------------------------------------------------------------------------------------------

    private double px(double x) {
        return (x - x0) * scale;
    }

    private double py(double y) {
        return (y - y0) * scale;
    }

    /** Coverage of the segment (ax, ay)-(bx, by) in pixel units, with half-width {@code half}. */
    private void segment(double ax, double ay, double bx, double by, double half) {
        double dx = bx - ax;
        double dy = by - ay;
        double len2 = dx * dx + dy * dy;
        double reach = half + 1;
        int fromX = Math.max(0, (int) Math.floor(Math.min(ax, bx) - reach));
        int toX = Math.min(width - 1, (int) Math.ceil(Math.max(ax, bx) + reach));
        int fromY = Math.max(0, (int) Math.floor(Math.min(ay, by) - reach));
        int toY = Math.min(height - 1, (int) Math.ceil(Math.max(ay, by) + reach));
        for (int y = fromY; y <= toY; y++) {
            double cy = y + 0.5;
            for (int x = fromX; x <= toX; x++) {
                double cx = x + 0.5;
                double t = len2 == 0 ? 0 : Math.clamp(((cx - ax) * dx + (cy - ay) * dy) / len2, 0, 1);
                double ex = cx - (ax + t * dx);
                double ey = cy - (ay + t * dy);
                cover(x, y, half + 0.5 - Math.sqrt(ex * ex + ey * ey));
            }
        }
    }

    /** Coverage of the disc of {@code radius} pixels around (cx, cy). */
    private void disc(double cx, double cy, double radius) {
        segment(cx, cy, cx, cy, radius);
    }

    private void cover(int x, int y, double c) {
        if (c <= 0) {
            return;
        }
        int i = y * width + x;
        float v = (float) Math.min(1, c);
        if (v > coverage[i]) {
            coverage[i] = v;
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
        }
    }

    /** Blends {@code rgb} into every covered pixel by its coverage times {@code alpha}, and clears the coverage. */
    private void composite(int rgb, double alpha) {
        for (int y = minY; y <= maxY; y++) {
            for (int x = minX; x <= maxX; x++) {
                int i = y * width + x;
                float c = coverage[i];
                if (c > 0) {
                    blend(i, rgb, alpha * c);
                    coverage[i] = 0;
                }
            }
        }
        resetBox();
    }

    private void resetBox() {
        minX = Integer.MAX_VALUE;
        minY = Integer.MAX_VALUE;
        maxX = -1;
        maxY = -1;
    }

    /** Source-over of an opaque colour at {@code a} onto the opaque pixel i. */
    private void blend(int i, int rgb, double a) {
        int d = argb[i];
        argb[i] = 0xFF000000
                | mix((rgb >> 16) & 0xFF, (d >> 16) & 0xFF, a) << 16
                | mix((rgb >> 8) & 0xFF, (d >> 8) & 0xFF, a) << 8
                | mix(rgb & 0xFF, d & 0xFF, a);
    }

    private static int mix(int src, int dst, double a) {
        return (int) Math.round(src * a + dst * (1 - a));
    }
}

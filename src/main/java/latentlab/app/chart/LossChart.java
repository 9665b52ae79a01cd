package latentlab.app.chart;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;
import latentlab.app.common.CanvasTheme;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The loss curves drawn on a canvas: smoothed per-step curves over a faint band of the raw values,
 * the test curve with a dot per epoch, axes with labels in nats per image, and a linear or log y axis.
 * It draws a downsampled view ({@link Downsampler}) of the full {@link LossHistory}, and only when
 * the history or the view changed, so that it stays smooth at any length. The plot's grid and curves
 * are drawn into pixels in plain Java ({@link ChartRaster}) and shown as one image; the frame and the
 * text are the canvas's own.
 */
public final class LossChart extends Region {
    private static final double RAW_OPACITY = 0.22;
    private static final double TOP = 10;
    private static final double RIGHT = 14;
    private static final int TARGET_TICKS = 6;
    private static final double PAD_FRACTION = 0.05;
    private static final double DOT_RADIUS = 3;
    /** How far (pixels) a simplified line may stray from the full one: invisible, and each vertex dropped
     *  is a segment fewer to rasterise. */
    private static final double SIMPLIFY_TOLERANCE_PX = 0.3;
    private static final double MIN_LOG_VALUE = 1e-3;

    private final Canvas canvas = new Canvas();
    private final LossHistory history;
    private final Map<LossSeries, BooleanProperty> shown = new EnumMap<>(LossSeries.class);
    private final BooleanProperty logScale = new SimpleBooleanProperty(this, "logScale");
    private final ObjectProperty<CanvasTheme> theme = new SimpleObjectProperty<>(this, "theme", CanvasTheme.NORMAL);
    private final ReadOnlyIntegerWrapper drawnPoints = new ReadOnlyIntegerWrapper(this, "drawnPoints");
    private long drawnVersion = -1;
    private boolean dirty = true;
    private ChartRaster raster;                                                  // the plot's pixels
    private WritableImage image;                                                 // the raster, shown

    public LossChart(LossHistory history) {
        this.history = history;
        getStyleClass().add("loss-chart");
        getChildren().add(canvas);
        for (LossSeries s : LossSeries.values()) {
            BooleanProperty p = new SimpleBooleanProperty(this, s.name(), true);
            p.addListener((obs, was, is) -> invalidate());
            shown.put(s, p);
        }
        logScale.addListener((obs, was, is) -> invalidate());
        theme.addListener((obs, was, is) -> invalidate());
        widthProperty().addListener((obs, was, is) -> invalidate());
        heightProperty().addListener((obs, was, is) -> invalidate());
        setMinSize(0, 0);
    }

    // --- Properties ----------------------------------------------------------------------------

    /** Whether a curve is drawn. */
    public BooleanProperty shownProperty(LossSeries s) {
        return shown.get(s);
    }

    /** Whether the y axis is logarithmic. */
    public BooleanProperty logScaleProperty() {
        return logScale;
    }

    public ObjectProperty<CanvasTheme> themeProperty() {
        return theme;
    }

    /** How many points the last redraw drew, over all curves; at most a few per pixel column. */
    public ReadOnlyIntegerProperty drawnPointsProperty() {
        return drawnPoints.getReadOnlyProperty();
    }

    public LossHistory history() {
        return history;
    }

    // --- Drawing -------------------------------------------------------------------------------

    /**
     * Asks for a redraw: at the next {@link #redrawIfNeeded()}, or else at the next layout pass, which this
     * requests, so that a toggle or a resize is drawn while the window's frame loop sleeps.
     */
    public void invalidate() {
        dirty = true;
        requestLayout();
    }

    /** Redraws if the history or the view changed since the last redraw; call once per frame. */
    public void redrawIfNeeded() {
        if (dirty || drawnVersion != history.version()) {
            redraw();
        }
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(Math.floor(getWidth()));
        canvas.setHeight(Math.floor(getHeight()));
        redrawIfNeeded();
    }

    private void redraw() {
        dirty = false;
        drawnVersion = history.version();
        CanvasTheme t = theme.get();
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(t.background());
        g.fillRect(0, 0, w, h);
        double left = t.fontSize() * 4.6;
        double bottom = t.fontSize() * 3.2;
        double plotW = w - left - RIGHT;
        double plotH = h - TOP - bottom;
        if (plotW < 10 || plotH < 10) {
            return;
        }
        boolean log = logScale.get();
        double xMax = Math.max(1, Math.ceil(history.lastX()));
        double[] yRange = yRange(log);
        Axis x = new Axis(0, xMax, left, left + plotW, false);
        Axis y = new Axis(yRange[0], yRange[1], TOP + plotH, TOP, log);
        ChartRaster r = raster(t, left, plotW, plotH);
        drawGrid(r, t, x, y, left, plotW, plotH);
        // no clip: points are clamped to the plot instead, which only matters below a log axis's floor
        int points = 0;
        int columns = (int) Math.ceil(plotW);
        for (LossSeries s : LossSeries.values()) {
            if (!shown.get(s).get() || history.size(s) == 0) {
                continue;
            }
            int colour = rgb(t.colour(s.ordinal()));
            if (s.perIteration()) {
                points += history.size(s) > columns
                        ? spans(r, colour, Downsampler.columnSpans(history.xs(s), history.raw(s), history.size(s), 0,
                                xMax, columns, log), x, y)
                        : polyline(r, colour, RAW_OPACITY, 1, Downsampler.m4(history.xs(s), history.raw(s),
                                history.size(s), 0, xMax, columns, log), x, y);
            }
            double[] line = history.size(s) > columns
                    ? Downsampler.columnMiddles(history.xs(s), history.smoothed(s), history.size(s), 0, xMax, columns, log)
                    : Downsampler.m4(history.xs(s), history.smoothed(s), history.size(s), 0, xMax, columns, log);
            points += polyline(r, colour, 1, t.lineWidth(), line, x, y);
            if (!s.perIteration()) {
                double[][] p = toPixels(line, x, y);
                r.dots(p[0], p[1], p[0].length, DOT_RADIUS, colour);
            }
        }
        image.getPixelWriter().setPixels(0, 0, r.width(), r.height(), PixelFormat.getIntArgbPreInstance(), r.pixels(), 0,
                r.width());
        g.drawImage(image, r.x0(), r.y0(), r.width() / r.scale(), r.height() / r.scale());
        drawLabels(g, t, x, y, left, plotW, plotH);
        drawnPoints.set(points);
    }

    /**
     * The raster for a plot of {@code plotW x plotH} at {@code left}: the plot and a margin for the lines
     * and dots at its edges, at the screen's output scale; made again only when that changes.
     */
    private ChartRaster raster(CanvasTheme t, double left, double plotW, double plotH) {
        double margin = Math.ceil(Math.max(t.lineWidth(), 2 * DOT_RADIUS));
        double x0 = Math.floor(left - margin);
        double y0 = Math.floor(TOP - margin);
        double scale = getScene() != null && getScene().getWindow() != null ? getScene().getWindow().getOutputScaleX() : 1;
        int pw = (int) Math.ceil((plotW + 2 * margin) * scale);
        int ph = (int) Math.ceil((plotH + 2 * margin) * scale);
        if (raster == null || !raster.fits(x0, y0, pw, ph, scale)) {
            raster = new ChartRaster(x0, y0, pw, ph, scale);
            image = new WritableImage(pw, ph);
        }
        raster.fill(rgb(t.background()));
        return raster;
    }

    /** 0xRRGGBB of an opaque colour. */
    static int rgb(Color c) {
        return (int) Math.round(c.getRed() * 255) << 16 | (int) Math.round(c.getGreen() * 255) << 8
                | (int) Math.round(c.getBlue() * 255);
    }

    /** The points {x0, y0, x1, y1, ...} as pixel columns {xs, ys}, moved inside the plot. */
    private static double[][] toPixels(double[] xy, Axis x, Axis y) {
        int n = xy.length / 2;
        double[] px = new double[n];
        double[] py = new double[n];
        for (int i = 0; i < n; i++) {
            px[i] = clampToPlot(x.toPixel(xy[2 * i]), x);
            py[i] = clampToPlot(y.toPixel(xy[2 * i + 1]), y);
        }
        return new double[][] {px, py};
    }

    private static int polyline(ChartRaster r, int colour, double alpha, double width, double[] xy, Axis x, Axis y) {
        double[][] p = toPixels(xy, x, y);
        int kept = Downsampler.simplify(p[0], p[1], p[0].length, SIMPLIFY_TOLERANCE_PX);
        r.polyline(p[0], p[1], kept, width, colour, alpha);
        return kept;
    }

    /**
     * A dense curve's raw values as one 1-pixel-wide bar per column, from its lowest to its highest
     * value there: the same pixels as the line through them.
     */
    private static int spans(ChartRaster r, int colour, double[] loHi, Axis x, Axis y) {
        int columns = loHi.length / 2;
        double left = Math.min(x.p0(), x.p1());
        double width = Math.abs(x.p1() - x.p0()) / columns;
        int drawn = 0;
        for (int c = 0; c < columns; c++) {
            if (Double.isNaN(loHi[2 * c])) {
                continue;
            }
            double a = clampToPlot(y.toPixel(loHi[2 * c]), y);
            double b = clampToPlot(y.toPixel(loHi[2 * c + 1]), y);
            double top = Math.floor(Math.min(a, b));
            double bottom = Math.max(top + 1, Math.ceil(Math.max(a, b)));
            r.fillRect(Math.floor(left + c * width), top, 1, bottom - top, colour, RAW_OPACITY);
            drawn += 2;
        }
        return drawn;
    }

    /** A pixel coordinate moved inside the axis's span; NaN (a log of zero or less) goes to its low end. */
    private static double clampToPlot(double pixel, Axis a) {
        double lo = Math.min(a.p0(), a.p1());
        double hi = Math.max(a.p0(), a.p1());
        return Double.isNaN(pixel) ? a.p0() : Math.clamp(pixel, lo, hi);
    }

    /** The y range over every curve shown, padded; for log, over positive values. */
    private double[] yRange(boolean log) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (LossSeries s : LossSeries.values()) {
            if (!shown.get(s).get()) {
                continue;
            }
            double[] raw = history.raw(s);
            for (int i = 0; i < history.size(s); i++) {
                double v = raw[i];
                if (Double.isFinite(v) && (!log || v > 0)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo > hi) {
            return log ? new double[] {1, 1000} : new double[] {0, 1};
        }
        if (log) {
            lo = Math.max(lo, MIN_LOG_VALUE);
            double a = Math.floor(Math.log10(lo));
            double b = Math.ceil(Math.log10(hi) + 1e-9);
            return new double[] {Math.pow(10, a), Math.pow(10, Math.max(b, a + 1))};
        }
        double pad = Math.max(hi - lo, Math.abs(hi) * 0.1 + 1e-9) * PAD_FRACTION;
        return new double[] {lo - pad, hi + pad};
    }

    /** The grid lines, 1 pixel wide, under the curves. */
    private static void drawGrid(ChartRaster r, CanvasTheme t, Axis x, Axis y, double left, double plotW, double plotH) {
        int grid = rgb(t.grid());
        for (double v : y.ticks()) {
            r.fillRect(left, Math.floor(y.toPixel(v)), plotW, 1, grid, 1);
        }
        for (double v : x.ticks()) {
            r.fillRect(Math.floor(x.toPixel(v)), TOP, 1, plotH, grid, 1);
        }
    }

    /** The plot's frame, the tick labels and the axis titles, over the plot. */
    private void drawLabels(GraphicsContext g, CanvasTheme t, Axis x, Axis y, double left, double plotW, double plotH) {
        g.setFont(t.font());
        g.setFill(t.foreground());
        // the frame as four 1-pixel rectangles: a filled rectangle is far cheaper than a stroked one to rasterise
        double l = Math.floor(left);
        double top = Math.floor(TOP);
        double r = Math.floor(left + plotW);
        double b = Math.floor(TOP + plotH);
        g.fillRect(l, top, r - l + 1, 1);
        g.fillRect(l, b, r - l + 1, 1);
        g.fillRect(l, top, 1, b - top);
        g.fillRect(r, top, 1, b - top);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.RIGHT);
        for (double v : y.ticks()) {
            g.fillText(format(v, y.log() ? v : y.step()), left - 5, y.toPixel(v));
        }
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.CENTER);
        for (double v : x.ticks()) {
            g.fillText(format(v, x.step()), x.toPixel(v), TOP + plotH + 4);
        }
        g.fillText("epoch", left + plotW / 2, TOP + plotH + t.fontSize() * 1.6);
        g.save();
        g.translate(t.fontSize() * 0.2, TOP + plotH / 2);
        g.rotate(-90);
        g.setTextBaseline(VPos.TOP);
        g.fillText("nats/image" + (logScale.get() ? " (log)" : ""), 0, 0);
        g.restore();
    }

    /** A tick label with as many decimals as the tick step needs. */
    static String format(double v, double step) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e5 || a < 1e-3) {
            return String.format(Locale.ROOT, "%.0e", v);
        }
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(Math.abs(step)) - 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** Maps data to pixels on one axis and chooses its ticks. */
    private record Axis(double min, double max, double p0, double p1, boolean log) {
        double toPixel(double v) {
            double f = log ? (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min))
                    : (v - min) / (max - min);
            return p0 + f * (p1 - p0);
        }

        double[] ticks() {
            return log ? logTicks(min, max) : linearTicks(min, max);
        }

        /** The distance between two linear ticks. */
        double step() {
            double[] t = linearTicks(min, max);
            return t.length > 1 ? t[1] - t[0] : Math.max(max - min, 1e-9);
        }
    }

    /** Ticks at 1, 2 or 5 times a power of ten, about {@value #TARGET_TICKS} of them. */
    static double[] linearTicks(double min, double max) {
        double raw = (max - min) / TARGET_TICKS;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude;
        for (double m : new double[] {1, 2, 5, 10}) {
            step = m * magnitude;
            if (step >= raw) {
                break;
            }
        }
        double first = Math.ceil(min / step) * step;
        int n = (int) Math.floor((max - first) / step + 1e-9) + 1;
        double[] ticks = new double[Math.max(0, n)];
        for (int i = 0; i < ticks.length; i++) {
            ticks[i] = first + i * step;
        }
        return ticks;
    }

    /** Ticks at each power of ten, and at 2 and 5 times them when the range spans few decades. */
    static double[] logTicks(double min, double max) {
        int a = (int) Math.floor(Math.log10(min));
        int b = (int) Math.ceil(Math.log10(max));
        double[] multiples = b - a <= 2 ? new double[] {1, 2, 5} : new double[] {1};
        double[] ticks = new double[(b - a + 1) * multiples.length];
        int k = 0;
        for (int e = a; e <= b; e++) {
            for (double m : multiples) {
                double v = m * Math.pow(10, e);
                if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) {
                    ticks[k++] = v;
                }
            }
        }
        return java.util.Arrays.copyOf(ticks, k);
    }
}

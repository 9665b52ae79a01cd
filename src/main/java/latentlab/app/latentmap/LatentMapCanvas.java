package latentlab.app.latentmap;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.VPos;
import javafx.scene.Group;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import javafx.scene.shape.Shape;
import javafx.scene.text.TextAlignment;
import latentlab.app.common.CanvasTheme;
import latentlab.app.common.Clips;
import latentlab.app.common.FxImages;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The latent map's drawing: every point as a small square in its class colour, rasterised straight
 * into a pixel buffer (so 10,000 points cost well under a millisecond), the editor's markers on top
 * (as nodes, so that following a slider repaints only them),
 * and the hovered image beside the cursor. Drag to pan, scroll to zoom, double-click to fit; a click
 * on a point picks that test image.
 */
public final class LatentMapCanvas extends Region {
    private static final double ZOOM_STEP = 1.15;
    private static final double FIT_MARGIN = 0.08;
    private static final double FIT_QUANTILE = 0.005;
    private static final double HOVER_RADIUS = 7;
    private static final double CLICK_SLOP = 4;
    private static final int THUMB_SCALE = 3;
    private static final double MARKER_RADIUS = 9;
    private static final Color UNLABELLED = Color.web("#4a6fa5");

    private final Canvas canvas = new Canvas();
    /*
     * The editor's markers are nodes over the canvas, not drawn on it: they move with every slider
     * step, and moving a small node repaints only the few pixels around it, where redrawing the canvas
     * repaints (in software) the whole map.
     */
    private final Group inputMarker = marker(false);
    private final Group currentMarker = marker(true);
    private final ObjectProperty<LatentMapViewModel.Points> points = new SimpleObjectProperty<>(this, "points");
    private final ObjectProperty<float[]> inputCode = new SimpleObjectProperty<>(this, "inputCode");
    private final ObjectProperty<float[]> currentCode = new SimpleObjectProperty<>(this, "currentCode");
    private final ObjectProperty<CanvasTheme> theme = new SimpleObjectProperty<>(this, "theme", CanvasTheme.NORMAL);
    private final ReadOnlyIntegerWrapper hovered = new ReadOnlyIntegerWrapper(this, "hovered", -1);
    private final ReadOnlyIntegerWrapper markersDrawn = new ReadOnlyIntegerWrapper(this, "markersDrawn");
    private IntConsumer onPick = i -> { };
    private boolean autoFit = true;
    private double centreX;
    private double centreY;
    private double pixelsPerUnit = 50;
    private double pressX;
    private double pressY;
    private double lastX;
    private double lastY;
    private double mouseX;
    private double mouseY;
    private int[] buffer = new int[0];
    private WritableImage raster;
    private boolean rasterDirty = true;

    public LatentMapCanvas() {
        getStyleClass().add("latent-map-canvas");
        inputMarker.setManaged(false);
        currentMarker.setManaged(false);
        inputMarker.setMouseTransparent(true);
        currentMarker.setMouseTransparent(true);
        getChildren().addAll(canvas, inputMarker, currentMarker);
        styleMarkers();
        Clips.toOwnBounds(this);                                                      // markers off the map stay hidden
        setMinSize(0, 0);
        points.addListener((obs, was, is) -> {
            if (autoFit) {
                fit();
            }
            rasterDirty = true;
            redraw();
        });
        inputCode.addListener(o -> placeMarkers());
        currentCode.addListener(o -> placeMarkers());
        theme.addListener(o -> {
            rasterDirty = true;
            styleMarkers();
            redraw();
        });
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            pressX = e.getX();
            pressY = e.getY();
            lastX = e.getX();
            lastY = e.getY();
        });
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            autoFit = false;
            centreX -= (e.getX() - lastX) / pixelsPerUnit;
            centreY += (e.getY() - lastY) / pixelsPerUnit;
            lastX = e.getX();
            lastY = e.getY();
            rasterDirty = true;
            redraw();
        });
        canvas.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                autoFit = true;
                fit();
                redraw();
            } else if (e.getButton() == MouseButton.PRIMARY && Math.hypot(e.getX() - pressX, e.getY() - pressY) < CLICK_SLOP) {
                int i = nearest(e.getX(), e.getY());
                if (i >= 0) {
                    onPick.accept(i);
                }
            }
        });
        canvas.addEventHandler(ScrollEvent.SCROLL, e -> {
            if (e.getDeltaY() == 0) {
                return;
            }
            autoFit = false;
            double factor = e.getDeltaY() > 0 ? ZOOM_STEP : 1 / ZOOM_STEP;
            double ux = toDataX(e.getX());
            double uy = toDataY(e.getY());
            pixelsPerUnit *= factor;
            centreX = ux - (e.getX() - canvas.getWidth() / 2) / pixelsPerUnit;
            centreY = uy + (e.getY() - canvas.getHeight() / 2) / pixelsPerUnit;
            rasterDirty = true;
            redraw();
        });
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> {
            mouseX = e.getX();
            mouseY = e.getY();
            int i = nearest(e.getX(), e.getY());
            if (i != hovered.get()) {
                hovered.set(i);
                redraw();
            } else if (i >= 0) {
                redraw();
            }
        });
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> {
            hovered.set(-1);
            redraw();
        });
    }

    // --- Properties ----------------------------------------------------------------------------

    public ObjectProperty<LatentMapViewModel.Points> pointsProperty() {
        return points;
    }

    /** The code of the editor's input image, drawn as a ring. */
    public ObjectProperty<float[]> inputCodeProperty() {
        return inputCode;
    }

    /** The editor's current code, drawn as a cross. */
    public ObjectProperty<float[]> currentCodeProperty() {
        return currentCode;
    }

    public ObjectProperty<CanvasTheme> themeProperty() {
        return theme;
    }

    /** The index of the point under the mouse, or -1. */
    public ReadOnlyIntegerProperty hoveredProperty() {
        return hovered.getReadOnlyProperty();
    }

    /** How many editor markers the last redraw drew (0, 1 or 2). */
    public ReadOnlyIntegerProperty markersDrawnProperty() {
        return markersDrawn.getReadOnlyProperty();
    }

    /** What a click on a point does with its index. */
    public void setOnPick(IntConsumer action) {
        this.onPick = action;
    }

    /** Frames all points again and follows them as they move. */
    public void fitToPoints() {
        autoFit = true;
        fit();
        redraw();
    }

    /** Where a code is drawn, in canvas pixels, or null when there are no points. */
    public double[] pixelOf(float[] z) {
        LatentMapViewModel.Points p = points.get();
        if (p == null) {
            return null;
        }
        double[] xy = p.project(z);
        return new double[] {toPixelX(xy[0]), toPixelY(xy[1])};
    }

    // --- Drawing -------------------------------------------------------------------------------

    @Override
    protected void layoutChildren() {
        double w = Math.floor(getWidth());
        double h = Math.floor(getHeight());
        if (w != canvas.getWidth() || h != canvas.getHeight()) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            if (autoFit) {
                fit();
            }
            rasterDirty = true;
            redraw();
        }
    }

    private void redraw() {
        int w = (int) canvas.getWidth();
        int h = (int) canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        CanvasTheme t = theme.get();
        g.setFill(t.background());
        g.fillRect(0, 0, w, h);
        LatentMapViewModel.Points p = points.get();
        if (w < 2 || h < 2 || p == null) {
            placeMarkers();
            return;
        }
        drawAxes(g, t, w, h, p);
        if (rasterDirty || raster == null || raster.getWidth() != w || raster.getHeight() != h) {
            rasterise(p, t, w, h);
            rasterDirty = false;
        }
        g.drawImage(raster, 0, 0);
        drawHover(g, t, p);
        placeMarkers();
    }

    /** A ring (the input) or a cross (the current code), each a wide background stroke under a thin one. */
    private static Group marker(boolean cross) {
        Group group = new Group();
        for (int pass = 0; pass < 2; pass++) {
            if (cross) {
                group.getChildren().addAll(new Line(), new Line());
            } else {
                group.getChildren().add(new Circle());
            }
        }
        return group;
    }

    /** Sizes and colours the markers for the theme. */
    private void styleMarkers() {
        CanvasTheme t = theme.get();
        double r = MARKER_RADIUS * t.fontSize() / CanvasTheme.NORMAL.fontSize();
        for (Group marker : List.of(inputMarker, currentMarker)) {
            int perPass = marker.getChildren().size() / 2;
            for (int i = 0; i < marker.getChildren().size(); i++) {
                Shape shape = (Shape) marker.getChildren().get(i);
                boolean under = i < perPass;
                shape.setStroke(under ? t.background() : t.foreground());
                shape.setStrokeWidth(under ? 5 : 2);
                if (shape instanceof Circle c) {
                    c.setRadius(r);
                    c.setFill(null);
                } else if (shape instanceof Line l && i % 2 == 0) {
                    l.setStartX(-r);                                                  // the horizontal bar
                    l.setEndX(r);
                } else if (shape instanceof Line l) {
                    l.setStartY(-r);                                                  // the vertical bar
                    l.setEndY(r);
                }
            }
        }
    }

    /** Moves the markers to the editor's codes; hides a marker without a code (or without points). */
    private void placeMarkers() {
        LatentMapViewModel.Points p = points.get();
        int shown = 0;
        if (place(inputMarker, inputCode.get(), p)) {
            shown++;
        }
        if (place(currentMarker, currentCode.get(), p)) {
            shown++;
        }
        markersDrawn.set(shown);
    }

    private boolean place(Group marker, float[] z, LatentMapViewModel.Points p) {
        boolean visible = z != null && p != null && p.size() > 0 && z.length == p.encoded().encoding().latent()
                && canvas.getWidth() >= 2 && canvas.getHeight() >= 2;
        if (visible) {
            double[] xy = p.project(z);
            marker.setLayoutX(toPixelX(xy[0]));
            marker.setLayoutY(toPixelY(xy[1]));
        }
        marker.setVisible(visible);
        return visible;
    }

    /** Draws the points into one transparent image of the canvas size. */
    private void rasterise(LatentMapViewModel.Points p, CanvasTheme t, int w, int h) {
        if (buffer.length != w * h) {
            buffer = new int[w * h];
            raster = new WritableImage(w, h);
        } else {
            Arrays.fill(buffer, 0);
        }
        int[] colours = new int[Math.max(1, p.encoded().classNames().size())];
        for (int c = 0; c < colours.length; c++) {
            colours[c] = argb(t.colour(c));
        }
        int unlabelled = argb(UNLABELLED);
        int size = t.fontSize() > CanvasTheme.NORMAL.fontSize() ? 4 : 3;
        int half = size / 2;
        int[] labels = p.encoded().encoding().labels();
        for (int i = 0; i < p.size(); i++) {
            int px = (int) Math.round(toPixelX(p.x()[i])) - half;
            int py = (int) Math.round(toPixelY(p.y()[i])) - half;
            if (px + size <= 0 || py + size <= 0 || px >= w || py >= h) {
                continue;
            }
            int label = labels == null ? -1 : labels[i];
            int colour = label >= 0 && label < colours.length && !p.encoded().classNames().isEmpty()
                    ? colours[label] : unlabelled;
            for (int dy = Math.max(0, -py); dy < size && py + dy < h; dy++) {
                int row = (py + dy) * w;
                for (int dx = Math.max(0, -px); dx < size && px + dx < w; dx++) {
                    buffer[row + px + dx] = colour;
                }
            }
        }
        raster.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbPreInstance(), buffer, 0, w);
    }

    private void drawAxes(GraphicsContext g, CanvasTheme t, int w, int h, LatentMapViewModel.Points p) {
        g.setStroke(t.grid());
        g.setLineWidth(1);
        double x0 = toPixelX(0);
        double y0 = toPixelY(0);
        g.strokeLine(x0, 0, x0, h);
        g.strokeLine(0, y0, w, y0);
        g.setFill(t.foreground());
        g.setFont(t.font());
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.BOTTOM);
        g.fillText(p.projection().describe() + String.format(java.util.Locale.ROOT, "   (1 unit = %.0f px)",
                pixelsPerUnit), 4, h - 3);
    }

    private void drawHover(GraphicsContext g, CanvasTheme t, LatentMapViewModel.Points p) {
        int i = hovered.get();
        if (i < 0 || i >= p.size()) {
            return;
        }
        var shape = p.encoded().images().shape();
        WritableImage thumb = FxImages.grey(p.encoded().images().pixels(), i * shape.pixels(), shape);
        double tw = shape.cols() * THUMB_SCALE;
        double th = shape.rows() * THUMB_SCALE;
        double x = mouseX + 14 + tw > canvas.getWidth() ? mouseX - 14 - tw : mouseX + 14;
        double y = Math.min(Math.max(0, mouseY - th / 2), canvas.getHeight() - th - t.fontSize() * 1.5);
        g.setImageSmoothing(false);
        g.setStroke(t.foreground());
        g.strokeRect(x - 1, y - 1, tw + 2, th + 2);
        g.drawImage(thumb, x, y, tw, th);
        int[] labels = p.encoded().encoding().labels();
        if (labels != null && labels[i] >= 0 && labels[i] < p.encoded().classNames().size()) {
            g.setFill(t.foreground());
            g.setTextBaseline(VPos.TOP);
            g.fillText(p.encoded().classNames().get(labels[i]), x, y + th + 2);
        }
        double px = toPixelX(p.x()[i]);
        double py = toPixelY(p.y()[i]);
        g.setStroke(t.foreground());
        g.setLineWidth(1.5);
        g.strokeOval(px - 4, py - 4, 8, 8);
    }

    /** The nearest point within {@value #HOVER_RADIUS} px, or -1. */
    private int nearest(double mx, double my) {
        LatentMapViewModel.Points p = points.get();
        if (p == null) {
            return -1;
        }
        int best = -1;
        double bestD = HOVER_RADIUS * HOVER_RADIUS;
        for (int i = 0; i < p.size(); i++) {
            double dx = toPixelX(p.x()[i]) - mx;
            double dy = toPixelY(p.y()[i]) - my;
            double d = dx * dx + dy * dy;
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }

    /** Centres the view on the points' central 99 % and scales it to fill the canvas. */
    private void fit() {
        LatentMapViewModel.Points p = points.get();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        if (p == null || p.size() == 0 || w < 2 || h < 2) {
            return;
        }
        double[] xr = quantiles(p.x());
        double[] yr = quantiles(p.y());
        centreX = (xr[0] + xr[1]) / 2;
        centreY = (yr[0] + yr[1]) / 2;
        double spanX = Math.max(xr[1] - xr[0], 1e-6);
        double spanY = Math.max(yr[1] - yr[0], 1e-6);
        pixelsPerUnit = (1 - 2 * FIT_MARGIN) * Math.min(w / spanX, h / spanY);
        rasterDirty = true;
    }

    private static double[] quantiles(float[] v) {
        float[] sorted = v.clone();
        Arrays.sort(sorted);
        int lo = (int) Math.floor(FIT_QUANTILE * (sorted.length - 1));
        int hi = (int) Math.ceil((1 - FIT_QUANTILE) * (sorted.length - 1));
        return new double[] {sorted[lo], sorted[hi]};
    }

    private double toPixelX(double x) {
        return canvas.getWidth() / 2 + (x - centreX) * pixelsPerUnit;
    }

    private double toPixelY(double y) {
        return canvas.getHeight() / 2 - (y - centreY) * pixelsPerUnit;
    }

    private double toDataX(double px) {
        return centreX + (px - canvas.getWidth() / 2) / pixelsPerUnit;
    }

    private double toDataY(double py) {
        return centreY - (py - canvas.getHeight() / 2) / pixelsPerUnit;
    }

    private static int argb(Color c) {
        return 0xFF000000 | (int) Math.round(c.getRed() * 255) << 16 | (int) Math.round(c.getGreen() * 255) << 8
                | (int) Math.round(c.getBlue() * 255);
    }
}

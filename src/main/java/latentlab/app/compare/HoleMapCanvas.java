package latentlab.app.compare;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;
import latentlab.app.common.CanvasTheme;
import latentlab.core.explore.Encoding;
import latentlab.core.explore.compare.ComparisonFigure;
import latentlab.core.explore.compare.HoleMap;
import latentlab.core.explore.compare.LatentGrid;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * One model's latent map with its hole heat map under the points: each grid cell filled green (its decode
 * is as close to the data as the model's reconstructions) or red (further: a hole), then every test code as
 * a dot in its class colour, the axes through 0 and the region's outline.
 *
 * <p>Why not the explorer's {@code LatentMapCanvas}: it frames its view on the points, and the comparison
 * must frame both models on the same region (the AE's code range is far wider than the VAE's codes), which
 * that canvas cannot be told. Drag a box to choose a region; double-click to go back to the default.
 */
public final class HoleMapCanvas extends Region {
    private static final Color UNLABELLED = Color.web("#4a6fa5");
    private static final double DOT = 2.4;
    private static final double MIN_DRAG = 6;

    private final Canvas canvas = new Canvas();
    private final ObjectProperty<CompareRenderer.Panel> panel = new SimpleObjectProperty<>(this, "panel");
    private final ObjectProperty<CanvasTheme> theme = new SimpleObjectProperty<>(this, "theme", CanvasTheme.NORMAL);
    private final ReadOnlyIntegerWrapper cellsDrawn = new ReadOnlyIntegerWrapper(this, "cellsDrawn");
    private Consumer<double[]> onBox = box -> { };
    private Runnable onReset = () -> { };
    private double pressX;
    private double pressY;
    private double dragX = Double.NaN;
    private double dragY;

    public HoleMapCanvas() {
        getStyleClass().add("hole-map-canvas");
        getChildren().add(canvas);
        setMinSize(0, 0);
        setPrefSize(300, 300);
        panel.addListener(o -> redraw());
        theme.addListener(o -> redraw());
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            pressX = e.getX();
            pressY = e.getY();
        });
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            dragX = e.getX();
            dragY = e.getY();
            redraw();
        });
        canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
            boolean dragged = !Double.isNaN(dragX) && Math.abs(e.getX() - pressX) >= MIN_DRAG
                    && Math.abs(e.getY() - pressY) >= MIN_DRAG;
            dragX = Double.NaN;
            redraw();
            double[] f = frame();
            if (dragged && f != null) {
                double x0 = toDataX(Math.min(pressX, e.getX()), f);
                double x1 = toDataX(Math.max(pressX, e.getX()), f);
                double y0 = toDataY(Math.max(pressY, e.getY()), f);
                double y1 = toDataY(Math.min(pressY, e.getY()), f);
                onBox.accept(new double[]{x0, x1, y0, y1});
            }
        });
        canvas.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                onReset.run();
            }
        });
    }

    /** The measurement drawn; null for an empty map. */
    public ObjectProperty<CompareRenderer.Panel> panelProperty() {
        return panel;
    }

    public ObjectProperty<CanvasTheme> themeProperty() {
        return theme;
    }

    /** How many heat-map cells the last redraw filled: n*n once a measurement is shown. */
    public ReadOnlyIntegerProperty cellsDrawnProperty() {
        return cellsDrawn.getReadOnlyProperty();
    }

    /** What a box dragged on the map does with {xLo, xHi, yLo, yHi}. */
    public void setOnBox(Consumer<double[]> action) {
        this.onBox = action;
    }

    /** What a double-click does. */
    public void setOnReset(Runnable action) {
        this.onReset = action;
    }

    @Override
    protected void layoutChildren() {
        double w = Math.floor(getWidth());
        double h = Math.floor(getHeight());
        if (w != canvas.getWidth() || h != canvas.getHeight()) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            redraw();
        }
    }

    private void redraw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        CanvasTheme t = theme.get();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(t.background());
        g.fillRect(0, 0, w, h);
        CompareRenderer.Panel p = panel.get();
        double[] f = frame();
        if (p == null || f == null) {
            cellsDrawn.set(0);
            return;
        }
        HoleMap holes = p.shown();
        LatentGrid grid = holes.grid();
        int n = grid.n();
        double[] xs = new double[4];
        double[] ys = new double[4];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                double[] k = grid.corners(r, c);
                for (int i = 0; i < 4; i++) {
                    xs[i] = toPixelX(k[2 * i], f);
                    ys[i] = toPixelY(k[2 * i + 1], f);
                }
                g.setFill(colour(ComparisonFigure.heatArgb(holes.distances()[r * n + c], holes.threshold())));
                g.fillPolygon(xs, ys, 4);
            }
        }
        cellsDrawn.set(n * n);
        g.setStroke(t.grid().darker());
        g.setLineWidth(1);
        g.strokeLine(toPixelX(0, f), 0, toPixelX(0, f), h);
        g.strokeLine(0, toPixelY(0, f), w, toPixelY(0, f));
        Encoding codes = p.codes();
        int[] labels = codes.labels();
        int classes = p.classNames().size();
        for (int i = 0; i < codes.size(); i++) {
            float[] z = codes.mean()[i];
            int label = labels == null ? -1 : labels[i];
            g.setFill(label >= 0 && classes > 0 ? t.colour(label) : UNLABELLED);
            g.fillRect(toPixelX(z[grid.dimX()], f) - DOT / 2, toPixelY(z[grid.dimY()], f) - DOT / 2, DOT, DOT);
        }
        g.setFill(t.foreground());
        g.setFont(t.font());
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.BOTTOM);
        g.fillText(String.format(Locale.ROOT, "z%d %.1f..%.1f   z%d %.1f..%.1f", grid.dimX(), f[0], f[1], grid.dimY(),
                f[2], f[3]), 4, h - 3);
        if (!Double.isNaN(dragX)) {
            g.setStroke(t.foreground());
            g.setLineDashes(4, 4);
            g.strokeRect(Math.min(pressX, dragX), Math.min(pressY, dragY), Math.abs(dragX - pressX),
                    Math.abs(dragY - pressY));
            g.setLineDashes();
        }
    }

    /** The square view box, fitted into the canvas (the shorter side sets the scale). */
    private double[] frame() {
        CompareRenderer.Panel p = panel.get();
        return p == null || canvas.getWidth() < 2 || canvas.getHeight() < 2 ? null : p.frame();
    }

    private double scale(double[] f) {
        return Math.min(canvas.getWidth() / (f[1] - f[0]), canvas.getHeight() / (f[3] - f[2]));
    }

    private double toPixelX(double x, double[] f) {
        return canvas.getWidth() / 2 + (x - (f[0] + f[1]) / 2) * scale(f);
    }

    private double toPixelY(double y, double[] f) {
        return canvas.getHeight() / 2 - (y - (f[2] + f[3]) / 2) * scale(f);
    }

    private double toDataX(double px, double[] f) {
        return (f[0] + f[1]) / 2 + (px - canvas.getWidth() / 2) / scale(f);
    }

    private double toDataY(double py, double[] f) {
        return (f[2] + f[3]) / 2 - (py - canvas.getHeight() / 2) / scale(f);
    }

    private static Color colour(int argb) {
        return Color.rgb(argb >> 16 & 0xFF, argb >> 8 & 0xFF, argb & 0xFF, (argb >>> 24) / 255.0);
    }
}

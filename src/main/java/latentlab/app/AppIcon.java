package latentlab.app;

import javafx.scene.SnapshotParameters;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.Image;
import javafx.scene.paint.Color;
import latentlab.app.common.CanvasTheme;

/**
 * The app's icon, drawn in code: a 3 x 3 grid of latent points on a dark tile, the middle one
 * highlighted, a small picture of the manifold. No image file is needed.
 */
public final class AppIcon {
    /** The size drawn for the window. */
    public static final int SIZE = 64;
    private static final int CELLS = 3;

    private AppIcon() {
    }

    /** The icon at {@code size} x {@code size} pixels; on the FX thread. */
    public static Image render(int size) {
        Canvas canvas = new Canvas(size, size);
        GraphicsContext g = canvas.getGraphicsContext2D();
        double r = size * 0.18;
        g.setFill(Color.web("#1b2a41"));
        g.fillRoundRect(0, 0, size, size, r, r);
        double step = size / (CELLS + 1.0);
        for (int i = 0; i < CELLS; i++) {
            for (int j = 0; j < CELLS; j++) {
                boolean centre = i == 1 && j == 1;
                double d = size * (centre ? 0.2 : 0.12);
                g.setFill(centre ? Color.web("#ffb020") : CanvasTheme.NORMAL.colour(i * CELLS + j));
                g.fillOval(step * (i + 1) - d / 2, step * (j + 1) - d / 2, d, d);
            }
        }
        SnapshotParameters params = new SnapshotParameters();
        params.setFill(Color.TRANSPARENT);
        return canvas.snapshot(params, null);
    }
}

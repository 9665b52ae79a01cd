package latentlab.app.common;

import javafx.geometry.Dimension2D;
import javafx.geometry.Rectangle2D;

/** Window sizes that fit the screen: a 1280x720 projector's screen leaves a window less than 720 high. */
public final class ScreenFit {
    /** Room left on the screen for a window's title bar, which the size of its scene does not count. */
    public static final double TITLE_BAR = 40;

    private ScreenFit() {
    }

    /**
     * A scene of {@code width} x {@code height}, or less where the screen's free area ({@code screen},
     * {@code Screen.getVisualBounds()}) is smaller, with room for the title bar.
     */
    public static Dimension2D sceneSize(double width, double height, Rectangle2D screen) {
        return new Dimension2D(Math.min(width, screen.getWidth()), Math.min(height, screen.getHeight() - TITLE_BAR));
    }
}

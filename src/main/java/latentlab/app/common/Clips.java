package latentlab.app.common;

import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;

/** Clips for nodes. */
public final class Clips {
    private Clips() {
    }

    /**
     * Clips {@code region} to its own bounds, following its size: nothing in it draws past its edges, and
     * its bounds in its parent never grow past them (contents that overflow for a moment would otherwise
     * widen every ancestor's bounds, which makes JavaFX repaint far more than the region).
     */
    public static void toOwnBounds(Region region) {
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(region.widthProperty());
        clip.heightProperty().bind(region.heightProperty());
        region.setClip(clip);
    }
}

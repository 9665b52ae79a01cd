package latentlab.app.common;

import javafx.geometry.Bounds;
import javafx.scene.Scene;
import javafx.scene.image.ImageView;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import static latentlab.app.AppTestSupport.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The manifold's image fits its pane whole, with square pixels, whatever the pane's size. */
@ExtendWith(ApplicationExtension.class)
class FitImagePaneTest {
    private final ImageView view = new ImageView();
    private StackPane holder;

    @Start
    void start(Stage stage) {
        view.setImage(new WritableImage(560, 560));                                   // a 20 x 20 grid of 28 x 28 digits
        holder = new StackPane(new FitImagePane(view));
        stage.setScene(new Scene(holder, 300, 200));
        stage.show();
    }

    private Bounds shown(double width, double height) {
        return onFx(() -> {
            holder.resize(width, height);
            holder.layout();
            return view.getBoundsInParent();
        });
    }

    @Test
    void shrinksALargeImageToFitTheNarrowerSideWhole() {
        Bounds b = shown(300, 200);

        assertEquals(200, b.getWidth(), 1e-9, "square pixels: as wide as high");
        assertEquals(200, b.getHeight(), 1e-9);
        assertTrue(b.getMinX() >= 0 && b.getMaxX() <= 300 && b.getMinY() >= 0 && b.getMaxY() <= 200, "inside: " + b);
        assertEquals(50, b.getMinX(), 1e-9, "centred");
        assertTrue(onFx(view::isSmooth), "reduced smoothly");
    }

    @Test
    void enlargesWithSharpPixels() {
        Bounds b = shown(1500, 1200);

        assertEquals(1200, b.getWidth(), 1e-9);
        assertFalse(onFx(view::isSmooth), "nearest neighbour when enlarged");
    }

    @Test
    void neverMakesItsParentWiderThanItGivesIt() {
        assertEquals(0, onFx(() -> holder.getChildren().get(0).prefWidth(-1)), 1e-9);
    }
}

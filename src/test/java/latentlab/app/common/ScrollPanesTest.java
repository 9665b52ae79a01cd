package latentlab.app.common;

import javafx.geometry.Bounds;
import javafx.scene.Scene;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import static latentlab.app.AppTestSupport.onFx;
import static latentlab.app.AppTestSupport.runFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A scroll pane whose content changes while shown paints only what changed, and still scrolls. */
@ExtendWith(ApplicationExtension.class)
class ScrollPanesTest {
    private ScrollPane plain;
    private ScrollPane uncached;
    private Region tall;

    @Start
    void start(Stage stage) {
        plain = new ScrollPane(new Region());
        tall = new Region();
        tall.setPrefSize(100, 1_000);
        uncached = ScrollPanes.uncached(tall);
        StackPane root = new StackPane(plain, uncached);
        stage.setScene(new Scene(root, 200, 200));
        stage.show();
    }

    @Test
    void javaFxsOwnScrollPaneCachesItsViewportWhichIsWhyTheHelperExists() {
        assertTrue(onFx(() -> ScrollPanes.viewport(plain).isCache()));
    }

    @Test
    void theViewportOfAnUncachedScrollPaneIsNotCachedOnceShown() {
        assertFalse(onFx(() -> ScrollPanes.viewport(uncached).isCache()));
        assertTrue(onFx(() -> uncached.getSkin() != null && uncached.getScene() != null));
    }

    @Test
    void anUncachedScrollPaneStillScrollsItsContent() {
        double top = onFx(() -> tall.localToScene(0, 0).getY());
        runFx(() -> uncached.setVvalue(1));
        runFx(() -> uncached.layout());
        double bottom = onFx(() -> tall.localToScene(0, 0).getY());
        Bounds view = onFx(() -> uncached.getViewportBounds());
        assertEquals(-(1_000 - view.getHeight()), bottom - top, 1.0);
    }
}

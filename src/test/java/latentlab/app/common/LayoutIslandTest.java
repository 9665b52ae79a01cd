package latentlab.app.common;

import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import static latentlab.app.AppTestSupport.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A figure's new text lays out the figure alone, unless it needs another height. */
@ExtendWith(ApplicationExtension.class)
class LayoutIslandTest {
    private static final double WIDTH = 200;

    private Label plain;
    private Label held;
    private LayoutIsland island;
    private VBox panel;

    private static Label figure(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.setPrefWidth(1);
        label.setMaxWidth(Double.MAX_VALUE);
        return label;
    }

    @Start
    void start(Stage stage) {
        plain = figure("epoch 1");
        held = figure("epoch 1");
        island = new LayoutIsland(held);
        island.setPadding(new Insets(2, 3, 4, 5));
        panel = new VBox(4, plain, island);
        stage.setScene(new Scene(panel, WIDTH, 300));
        stage.show();
    }

    /** Lays the panel out as a pulse would. */
    private void layOut() {
        onFx(() -> {
            panel.applyCss();
            panel.layout();
            return null;
        });
    }

    @Test
    void aNewTextOfTheSameHeightLaysOutTheFigureButNotThePanel() {
        layOut();

        boolean[] needs = onFx(() -> {
            plain.setText("epoch 2");
            boolean plainAsked = panel.isNeedsLayout();
            panel.layout();
            held.setText("epoch 2");
            return new boolean[] {plainAsked, panel.isNeedsLayout(), island.isNeedsLayout(), held.isNeedsLayout()};
        });

        assertTrue(needs[0], "without an island the panel is laid out again (what the island is for)");
        assertFalse(needs[1], "the panel");
        assertFalse(needs[2], "the island");
        assertTrue(needs[3], "the figure itself");
        layOut();
        assertEquals("epoch 2", onFx(() -> held.getText()));
        assertFalse(onFx(held::isNeedsLayout), "laid out in the panel's pass");
    }

    @Test
    void aTextThatWrapsOntoAnotherLineMakesTheIslandTaller() {
        layOut();
        double oneLine = onFx(island::getHeight);

        boolean asked = onFx(() -> {
            held.setText("a figure far too long for one line of a panel two hundred pixels wide, so that it wraps");
            return panel.isNeedsLayout();
        });
        layOut();

        assertTrue(asked, "the panel is asked for a new layout");
        double taller = onFx(island::getHeight);
        assertTrue(taller > oneLine * 1.5, "one line " + oneLine + ", now " + taller);
        assertEquals(taller - 6, onFx(held::getHeight), 1e-9, "the figure fills the island inside its padding");
    }

    @Test
    void theFigureFillsTheIslandInsideItsPadding() {
        layOut();

        double[] box = onFx(() -> new double[] {held.getLayoutX(), held.getLayoutY(), held.getWidth(), held.getHeight(),
                island.getWidth(), island.getHeight()});

        assertEquals(5, box[0], 1e-9, "left padding");
        assertEquals(2, box[1], 1e-9, "top padding");
        assertEquals(WIDTH - 8, box[2], 1e-9, "as wide as the panel, less the padding");
        assertEquals(box[5] - 6, box[3], 1e-9);
        assertEquals(WIDTH, box[4], 1e-9, "the panel gives the island its width");
    }
}

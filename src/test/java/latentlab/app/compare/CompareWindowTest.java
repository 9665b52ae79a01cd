package latentlab.app.compare;

import javafx.geometry.Dimension2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.stage.Screen;
import javafx.stage.Stage;
import latentlab.app.AppTestSupport;
import latentlab.app.AppTestSupport.ScriptedDialogs;
import latentlab.app.chart.LossSeries;
import latentlab.app.common.FxImages;
import latentlab.core.data.DatasetCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.awt.image.BufferedImage;
import java.util.Optional;

import static latentlab.app.AppTestSupport.onFx;
import static latentlab.app.AppTestSupport.runFx;
import static latentlab.app.AppTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drives the real Compare window headless on the synthetic faces with tiny models: Train both, then both
 * panels (map, heat map, grid, samples, curves) must be drawn.
 */
@ExtendWith(ApplicationExtension.class)
class CompareWindowTest {
    private static final double LOAD_SECONDS = 30;
    private static final double TRAIN_SECONDS = 180;
    private static final int EPOCHS = 2;

    private CompareWindow window;

    @Start
    void start(Stage stage) {
        window = new CompareWindow(AppTestSupport.smallDatasets(), Optional.of(new ScriptedDialogs()),
                DatasetCatalog.SYNTHETIC, java.nio.file.Path.of("target"));
        window.view().viewModel().hiddenProperty().set("32");
        window.view().viewModel().epochsProperty().set(EPOCHS);
        window.show(stage);
    }

    @AfterEach
    void stop() {
        runFx(window::shutdown);
    }

    private CompareViewModel vm() {
        return window.view().viewModel();
    }

    private void trainBothAndWait(FxRobot robot) {
        waitFor(LOAD_SECONDS, "the synthetic dataset", () -> vm().datasetProperty().get() != null
                && !vm().busyProperty().get());
        robot.clickOn("#compare-train");
        waitFor(TRAIN_SECONDS, "both models to train and be measured", () -> !vm().runningProperty().get()
                && !vm().measuringProperty().get()
                && vm().ae().history().size(LossSeries.TEST) == EPOCHS
                && vm().vae().history().size(LossSeries.TEST) == EPOCHS
                && vm().ae().model().epochsTrained() == EPOCHS && vm().vae().model().epochsTrained() == EPOCHS
                && vm().ae().panelProperty().get() != null && vm().vae().panelProperty().get() != null);
    }

    /** The share of a node's snapshot whose pixels differ from its top-left pixel (the background). */
    private static double drawnShare(Node node) {
        BufferedImage image = onFx(() -> FxImages.snapshot(node));
        int background = image.getRGB(0, 0);
        int drawn = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (image.getRGB(x, y) != background) {
                    drawn++;
                }
            }
        }
        return (double) drawn / (image.getWidth() * image.getHeight());
    }

    /** The share of a shown image's pixels that are neither black nor transparent. */
    private static double litShare(Image image) {
        return onFx(() -> {
            int w = (int) image.getWidth();
            int h = (int) image.getHeight();
            int[] argb = new int[w * h];
            image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
            long lit = java.util.Arrays.stream(argb).filter(p -> (p & 0xFFFFFF) != 0).count();
            return (double) lit / argb.length;
        });
    }

    /** Counts heat-map pixels: the green or red tints over the white map. */
    private static int heatPixels(HoleMapCanvas map) {
        BufferedImage image = onFx(() -> FxImages.snapshot(map));
        int heat = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                int r = p >> 16 & 0xFF;
                int g = p >> 8 & 0xFF;
                int b = p & 0xFF;
                boolean greenTint = g > r + 8 && g > b && g < 255;
                boolean redTint = r > g + 30 && r > b + 30;
                if (greenTint || redTint) {
                    heat++;
                }
            }
        }
        return heat;
    }

    @Test
    void theWindowFitsAProjectorsScreenAndIsNoLargerThanItsOwnSizeOnABigOne() {
        Dimension2D projector = CompareWindow.sceneSize(new Rectangle2D(0, 0, 1280, 720));
        assertEquals(1280, projector.getWidth());
        assertEquals(720 - latentlab.app.common.ScreenFit.TITLE_BAR, projector.getHeight());
        Dimension2D big = CompareWindow.sceneSize(new Rectangle2D(0, 0, 2560, 1400));
        assertEquals(new Dimension2D(CompareWindow.WIDTH, CompareWindow.HEIGHT), big);
        Dimension2D here = CompareWindow.sceneSize(onFx(() -> Screen.getPrimary().getVisualBounds()));
        assertEquals(here, onFx(() -> new Dimension2D(window.view().getScene().getWidth(), window.view().getScene().getHeight())));
    }

    @Test
    void trainBothDrawsBothPanelsAndBothHeatMaps(FxRobot robot) {
        trainBothAndWait(robot);
        for (SideView side : new SideView[]{window.view().ae(), window.view().vae()}) {
            String name = side.side().kind().name();
            HoleMapCanvas map = side.map();
            int n = onFx(() -> side.side().panelProperty().get().shown().grid().n());
            assertEquals(n * n, onFx(() -> map.cellsDrawnProperty().get()), name + ": every heat-map cell drawn");
            assertTrue(heatPixels(map) > 0.2 * onFx(() -> map.getWidth() * map.getHeight()),
                    name + ": the heat map covers much of the map, found " + heatPixels(map) + " tinted pixels");
            double square = onFx(() -> Math.min(map.getWidth(), map.getHeight()));  // the map draws in a square
            assertTrue(drawnShare(map) * onFx(() -> map.getWidth() * map.getHeight()) > 0.3 * square * square,
                    name + ": the map is drawn");
            Image grid = onFx(() -> side.grid().view().getImage());
            assertTrue(grid != null && litShare(grid) > 0.05, name + ": the decoded grid is not blank");
            Image samples = onFx(() -> side.samples().view().getImage());
            assertTrue(samples != null && litShare(samples) > 0.05, name + ": the samples are not blank");
            assertTrue(drawnShare(side.chart()) > 0.02, name + ": the loss chart is drawn");
            String summary = onFx(() -> ((Label) robot.lookup("#compare-" + name.toLowerCase(java.util.Locale.ROOT)
                    + "-summary").query()).getText());
            assertTrue(summary.startsWith("Holes: ") && summary.contains("%"), name + ": " + summary);
        }
        assertTrue(onFx(() -> window.view().ae().grid().view().getImage() != window.view().vae().grid().view().getImage()));
        waitFor(5, "the frame loop asleep once the runs' events are shown", () -> !onFx(window::frameLoopRunning));
    }

    @Test
    void choosingTheSamplingRuleRegionRedrawsBothMapsOverTheirOwnGrids(FxRobot robot) {
        trainBothAndWait(robot);
        var before = onFx(() -> vm().ae().panelProperty().get());
        runFx(() -> vm().regionProperty().set(CompareRenderer.Region.OWN));
        waitFor(60, "the new region", () -> vm().ae().panelProperty().get() != before
                && !vm().measuringProperty().get());
        assertTrue(onFx(() -> vm().ae().panelProperty().get().shown() == vm().ae().panelProperty().get().analysis().own()));
        assertTrue(onFx(() -> vm().regionTextProperty().get()).contains("sampling rule"));
    }

    @Test
    void continuingTheVaeWithANewBetaTrainsItFurtherFromItsWeights(FxRobot robot) {
        trainBothAndWait(robot);
        runFx(() -> vm().betaProperty().set(4));
        robot.clickOn("#compare-continue-vae");
        waitFor(TRAIN_SECONDS, "the VAE to train further", () -> !vm().runningProperty().get()
                && vm().vae().model().epochsTrained() == 2 * EPOCHS && !vm().measuringProperty().get());
        assertEquals(4.0, onFx(() -> vm().vae().model().config().beta()), 0.0);
        assertTrue(onFx(() -> vm().vae().titleProperty().get()).startsWith("VAE beta=4"));
        assertEquals(EPOCHS, onFx(() -> vm().ae().model().epochsTrained()), "the AE stays as it was");
    }
}

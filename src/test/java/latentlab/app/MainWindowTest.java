package latentlab.app;

import javafx.scene.Node;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;
import latentlab.app.AppTestSupport.ScriptedDialogs;
import latentlab.app.chart.LossChart;
import latentlab.app.chart.LossSeries;
import latentlab.app.common.BackgroundExecutors;
import latentlab.app.common.FxImages;
import latentlab.app.train.TrainingPanel;
import latentlab.app.train.TrainingState;
import latentlab.core.explore.ImageTiles;
import latentlab.app.common.MessageBar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static latentlab.app.AppTestSupport.onFx;
import static latentlab.app.AppTestSupport.runFx;
import static latentlab.app.AppTestSupport.sleep;
import static latentlab.app.AppTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drives the real window headless, as a user would: a small synthetic dataset and a tiny model so
 * that each test takes seconds. Each test checks what the user would see.
 */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
    private static final double LOAD_SECONDS = 30;
    private static final double TRAIN_SECONDS = 90;

    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private BackgroundExecutors executors;
    private MainWindow window;

    @TempDir
    Path tmp;

    @Start
    void start(Stage stage) {
        executors = BackgroundExecutors.create();
        window = new MainWindow(AppTestSupport.context(executors, dialogs));
        window.training().settings().hiddenProperty().set("32");
        window.training().settings().epochsProperty().set(3);
        window.manifold().viewModel().nProperty().set(8);
        window.show(stage);
    }

    @AfterEach
    void stop() {
        runFx(window::shutdown);
        executors.shutdown(5_000);
    }

    private void waitUntilReady() {
        waitFor(LOAD_SECONDS, "the synthetic dataset to load", () -> window.training().state() == TrainingState.READY
                && window.training().busyProperty().get().isEmpty()
                && window.editor().viewModel().decodedProperty().get() != null);
    }

    private int iterations() {
        return onFx(() -> window.chart().chart().history().size(LossSeries.TOTAL));
    }

    private String text(FxRobot robot, String id) {
        return onFx(() -> robot.lookup(id).queryAs(Label.class).getText());
    }

    /** The last message, as the notification bar and the status bar show it. */
    private String notification() {
        return onFx(() -> window.messages().lastProperty().get() == null ? ""
                : window.messages().lastProperty().get().text());
    }

    /** Waits for a message containing every phrase, and for the notification bar to show it. */
    private void waitForMessage(String... phrases) {
        MessageBar bar = window.messages();
        waitFor(10, "a message with " + String.join(", ", phrases), () -> {
            String text = notification();
            return Arrays.stream(phrases).allMatch(text::contains) && onFx(() -> bar.showingProperty().get() && bar.shownText().equals(text));
        });
    }

    private static int[] pixels(ImageView view) {
        return onFx(() -> {
            Image image = view.getImage();
            if (image == null) {
                return new int[0];
            }
            int w = (int) image.getWidth();
            int h = (int) image.getHeight();
            int[] argb = new int[w * h];
            image.getPixelReader().getPixels(0, 0, w, h, javafx.scene.image.PixelFormat.getIntArgbInstance(), argb, 0, w);
            return argb;
        });
    }

    @Test
    void trainingGrowsTheChartSeriesAndRedrawsTheManifold(FxRobot robot) {
        waitUntilReady();
        ImageView manifold = robot.lookup("#manifold-image").queryAs(ImageView.class);
        int[] before = pixels(manifold);
        int redrawsBefore = onFx(() -> window.manifold().viewModel().redrawsProperty().get());
        // the states shown, recorded as they change: a short run may be over before a poll could see it
        List<String> states = new CopyOnWriteArrayList<>();
        runFx(() -> robot.lookup("#state-text").queryAs(Label.class).textProperty()
                .addListener((obs, was, is) -> states.add(is)));
        robot.clickOn("#train");
        waitFor(10, "the first steps on the chart", () -> window.chart().chart().history().size(LossSeries.TOTAL) > 0);
        assertTrue(states.contains("training"), "the state showed training: " + states);
        LossChart chart = robot.lookup("#loss-chart").queryAs(LossChart.class);
        waitFor(TRAIN_SECONDS, "three epochs", () -> window.training().state() == TrainingState.READY
                && chart.history().size(LossSeries.TEST) == 3);
        int steps = AppTestSupport.TRAIN_IMAGES / 100;
        assertEquals(3 * steps, iterations());
        assertTrue(onFx(() -> chart.drawnPointsProperty().get()) > 3 * steps, "the curves are drawn");
        // redraws are throttled while training and the final one follows the end of training
        waitFor(5, "the manifold redrawn with the trained weights",
                () -> onFx(() -> window.manifold().viewModel().redrawsProperty().get()) > redrawsBefore);
        waitFor(5, "the final manifold", () -> !Arrays.equals(before, pixels(manifold)));
        assertTrue(text(robot, "#elbo-text").contains("test ELBO"));
        assertTrue(text(robot, "#epoch-text").contains("samples/s"), text(robot, "#epoch-text"));
        assertTrue(text(robot, "#clock-text").contains("elapsed"));
        assertEquals("ready", text(robot, "#state-text"));
    }

    @Test
    void theScrolledPanelsThatChangeDuringARunAndADragHaveNoCachedViewport(FxRobot robot) {
        waitUntilReady();
        for (String id : new String[] {"#panel-scroll", "#editor-sliders"}) {
            Node viewport = robot.from(robot.lookup(id).<Node>query()).lookup(".viewport").query();
            assertFalse(onFx(viewport::isCache), id + ": a cached viewport paints all of its content at every change");
        }
    }

    @Test
    void preparingTheLockedStylesLeavesTheSettingsDrawnUnlockedAndARunsLockInPlace(FxRobot robot) {
        waitUntilReady();
        TrainingPanel panel = robot.lookup("#training-panel").queryAs(TrainingPanel.class);
        Node kind = robot.from(robot.lookup("#model-settings").<Node>query()).lookup(".choice-box").query();
        Node field = robot.from(robot.lookup("#model-settings").<Node>query()).lookup(".text-field")
                .match((Node n) -> n.getClass() == javafx.scene.control.TextField.class && n.isVisible()).query();   // not the hidden search box
        javafx.scene.control.ChoiceBox<?> kindBox = (javafx.scene.control.ChoiceBox<?>) kind;
        robot.clickOn(kind);
        waitFor(5, "the Kind menu open", () -> onFx(kindBox::isShowing));
        assertFalse(onFx(panel::prepareLockedStyles), "it waits while a menu is open");
        assertTrue(onFx(kindBox::isShowing), "the menu stays open");
        robot.type(javafx.scene.input.KeyCode.ESCAPE);
        waitFor(5, "the Kind menu closed", () -> !onFx(kindBox::isShowing));

        robot.clickOn(field);
        waitFor(5, "a settings field focused", () -> onFx(() -> field.getScene().getFocusOwner() == field));
        assertTrue(onFx(panel::prepareLockedStyles), "done");
        sleep(100);                                                                   // a few pulses
        assertTrue(onFx(() -> field.getScene().getFocusOwner() == field), "the field being edited keeps the focus");
        assertFalse(onFx(kind::isDisabled), "unlocked again");
        assertEquals(1.0, onFx(kind::getOpacity), "drawn as unlocked");

        runFx(() -> window.training().settings().epochsProperty().set(500));
        robot.clickOn("#train");
        waitFor(10, "the settings locked", () -> onFx(kind::isDisabled));
        waitFor(5, "the locked style", () -> onFx(kind::getOpacity) < 1.0);
        assertFalse(onFx(panel::prepareLockedStyles), "it waits while a run is on");
        assertTrue(onFx(kind::isDisabled), "a run's lock stays");
        robot.clickOn("#stop");
        waitFor(20, "the run to stop", () -> window.training().state() == TrainingState.READY);
        waitFor(5, "the unlocked style", () -> !onFx(kind::isDisabled) && onFx(kind::getOpacity) == 1.0);
    }

    @Test
    void aManifoldShownSmallerThanItsGridIsDrawnAtItsShownSizeAndAClickSendsThatCellsCode(FxRobot robot) {
        waitUntilReady();
        runFx(() -> window.manifold().viewModel().nProperty().set(20));                // 560 pixels: more than the pane
        ImageView manifold = robot.lookup("#manifold-image").queryAs(ImageView.class);
        waitFor(10, "the 20 x 20 grid drawn", () -> onFx(() -> {
            var r = window.manifold().viewModel().renderedProperty().get();
            return r != null && r.grid().n() == 20 && manifold.getImage() != null
                    && manifold.getImage().getWidth() == r.argbWidth();
        }));
        var r = onFx(() -> window.manifold().viewModel().renderedProperty().get());
        double shown = onFx(() -> manifold.getBoundsInLocal().getWidth());
        assertTrue(r.argbWidth() < r.width(), "reduced: " + r.argbWidth() + " of " + r.width());
        assertEquals(r.argbWidth(), shown, 1.0, "drawn at the size it is shown, so the renderer copies it 1:1");
        int column = 13;
        int row = 4;
        double cell = shown / 20;
        robot.moveTo(manifold, javafx.geometry.Pos.TOP_LEFT,
                new javafx.geometry.Point2D((column + 0.5) * cell, (row + 0.5) * cell),
                org.testfx.robot.Motion.DIRECT);
        robot.clickOn(javafx.scene.input.MouseButton.PRIMARY);
        float[] expected = r.codeAt(column, row);
        waitFor(5, "the cell's code in the editor",
                () -> Arrays.equals(expected, onFx(() -> window.editor().viewModel().codeProperty().get())));
        assertTrue(text(robot, "#manifold-hover").startsWith("z = "), text(robot, "#manifold-hover"));
    }

    @Test
    void theFrameLoopSleepsWhileIdleWakesForARunAndTheChartStillFollowsToggleAndReset(FxRobot robot) {
        runFx(() -> window.training().settings().epochsProperty().set(500));
        waitUntilReady();
        waitFor(5, "the frame loop asleep while idle", () -> !onFx(window::frameLoopRunning));
        robot.clickOn("#train");
        waitFor(5, "Train to wake the frame loop", () -> onFx(window::frameLoopRunning));           // a 500-epoch run
        waitFor(20, "some steps", () -> window.chart().chart().history().size(LossSeries.TOTAL) > 5);
        robot.clickOn("#stop");
        waitFor(20, "the run to stop", () -> window.training().state() == TrainingState.READY);
        waitFor(5, "the frame loop asleep after the run", () -> !onFx(window::frameLoopRunning));
        LossChart chart = robot.lookup("#loss-chart").queryAs(LossChart.class);
        int steps = iterations();
        int drawn = onFx(() -> chart.drawnPointsProperty().get());
        assertTrue(drawn > steps, "the run's curves drawn after it: " + drawn + " points for " + steps + " steps");

        // fired rather than clicked: the run's end message covers the chart's bar for a few seconds
        runFx(() -> robot.lookup("#show-total").queryAs(javafx.scene.control.CheckBox.class).fire());
        waitFor(5, "the chart redrawn without the total curve",
                () -> onFx(() -> chart.drawnPointsProperty().get()) < drawn);
        assertFalse(onFx(window::frameLoopRunning), "a toggle redraws without the frame loop");

        robot.clickOn("#reset");                                                   // a new model: the history cleared
        waitFor(10, "the empty chart drawn", () -> onFx(() -> chart.drawnPointsProperty().get()) == 0);
        waitFor(5, "the frame loop asleep again", () -> !onFx(window::frameLoopRunning));
    }

    @Test
    void pauseHoldsTrainingResumeContinuesAndStopEndsIt(FxRobot robot) {
        runFx(() -> window.training().settings().epochsProperty().set(500));
        waitUntilReady();
        robot.clickOn("#train");
        waitFor(20, "some steps", () -> window.chart().chart().history().size(LossSeries.TOTAL) > 5);
        robot.clickOn("#pause");
        assertEquals("paused", text(robot, "#state-text"));
        assertEquals("Resume", onFx(() -> robot.lookup("#pause").queryAs(javafx.scene.control.Button.class).getText()));
        sleep(300);                                                                   // the step in flight ends
        int held = iterations();
        sleep(700);
        assertEquals(held, iterations(), "no step while paused");
        assertTrue(onFx(() -> robot.lookup("#train").query().isDisabled()), "Train is disabled during a run");
        assertTrue(onFx(() -> robot.lookup("#model-settings").query().isDisabled()), "settings are locked");
        assertTrue(onFx(() -> robot.lookup("#training-settings").query().isDisabled()), "training settings are locked");
        assertTrue(onFx(() -> robot.lookup("#dataset").query().isDisabled()), "the dataset is locked");

        robot.clickOn("#pause");
        assertEquals("training", text(robot, "#state-text"));
        waitFor(20, "steps after resuming", () -> window.chart().chart().history().size(LossSeries.TOTAL) > held + 3);

        robot.clickOn("#stop");
        waitFor(20, "the run to stop", () -> window.training().state() == TrainingState.READY);
        int stopped = iterations();
        sleep(500);
        assertEquals(stopped, iterations(), "no step after stopping");
        waitForMessage("stopped");
        assertFalse(onFx(() -> robot.lookup("#train").query().isDisabled()), "Train is enabled again");
        assertFalse(onFx(() -> robot.lookup("#model-settings").query().isDisabled()), "settings are unlocked");
        assertFalse(onFx(() -> robot.lookup("#training-settings").query().isDisabled()), "training settings are unlocked");
        assertFalse(onFx(() -> robot.lookup("#dataset").query().isDisabled()), "the dataset is unlocked");
    }

    @Test
    void droppingAnImageEncodesItAndMarksItOnTheLatentMap(FxRobot robot) throws IOException {
        waitUntilReady();
        Path png = tmp.resolve("seven.png");
        ImageIO.write(handwrittenSeven(), "png", png.toFile());
        Node editor = robot.lookup("#editor-view").query();
        assertTrue(onFx(() -> FilesOnDragboard.drop(editor, png)), "the drop is accepted");
        waitFor(10, "the dropped image to be encoded", () -> window.editor().viewModel().inputDescriptionProperty().get()
                .equals("seven.png") && window.editor().viewModel().inputCodeProperty().get() != null);
        assertTrue(text(robot, "#editor-input-caption").contains("seven.png"));
        float[] input = onFx(() -> window.editor().viewModel().inputProperty().get());
        assertEquals(28 * 28, input.length, "preprocessed to the dataset's shape");
        assertTrue(pixels(robot.lookup("#editor-input").queryAs(ImageView.class)).length == 28 * 28);
        float[] code = onFx(() -> window.editor().viewModel().inputCodeProperty().get());
        double[] at = onFx(() -> window.latentMap().canvas().pixelOf(code));
        assertNotNull(at);
        waitFor(5, "the marker on the map", () -> window.latentMap().canvas().markersDrawnProperty().get() >= 1);
    }

    @Test
    void droppingAFileThatIsNoImageSaysSoAndTheAppKeepsWorking(FxRobot robot) throws IOException {
        waitUntilReady();
        Path notes = Files.writeString(tmp.resolve("notes.txt"), "not a picture");
        String before = onFx(() -> window.editor().viewModel().inputDescriptionProperty().get());
        runFx(() -> FilesOnDragboard.drop(robot.lookup("#editor-view").query(), notes));
        waitForMessage("notes.txt", "not an image");
        assertEquals(before, onFx(() -> window.editor().viewModel().inputDescriptionProperty().get()),
                "the editor keeps its input");
        robot.clickOn("#random-test-image");
        waitFor(10, "a test image", () -> window.editor().viewModel().inputDescriptionProperty().get()
                .startsWith("test image") && !window.editor().viewModel().inputDescriptionProperty().get().equals(before)
                || window.editor().viewModel().inputDescriptionProperty().get().startsWith("test image"));
        robot.clickOn("#train");
        waitFor(TRAIN_SECONDS, "training after the bad drop", () -> window.chart().chart().history().size(LossSeries.TEST) >= 1);
    }

    @Test
    void movingASliderChangesTheDecodedImage(FxRobot robot) {
        waitUntilReady();
        ImageView decoded = robot.lookup("#editor-decoded").queryAs(ImageView.class);
        int[] before = pixels(decoded);
        float[] codeBefore = onFx(() -> window.editor().viewModel().codeProperty().get().clone());
        Node thumb = robot.from(robot.lookup("#z0").<Node>query()).lookup(".thumb").query();
        robot.drag(thumb).moveBy(codeBefore[0] > 0 ? -60 : 60, 0).drop();
        waitFor(5, "a new decoded image", () -> !Arrays.equals(before, pixels(decoded)));
        float[] codeAfter = onFx(() -> window.editor().viewModel().codeProperty().get());
        assertTrue(Math.abs(codeAfter[0] - codeBefore[0]) > 0.3, "z0 moved: " + codeBefore[0] + " -> " + codeAfter[0]);
        assertEquals(codeBefore[1], codeAfter[1], 1e-6, "z1 stays");
        waitFor(5, "the editor cross on the map", () -> window.latentMap().canvas().markersDrawnProperty().get() == 2);
    }

    @Test
    void aCodeBeyondAVaesSlidersIsShownAsItIsAndAnAesSlidersSpanItsCodes(FxRobot robot) {
        waitUntilReady();
        // a VAE's sliders span 3 either side of 0; a code beyond stops its slider at the end but is shown whole
        runFx(() -> window.editor().viewModel().setDimension(0, 7.25));
        assertEquals(3.0, onFx(() -> robot.lookup("#z0").queryAs(Slider.class).getValue()), 1e-9);
        assertEquals("+7.25", onFx(() -> robot.lookup("#z0-value").queryAs(Label.class).getText()));
        assertEquals(7.25f, onFx(() -> window.editor().viewModel().codeProperty().get()[0]), 1e-6, "the code is kept");

        runFx(() -> {
            window.training().settings().kindProperty().set(latentlab.core.model.ModelKind.AE);
            window.training().settings().epochsProperty().set(2);
            window.training().resetModel();
        });
        waitFor(LOAD_SECONDS, "a new AE", () -> onFx(() -> window.workspace().session().model().config().kind()
                == latentlab.core.model.ModelKind.AE && window.training().busyProperty().get().isEmpty()));
        robot.clickOn("#train");
        waitFor(TRAIN_SECONDS, "two epochs", () -> window.training().state() == TrainingState.READY
                && window.chart().chart().history().size(LossSeries.TEST) == 2);
        var last = onFx(() -> {
            var history = window.workspace().session().model().history();
            return history.get(history.size() - 1);
        });
        var ranges = latentlab.app.editor.EditorViewModel.SliderRanges.around(last.codeLow(), last.codeHigh());
        waitFor(5, "the AE's ranges on the sliders", () -> onFx(() ->
                robot.lookup("#z1").queryAs(Slider.class).getMax() == ranges.high()[1]));
        for (int j = 0; j < 2; j++) {
            Slider slider = robot.lookup("#z" + j).queryAs(Slider.class);
            double min = onFx(slider::getMin);
            double max = onFx(slider::getMax);
            assertEquals(ranges.low()[j], min, 1e-9);
            assertEquals(ranges.high()[j], max, 1e-9);
            assertTrue(min < last.codeLow().get(j) && max > last.codeHigh().get(j), "z" + j + "'s slider spans its codes");
        }
    }

    /** The text a choice box shows: its value, as its skin draws it. */
    private static String shownChoice(FxRobot robot, String id) {
        ChoiceBox<?> box = robot.lookup(id).query();
        Label shown = (Label) box.lookup(".label");
        return box.getValue() == null ? "(no value) " + shown.getText() : shown.getText();
    }

    /** Opens the choice box {@code id} and clicks its entry {@code entry} in the menu that drops down. */
    private static void choose(FxRobot robot, String id, String entry) {
        choose(robot, robot.lookup(id).<Node>query(), entry);
    }

    private static void choose(FxRobot robot, Node box, String entry) {
        robot.clickOn(box);
        Node item = robot.lookup((Node n) -> n instanceof Label l && entry.equals(l.getText()) && n.getScene() != null
                && n.getScene().getWindow() instanceof javafx.scene.control.ContextMenu).query();
        robot.clickOn(item);
    }

    @Test
    void editingAnUntrainedModelsLatentSizeMakesANewModelOnceTheEditSettles() {
        waitUntilReady();
        runFx(() -> window.training().settings().latentProperty().set(3));          // no button: the settle makes it
        waitFor(LOAD_SECONDS, "a new model with 3 latent dimensions, drawn", () -> onFx(() -> {
            var r = window.manifold().viewModel().renderedProperty().get();
            return r != null && r.grid().base().length == 3 && window.training().busyProperty().get().isEmpty();
        }));
        assertTrue(onFx(() -> window.training().modelDescriptionProperty().get()).contains("-3 "),
                onFx(() -> window.training().modelDescriptionProperty().get()));
    }

    @Test
    void withThreeLatentDimensionsTheManifoldAndTheMapLetTheUserChooseWhichTwoTheyShow(FxRobot robot) {
        waitUntilReady();
        assertFalse(onFx(() -> robot.lookup("#manifold-dim-y").query().isVisible()), "no choice with 2 dimensions");
        runFx(() -> {
            window.training().settings().latentProperty().set(3);
            window.training().resetModel();
        });
        waitFor(LOAD_SECONDS, "a model with 3 latent dimensions, drawn", () -> onFx(() -> {
            var r = window.manifold().viewModel().renderedProperty().get();
            return r != null && r.grid().base().length == 3 && window.training().busyProperty().get().isEmpty();
        }));
        assertTrue(onFx(() -> robot.lookup("#manifold-dim-y").query().isVisible()));
        // each box shows the dimension it holds (a box given a new list of dimensions had gone blank)
        for (String id : List.of("#manifold-dim-x", "#map-dim-x")) {
            assertEquals("0", onFx(() -> shownChoice(robot, id)), id);
        }
        for (String id : List.of("#manifold-dim-y", "#map-dim-y")) {
            assertEquals("1", onFx(() -> shownChoice(robot, id)), id);
        }

        System.gc();                          // bindings hold their ends weakly: a collection must not cut the boxes off
        choose(robot, "#manifold-dim-y", "2");
        waitFor(5, "the grid spanned by z0 and z2", () -> onFx(() -> {
            var r = window.manifold().viewModel().renderedProperty().get();
            return r.grid().dimX() == 0 && r.grid().dimY() == 2;
        }));

        choose(robot, "#map-dim-x", "2");
        assertEquals(latentlab.app.latentmap.Projection.dims(2, 1),
                onFx(() -> window.latentMap().viewModel().projectionProperty().get()));

        // the settings' choices are choice boxes too: Kind, the first of the model's settings
        choose(robot, robot.from(robot.lookup("#model-settings").<Node>query()).lookup(".choice-box").<Node>query(), "AE");
        assertEquals(latentlab.core.model.ModelKind.AE, onFx(() -> window.training().settings().kindProperty().get()));
    }

    @Test
    void savingAndOpeningAModelRestoresIt(FxRobot robot) {
        runFx(() -> window.training().settings().epochsProperty().set(1));
        waitUntilReady();
        robot.clickOn("#train");
        waitFor(TRAIN_SECONDS, "one epoch", () -> window.training().state() == TrainingState.READY
                && window.chart().chart().history().size(LossSeries.TEST) == 1);
        Path file = tmp.resolve("faces.llab");
        dialogs.answer(file);
        robot.clickOn("#save-model");
        waitFor(10, "the file", () -> Files.isRegularFile(file) && window.training().busyProperty().get().isEmpty());
        waitForMessage("Saved");

        robot.clickOn("#reset");
        waitFor(10, "a new model", () -> window.training().modelDescriptionProperty().get().endsWith("untrained"));
        assertEquals(0, onFx(() -> window.chart().chart().history().size(LossSeries.TEST)));

        dialogs.answer(file);
        robot.clickOn("#open-model");
        waitFor(10, "the model to open", () -> window.training().modelDescriptionProperty().get().endsWith("1 epoch"));
        assertTrue(text(robot, "#model-text").contains("VAE 784-32-2"), text(robot, "#model-text"));
        assertEquals(1, onFx(() -> window.chart().chart().history().size(LossSeries.TEST)), "its history is charted");
        waitForMessage("Opened faces.llab");
        assertTrue(onFx(() -> window.root().getScene().getWindow() instanceof Stage s && s.getTitle().contains("1 epoch")));
    }

    @Test
    void aLongErrorStaysInsideTheWindowUntilClosedAndTheStatusBarKeepsIt(FxRobot robot) {
        // a run that does not end by itself: its end message must not replace the error before it is seen
        runFx(() -> window.training().settings().epochsProperty().set(500));
        waitUntilReady();
        java.util.concurrent.atomic.AtomicReference<Double> widest = new java.util.concurrent.atomic.AtomicReference<>(0.0);
        runFx(() -> window.root().boundsInParentProperty().addListener((o, was, is) ->
                widest.accumulateAndGet(is.getWidth(), Math::max)));
        robot.clickOn("#train");                                                   // the status bar shows its progress bar
        String text = "A very long error. " + "Nothing here fits on one line of the status bar. ".repeat(40);
        runFx(() -> window.messages().post(latentlab.app.common.Message.error(text)));
        waitForMessage("A very long error.");
        sleep(300);                                                                // a few pulses: layout and paint
        double sceneWidth = onFx(() -> window.root().getScene().getWidth());
        // the status bar's overflowing contents must not widen the root (that made JavaFX repaint the whole
        // window, in software a frame of about 100 ms)
        assertTrue(onFx(() -> window.root().getBoundsInParent().getWidth()) <= sceneWidth + 0.5,
                onFx(() -> window.root().getBoundsInParent()).toString());
        robot.clickOn("#stop");
        waitFor(TRAIN_SECONDS, "the run to end", () -> window.training().state() == TrainingState.READY);
        sleep(300);
        assertTrue(widest.get() <= sceneWidth + 0.5, "the window's root was never wider than the window: " + widest.get());
        runFx(() -> window.messages().post(latentlab.app.common.Message.error(text)));  // the run's end posted its own
        waitForMessage("A very long error.");
        assertTrue(onFx(() -> window.root().lookup("#message-bar").getStyleClass().contains("message-error")));
        sleep(500);
        assertTrue(onFx(() -> window.messages().showingProperty().get()), "an error stays");
        robot.clickOn("#message-close");
        waitFor(5, "the bar to close", () -> !onFx(() -> window.messages().showingProperty().get()));
        assertEquals(text, onFx(() -> window.messages().lastProperty().get().text()), "the status bar still has it");
        assertFalse(onFx(() -> window.root().lookup("#message-bar").isVisible()));
    }

    @Test
    void openingAFileThatIsNoModelSaysSoAndKeepsTheModel(FxRobot robot) throws IOException {
        waitUntilReady();
        String model = onFx(() -> window.training().modelDescriptionProperty().get());
        Path bogus = Files.writeString(tmp.resolve("bogus.llab"), "not a zip");
        dialogs.answer(bogus);
        robot.clickOn("#open-model");
        waitForMessage("bogus.llab", "not a Latent Lab model file");
        assertEquals(model, onFx(() -> window.training().modelDescriptionProperty().get()));
        assertEquals(TrainingState.READY, onFx(() -> window.training().state()));
    }

    @Test
    void inAWindowLowerThan720TheSettingsShowWholeAndThePanelScrollsToItsFileButtons(FxRobot robot) {
        waitUntilReady();
        javafx.stage.Window stage = onFx(() -> window.root().getScene().getWindow());
        try {
            runFx(() -> stage.setHeight(620));                     // a 720 projector less a title bar and a top bar
            waitFor(5, "the window laid out lower", () -> onFx(() -> window.root().getHeight() <= 621));
            sleep(300);
            for (String id : List.of("#model-settings", "#training-settings")) {
                Node sheet = robot.lookup(id).query();
                for (Node bar : onFx(() -> sheet.lookupAll(".scroll-bar"))) {
                    assertFalse(onFx(bar::isVisible), id + " shows all its rows, with no scroll bar of its own");
                }
            }
            ScrollPane panel = robot.lookup("#panel-scroll").query();
            Node save = robot.lookup("#save-model").query();
            var viewport = onFx(() -> panel.localToScene(panel.getLayoutBounds()));
            assertTrue(onFx(() -> save.localToScene(save.getLayoutBounds()).getMinY()) > viewport.getMaxY(),
                    "the file buttons are below the panel's viewport at first");
            runFx(() -> panel.setVvalue(panel.getVmax()));
            sleep(300);
            var button = onFx(() -> save.localToScene(save.getLayoutBounds()));
            assertTrue(button.getMinY() >= viewport.getMinY() && button.getMaxY() <= viewport.getMaxY() + 1,
                    "scrolled down, the panel shows them: " + button + " in " + viewport);
        } finally {
            runFx(() -> stage.setHeight(MainWindow.HEIGHT));
        }
    }

    @Test
    void presenterModeFitsTheWindowAt1280x720(FxRobot robot) {
        waitUntilReady();
        runFx(() -> window.setPresenterMode(true));
        sleep(300);
        assertTrue(onFx(() -> window.root().getStyleClass().contains("presenter")));
        for (Node view : onFx(window::views)) {
            var b = onFx(() -> view.localToScene(view.getBoundsInLocal()));
            assertTrue(b.getWidth() > 100 && b.getHeight() > 100, view.getId() + " is visible: " + b);
            assertTrue(b.getMaxX() <= MainWindow.WIDTH + 1 && b.getMaxY() <= MainWindow.HEIGHT + 1,
                    view.getId() + " fits: " + b);
        }
        runFx(() -> ImageTiles.writePng(FxImages.snapshot(window.root()), Path.of("target/app-screens/presenter.png")));
    }

    /** A white "7" with a thick black stroke, like a photo of a digit on paper. */
    private static BufferedImage handwrittenSeven() {
        BufferedImage image = new BufferedImage(200, 240, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 200, 240);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(18, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.drawLine(40, 50, 160, 50);
        g.drawLine(160, 50, 80, 200);
        g.dispose();
        return image;
    }
}

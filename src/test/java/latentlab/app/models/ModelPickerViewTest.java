package latentlab.app.models;

import javafx.application.Platform;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import javafx.stage.Window;
import latentlab.app.AppContext;
import latentlab.app.AppOptions;
import latentlab.app.AppTestSupport;
import latentlab.app.AppTestSupport.ScriptedDialogs;
import latentlab.app.MainWindow;
import latentlab.app.common.BackgroundExecutors;
import latentlab.app.train.TrainingState;
import latentlab.core.model.ModelCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static latentlab.app.AppTestSupport.onFx;
import static latentlab.app.AppTestSupport.runFx;
import static latentlab.app.AppTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model picker in the real window: the shipped models and one of the user's, opened by a click. */
@ExtendWith(ApplicationExtension.class)
class ModelPickerViewTest {
    private static final Path SHIPPED = Path.of("models");

    @TempDir
    Path userDir;

    private BackgroundExecutors executors;
    private MainWindow window;
    private Path mine;

    @Start
    void start(Stage stage) throws IOException {
        mine = userDir.resolve("my-faces.llab");
        Files.copy(SHIPPED.resolve("synthetic-vae-2d.llab"), mine);
        Files.writeString(userDir.resolve("broken.llab"), "not a model");
        executors = BackgroundExecutors.create();
        window = new MainWindow(new AppContext(executors.threads(Platform::runLater), AppTestSupport.smallDatasets(),
                Optional.of(new ScriptedDialogs()), AppOptions.defaults(), new ModelCatalog(Optional.of(SHIPPED), userDir)));
        window.show(stage);
    }

    @AfterEach
    void stop() {
        runFx(window::shutdown);
        executors.shutdown(5_000);
    }

    private void waitUntilReady() {
        waitFor(60, "the window to be ready", () -> window.training().state() == TrainingState.READY
                && window.training().busyProperty().get().isEmpty());
    }

    private ModelPickerView openFromThePanel(FxRobot robot) {
        waitUntilReady();
        robot.clickOn("#browse-models");
        ModelPickerView picker = onFx(() -> Window.getWindows().stream().map(w -> w.getScene().getRoot())
                .filter(ModelPickerView.class::isInstance).map(ModelPickerView.class::cast).findFirst().orElseThrow());
        waitFor(30, "the listing", () -> !picker.viewModel().loadingProperty().get());
        return picker;
    }

    @Test
    void theModelsButtonListsTheSixShippedModelsTheUsersOwnAndTheFileThatCannotBeRead(FxRobot robot) {
        ModelPickerView picker = openFromThePanel(robot);

        TableView<ModelPickerViewModel.Row> table = picker.table();
        assertEquals(7, onFx(() -> table.getItems().size()));
        assertEquals(6, onFx(() -> table.getItems().stream().filter(r -> r.origin().equals("shipped")).count()));
        assertEquals("my-faces", onFx(() -> table.getItems().getLast().title()));
        assertTrue(onFx(() -> picker.lookup("#unreadable").isVisible()));
        String unreadable = onFx(() -> ((javafx.scene.control.TextArea) picker.lookup("#unreadable")).getText());
        assertTrue(unreadable.contains("broken.llab"), unreadable);
        assertEquals(userDir.toString(), onFx(() -> ((javafx.scene.control.TextField) picker.lookup("#user-models-folder"))
                .getText()));
    }

    @Test
    void openingTheUsersModelMakesItTheWindowsModelAndClosesThePicker(FxRobot robot) {
        ModelPickerView picker = openFromThePanel(robot);
        runFx(() -> picker.table().getSelectionModel().select(picker.table().getItems().getLast()));

        robot.clickOn(picker.lookup("#open"));

        waitFor(30, "the user's model to open", () -> mine.equals(window.training().modelFileProperty().get())
                && window.training().busyProperty().get().isEmpty());
        assertEquals("synthetic", onFx(() -> window.workspace().session().model().datasetName()));
        assertTrue(onFx(() -> window.workspace().session().model().epochsTrained()) > 0, "the trained copy, not a new model");
        assertFalse(onFx(() -> picker.getScene().getWindow().isShowing()), "the picker closed");
    }

    @Test
    void doubleClickingAShippedModelOpensItWithoutAFileToSaveBackTo(FxRobot robot) {
        ModelPickerView picker = openFromThePanel(robot);
        ModelCatalog.Entry faces = onFx(() -> picker.table().getItems().stream()
                .filter(r -> r.entry().id().equals("synthetic-vae-2d")).findFirst().orElseThrow().entry());
        int index = onFx(() -> picker.table().getItems().stream().map(ModelPickerViewModel.Row::entry).toList()
                .indexOf(faces));
        runFx(() -> picker.table().scrollTo(index));
        robot.doubleClickOn(robot.from(picker.table()).lookup(".table-row-cell")
                .match(n -> n instanceof javafx.scene.control.TableRow<?> r && r.getItem() != null
                        && ((ModelPickerViewModel.Row) r.getItem()).entry().equals(faces)).queryAs(javafx.scene.Node.class));

        waitFor(30, "the shipped model to open", () -> window.training().busyProperty().get().isEmpty()
                && window.workspace().session() != null
                && window.workspace().session().model().epochsTrained() == faces.epochs());
        assertEquals(faces.architecture(), onFx(() -> window.workspace().session().model().config().describe()));
        assertNull(onFx(() -> window.training().modelFileProperty().get()), "Save never overwrites a shipped model");
    }
}

package latentlab.app.datasets;

import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.stage.Window;
import latentlab.app.AppContext;
import latentlab.app.AppOptions;
import latentlab.app.AppTestSupport;
import latentlab.app.AppTestSupport.ScriptedDialogs;
import latentlab.app.DatasetSource;
import latentlab.app.MainWindow;
import latentlab.app.common.BackgroundExecutors;
import latentlab.app.train.TrainingState;
import latentlab.core.data.DataLocator;
import latentlab.core.data.download.DatasetManager;
import latentlab.core.data.download.DownloadCatalog;
import latentlab.core.data.download.LoopbackMirror;
import latentlab.core.data.download.LoopbackMirror.Mode;
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
import java.time.Duration;
import java.util.Optional;

import static latentlab.app.AppTestSupport.onFx;
import static latentlab.app.AppTestSupport.runFx;
import static latentlab.app.AppTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dataset manager opened from the real window, downloading from a {@link LoopbackMirror} into a
 * temporary data folder that the window's datasets are read from.
 */
@ExtendWith(ApplicationExtension.class)
class DatasetsInTheWindowTest {
    private static final DatasetManager.Options QUICK = new DatasetManager.Options(Duration.ofSeconds(2),
            Duration.ofSeconds(3), 2, Duration.ofMillis(100));

    @TempDir
    Path tmp;

    private LoopbackMirror mirror;
    private BackgroundExecutors executors;
    private MainWindow window;
    private boolean shutDown;

    @Start
    void start(Stage stage) throws IOException {
        mirror = LoopbackMirror.start();
        executors = BackgroundExecutors.create();
        Path data = tmp.resolve("data");
        DataLocator locator = new DataLocator(Optional.of(data), k -> null, "Linux", tmp.resolve("home"));
        DatasetManager downloads = new DatasetManager(locator, data, DownloadCatalog.mirroredAt(mirror.root()), QUICK);
        window = new MainWindow(new AppContext(executors.threads(Platform::runLater),
                DatasetSource.catalog(locator).limitedTo(AppTestSupport.TRAIN_IMAGES, AppTestSupport.TEST_IMAGES),
                Optional.of(new ScriptedDialogs()), AppOptions.defaults(),
                new ModelCatalog(Optional.of(Path.of("models")), tmp.resolve("models")), downloads));
        window.show(stage);
    }

    @AfterEach
    void stop() {
        if (!shutDown) {
            runFx(window::shutdown);
        }
        executors.shutdown(5_000);
        mirror.close();
    }

    private void waitUntilReady() {
        waitFor(60, "the window to be ready", () -> window.training().state() == TrainingState.READY
                && window.training().busyProperty().get().isEmpty());
    }

    private static DatasetManagerView shownManager() {
        return onFx(() -> Window.getWindows().stream().filter(Window::isShowing).map(w -> w.getScene().getRoot())
                .filter(DatasetManagerView.class::isInstance).map(DatasetManagerView.class::cast).findFirst()
                .orElseThrow());
    }

    /** Data > Datasets... with the mouse (the panel's button of the same name is not the menu item). */
    private static void chooseDataDatasets(FxRobot robot) {
        robot.clickOn("Data");
        robot.clickOn(robot.lookup(".context-menu .label").match(n -> n instanceof javafx.scene.control.Label l
                && l.getText().equals("Datasets\u2026")).queryAs(javafx.scene.Node.class));
    }

    @Test
    void theDataMenuOpensTheManagerAndUseItNowLoadsTheDownloadedDatasetInTheWindow(FxRobot robot) {
        waitUntilReady();
        chooseDataDatasets(robot);
        DatasetManagerView manager = shownManager();
        DatasetRow frey = manager.viewModel().row("frey").orElseThrow();
        waitFor(10, "the first check", () -> "missing".equals(frey.stateTextProperty().get()));

        robot.clickOn(manager.lookup("#download-frey"));
        waitFor(60, "Frey Face verified", () -> "verified".equals(frey.stateTextProperty().get()));
        robot.clickOn(manager.lookup("#use-frey"));

        waitFor(60, "Frey Face in the window", () -> "frey".equals(window.training().datasetNameProperty().get())
                && window.training().busyProperty().get().isEmpty());
        assertFalse(onFx(() -> window.workspace().session().dataset().isAbsent()));
        assertEquals(TrainingState.READY, onFx(() -> window.training().state()));
    }

    @Test
    void closingTheManagerCancelsItsDownloadAndKeepsWhatArrivedForAResume(FxRobot robot) {
        waitUntilReady();
        runFx(() -> window.messages().hide());          // the "Loaded ..." bar lies over the panel's top
        robot.clickOn("#manage-datasets");
        DatasetManagerView manager = shownManager();
        DatasetRow mnist = manager.viewModel().row("mnist").orElseThrow();
        waitFor(10, "the first check", () -> "missing".equals(mnist.stateTextProperty().get()));
        mirror.then(Mode.SLOW);

        robot.clickOn(manager.lookup("#download-mnist"));
        waitFor(30, "some bytes", () -> mnist.progressProperty().get() > 0.02);
        robot.clickOn(manager.lookup("#close"));

        waitFor(10, "the download to stop", () -> !mnist.downloadingProperty().get());
        assertFalse(onFx(() -> manager.getScene().getWindow().isShowing()));
        assertTrue(onFx(() -> mnist.noteProperty().get()).contains("cancelled"));
        assertTrue(Files.exists(tmp.resolve("data/mnist/train-images-idx3-ubyte.gz" + DatasetManager.PART_SUFFIX)));

        chooseDataDatasets(robot);
        waitFor(10, "the check on reopening", () -> "Resume".equals(mnist.actionTextProperty().get()));
    }

    @Test
    void closingTheAppStopsARunningDownload(FxRobot robot) {
        waitUntilReady();
        DatasetManagerView manager = onFx(window::openDatasetManager);
        DatasetRow mnist = manager.viewModel().row("mnist").orElseThrow();
        waitFor(10, "the first check", () -> "missing".equals(mnist.stateTextProperty().get()));
        mirror.then(Mode.SLOW);
        robot.clickOn(manager.lookup("#download-mnist"));
        waitFor(30, "some bytes", () -> mnist.progressProperty().get() > 0.02);

        runFx(window::shutdown);
        shutDown = true;

        // the pool counts as terminated once its last thread has left its task loop, a moment before that
        // thread has ended: allow it that moment (failed once in ci-clean-run, checked at once)
        waitFor(1, "no download thread left", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("latentlab-download") && t.isAlive()));
        assertFalse(Files.exists(tmp.resolve("data/mnist/train-images-idx3-ubyte.gz")));
        assertTrue(Files.exists(tmp.resolve("data/mnist/train-images-idx3-ubyte.gz" + DatasetManager.PART_SUFFIX)));
    }
}

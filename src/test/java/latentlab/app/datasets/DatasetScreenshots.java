package latentlab.app.datasets;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.stage.Stage;
import latentlab.app.AppContext;
import latentlab.app.AppOptions;
import latentlab.app.AppTestSupport;
import latentlab.app.AppTestSupport.ScriptedDialogs;
import latentlab.app.DatasetSource;
import latentlab.app.MainWindow;
import latentlab.app.common.BackgroundExecutors;
import latentlab.app.common.FxImages;
import latentlab.app.models.ModelPickerView;
import latentlab.app.train.TrainingState;
import latentlab.core.data.DataLocator;
import latentlab.core.data.download.DatasetManager;
import latentlab.core.data.download.DownloadCatalog;
import latentlab.core.data.download.LoopbackMirror;
import latentlab.core.data.download.LoopbackMirror.Mode;
import latentlab.core.explore.ImageTiles;
import latentlab.core.model.ModelCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static latentlab.app.AppTestSupport.onFx;
import static latentlab.app.AppTestSupport.runFx;
import static latentlab.app.AppTestSupport.sleep;
import static latentlab.app.AppTestSupport.waitFor;

/**
 * Takes the README's screenshots of the dataset manager and the model picker, from the real window with
 * a loopback mirror: MNIST verified, Fashion-MNIST downloading, Frey Face failed. Not part of the suite:
 * run with {@code mvn test -Dtest=DatasetScreenshots -Dlatentlab.screenshots=assets/screenshots}; the
 * presenter-mode versions go to {@code target/screenshots}.
 */
@ExtendWith(ApplicationExtension.class)
@EnabledIfSystemProperty(named = "latentlab.screenshots", matches = ".+")
class DatasetScreenshots {
    @TempDir
    Path tmp;

    private LoopbackMirror mirror;
    private BackgroundExecutors executors;
    private MainWindow window;

    @Start
    void start(Stage stage) throws IOException {
        mirror = LoopbackMirror.start();
        executors = BackgroundExecutors.create();
        Path data = tmp.resolve("home/.local/share/latentlab/datasets");
        DataLocator locator = new DataLocator(Optional.empty(), k -> null, "Linux", tmp.resolve("home"));
        Path models = tmp.resolve("home/.local/share/latentlab/models");
        Files.createDirectories(models);
        Files.copy(Path.of("models/synthetic-vae-2d.llab"), models.resolve("faces-beta4.llab"));
        DatasetManager downloads = new DatasetManager(locator, data, DownloadCatalog.mirroredAt(mirror.root()),
                DatasetManager.Options.defaults());
        window = new MainWindow(new AppContext(executors.threads(Platform::runLater),
                DatasetSource.catalog(locator).limitedTo(AppTestSupport.TRAIN_IMAGES, AppTestSupport.TEST_IMAGES),
                Optional.of(new ScriptedDialogs()), AppOptions.defaults(),
                new ModelCatalog(Optional.of(Path.of("models")), models), downloads));
        window.show(stage);
    }

    @Test
    void takeScreenshots() throws IOException {
        Path dir = Path.of(System.getProperty("latentlab.screenshots"));
        Path extra = Path.of("target/screenshots");
        Files.createDirectories(extra);
        waitFor(60, "the window", () -> window.training().state() == TrainingState.READY
                && window.training().busyProperty().get().isEmpty());
        shoot(window.views().getFirst(), extra.resolve("training-panel.png"));

        DatasetManagerView manager = onFx(window::openDatasetManager);
        DatasetManagerViewModel vm = manager.viewModel();
        waitFor(10, "the first check", () -> !vm.checkingProperty().get());
        runFx(() -> vm.download("mnist"));
        waitFor(60, "MNIST", () -> "verified".equals(vm.row("mnist").orElseThrow().stateTextProperty().get()));
        mirror.then(Mode.CORRUPT);
        runFx(() -> vm.download("frey"));
        waitFor(60, "Frey Face to fail", () -> !vm.row("frey").orElseThrow().problemProperty().get().isEmpty());
        mirror.then(Mode.SLOW);
        runFx(() -> vm.download("fashion-mnist"));
        waitFor(60, "Fashion-MNIST under way", () -> vm.row("fashion-mnist").orElseThrow().progressProperty().get() > 0.3);
        sleep(300);
        shoot(manager, dir.resolve("dataset-manager.png"));
        runFx(() -> window.setPresenterMode(true));
        sleep(800);
        shoot(manager, extra.resolve("dataset-manager-presenter.png"));
        runFx(() -> window.setPresenterMode(false));
        runFx(vm::cancelAll);

        ModelPickerView picker = onFx(window::openModelPicker);
        waitFor(30, "the listing", () -> !picker.viewModel().loadingProperty().get());
        runFx(() -> picker.table().getSelectionModel().select(0));
        sleep(500);
        shoot(picker, dir.resolve("model-picker.png"));
        runFx(() -> window.setPresenterMode(true));
        sleep(800);
        shoot(picker, extra.resolve("model-picker-presenter.png"));
        shoot(window.views().getFirst(), extra.resolve("training-panel-presenter.png"));
        runFx(window::shutdown);
        executors.shutdown(5_000);
        mirror.close();
    }

    private static void shoot(Node node, Path file) {
        runFx(() -> ImageTiles.writePng(FxImages.snapshot(node), file));
    }
}

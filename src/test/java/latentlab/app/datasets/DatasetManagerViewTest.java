package latentlab.app.datasets;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import latentlab.app.MainWindow;
import latentlab.app.common.BackgroundExecutors;
import latentlab.core.data.DataLocator;
import latentlab.core.data.DatasetCatalog;
import latentlab.core.data.download.DatasetManager;
import latentlab.core.data.download.DatasetStatus;
import latentlab.core.data.download.DownloadCatalog;
import latentlab.core.data.download.LoopbackMirror;
import latentlab.core.data.download.LoopbackMirror.Mode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static latentlab.app.AppTestSupport.onFx;
import static latentlab.app.AppTestSupport.runFx;
import static latentlab.app.AppTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dataset manager window, driven headless as a teacher would, downloading from a {@link LoopbackMirror}
 * (127.0.0.1 only) into a temporary data folder.
 */
@ExtendWith(ApplicationExtension.class)
class DatasetManagerViewTest {
    /** Short timeouts and one quick retry, so that failures show in seconds. */
    private static final DatasetManager.Options QUICK = new DatasetManager.Options(Duration.ofSeconds(2),
            Duration.ofSeconds(3), 2, Duration.ofMillis(100));
    private static final double DOWNLOAD_SECONDS = 60;

    @TempDir
    Path tmp;

    private LoopbackMirror mirror;
    private ExecutorService worker;
    private DatasetManager manager;
    private DatasetManagerViewModel vm;
    private DatasetManagerView view;
    private final List<String> used = new CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) throws IOException {
        mirror = LoopbackMirror.start();
        worker = Executors.newCachedThreadPool(BackgroundExecutors.named("test-download"));
        show(stage, DownloadCatalog.mirroredAt(mirror.root()));
    }

    private void show(Stage stage, DownloadCatalog sources) {
        DataLocator locator = new DataLocator(Optional.empty(), k -> null, "Linux", tmp.resolve("home"));
        manager = new DatasetManager(locator, tmp.resolve("data"), sources, QUICK);
        vm = new DatasetManagerViewModel(manager, worker, Platform::runLater, used::add);
        view = new DatasetManagerView(vm);
        Scene scene = new Scene(view, 900, 620);
        scene.getStylesheets().add(MainWindow.class.getResource("latentlab.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
        vm.refresh();
    }

    @AfterEach
    void stop() throws InterruptedException {
        runFx(vm::shutdown);
        worker.shutdown();
        worker.awaitTermination(10, TimeUnit.SECONDS);
        mirror.close();
    }

    private String state(String name) {
        return onFx(() -> vm.row(name).orElseThrow().stateTextProperty().get());
    }

    private <T extends javafx.scene.Node> T node(FxRobot robot, String id, Class<T> type) {
        return robot.lookup("#" + id).queryAs(type);
    }

    @Test
    void showsEveryDatasetWithTheBuiltInOneHereAndTheOthersMissing(FxRobot robot) {
        waitFor(10, "the first check", () -> !vm.checkingProperty().get());
        assertEquals(List.of("synthetic", "mnist", "fashion-mnist", "frey"),
                onFx(() -> vm.rows().stream().map(DatasetRow::name).toList()));
        assertEquals("built in", state("synthetic"));
        for (String name : List.of("mnist", "fashion-mnist", "frey")) {
            assertEquals("missing", state(name));
            assertEquals("Download", onFx(() -> node(robot, "download-" + name, Button.class).getText()));
        }
        assertTrue(onFx(() -> node(robot, "size-mnist", Label.class).getText()).startsWith("11.6 MB to download"));
        assertEquals(tmp.resolve("data").resolve("mnist").toString(),
                onFx(() -> vm.row("mnist").orElseThrow().folderTextProperty().get()));
    }

    @Test
    void downloadingMnistMovesTheProgressBarToOneAndTheRowBecomesVerified(FxRobot robot) throws IOException {
        waitFor(10, "the first check", () -> "missing".equals(state("mnist")));
        List<Double> seen = new CopyOnWriteArrayList<>();
        ProgressBar bar = node(robot, "progress-mnist", ProgressBar.class);
        runFx(() -> bar.progressProperty().addListener((obs, was, is) -> seen.add(is.doubleValue())));
        mirror.then(Mode.SLOW);                                   // the first file takes a few seconds

        robot.clickOn("#download-mnist");
        waitFor(DOWNLOAD_SECONDS, "MNIST verified", () -> "verified".equals(state("mnist")));

        assertEquals(1.0, onFx(bar::getProgress), 1e-9);
        assertTrue(seen.stream().anyMatch(p -> p > 0.01 && p < 0.99), "the bar moved through " + seen);
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) >= seen.get(i - 1), "the bar never goes back: " + seen);
        }
        assertEquals(DatasetStatus.State.VERIFIED, manager.status("mnist", true).state());
        try (Stream<Path> files = Files.list(tmp.resolve("data").resolve("mnist"))) {
            assertFalse(files.anyMatch(f -> f.toString().endsWith(DatasetManager.PART_SUFFIX)), "no part file left");
        }
        assertEquals("", onFx(() -> node(robot, "download-mnist", Button.class).getText()));
        assertFalse(onFx(() -> node(robot, "cancel-mnist", Button.class).isVisible()));
        Button use = node(robot, "use-mnist", Button.class);
        assertEquals("Use it now", onFx(use::getText));
        robot.clickOn(use);
        waitFor(5, "the main window asked to load MNIST", () -> used.equals(List.of("mnist")));
    }

    @ParameterizedTest(name = "a mirror that sends {0} files")
    @EnumSource(value = Mode.class, names = {"CORRUPT", "TRUNCATED"})
    void aBadFileShowsTheProblemAndWhichFilesToPutInWhichFolderAndNothingCountsAsPresent(Mode mode, FxRobot robot)
            throws IOException {
        waitFor(10, "the first check", () -> "missing".equals(state("frey")));
        mirror.then(mode, mode);                                  // both attempts

        robot.clickOn("#download-frey");
        waitFor(DOWNLOAD_SECONDS, "the failure", () -> !vm.row("frey").orElseThrow().problemProperty().get().isEmpty());

        TextArea problem = node(robot, "problem-frey", TextArea.class);
        String text = onFx(problem::getText);
        Path folder = tmp.resolve("data").resolve("frey");
        assertTrue(onFx(problem::isVisible), "the problem is shown");
        assertFalse(onFx(problem::isEditable), "it can be selected and copied, not changed");
        assertTrue(text.contains("not the published file"), text);
        assertTrue(text.contains("frey_rawface.mat") && text.contains("put it") && text.contains(folder.toString()),
                "the manual alternative names the file and the folder: " + text);
        assertEquals("missing", state("frey"));
        assertEquals("Retry", onFx(() -> node(robot, "download-frey", Button.class).getText()));
        assertFalse(Files.exists(folder.resolve("frey_rawface.mat")), "nothing unverified under the file's name");
        assertEquals(DatasetStatus.State.MISSING, manager.status("frey", false).state());
    }

    @Test
    void withNoNetworkTheWindowSaysSoAndGivesTheManualAlternative(FxRobot robot) throws IOException {
        URI nowhere = LoopbackMirror.unreachable();
        Stage stage = onFx(() -> (Stage) view.getScene().getWindow());
        runFx(() -> {
            vm.shutdown();
            show(stage, DownloadCatalog.mirroredAt(nowhere));
        });
        waitFor(10, "the first check", () -> "missing".equals(state("mnist")));

        robot.clickOn("#download-mnist");
        waitFor(DOWNLOAD_SECONDS, "the failure", () -> !vm.row("mnist").orElseThrow().problemProperty().get().isEmpty());

        String text = onFx(() -> node(robot, "problem-mnist", TextArea.class).getText());
        assertTrue(text.contains("offline"), text);
        assertTrue(text.contains("train-images-idx3-ubyte.gz") && text.contains("still gzipped")
                && text.contains(tmp.resolve("data").resolve("mnist").toString()), text);
        assertEquals("Retry", onFx(() -> node(robot, "download-mnist", Button.class).getText()));
    }

    @Test
    void cancelStopsASlowDownloadKeepsWhatArrivedAndResumeFinishesIt(FxRobot robot) {
        waitFor(10, "the first check", () -> "missing".equals(state("mnist")));
        mirror.then(Mode.SLOW);
        DatasetRow row = vm.row("mnist").orElseThrow();

        robot.clickOn("#download-mnist");
        waitFor(DOWNLOAD_SECONDS, "some bytes", () -> row.progressProperty().get() > 0.02);
        assertTrue(onFx(() -> node(robot, "cancel-mnist", Button.class).isVisible()));
        robot.clickOn("#cancel-mnist");
        waitFor(10, "the download to stop", () -> !row.downloadingProperty().get() && row.statusProperty().get() != null
                && row.statusProperty().get().state() == DatasetStatus.State.MISSING);

        assertEquals("missing", state("mnist"));
        assertEquals("Resume", onFx(() -> node(robot, "download-mnist", Button.class).getText()));
        assertTrue(onFx(() -> row.noteProperty().get()).contains("cancelled"), onFx(() -> row.noteProperty().get()));
        assertEquals("", onFx(() -> row.problemProperty().get()), "a cancel is not a failure");
        assertTrue(Files.exists(tmp.resolve("data").resolve("mnist").resolve("train-images-idx3-ubyte.gz"
                + DatasetManager.PART_SUFFIX)), "what arrived is kept");
        assertTrue(onFx(() -> row.sizeTextProperty().get()).contains("kept from before"));

        robot.clickOn("#download-mnist");
        waitFor(DOWNLOAD_SECONDS, "MNIST verified", () -> "verified".equals(state("mnist")));
        assertTrue(mirror.requests().stream().anyMatch(r -> r.range() != null && r.path().endsWith("train-images-idx3-ubyte.gz")),
                "the second download resumed with a range request: " + mirror.requests());
    }

    @Test
    void verifyFindsADamagedFileAndDownloadAgainFetchesOnlyThatFile(FxRobot robot) throws IOException {
        Path folder = tmp.resolve("data").resolve("mnist");
        Files.createDirectories(folder);
        for (String file : DatasetCatalog.IDX_FILES) {
            Files.copy(LoopbackMirror.sharedDatasets().resolve("mnist").resolve(file), folder.resolve(file));
        }
        Path labels = folder.resolve("t10k-labels-idx1-ubyte.gz");
        byte[] bytes = Files.readAllBytes(labels);
        bytes[bytes.length / 2] ^= 1;                             // same size, other SHA-256
        Files.write(labels, bytes);
        runFx(vm::refresh);
        waitFor(10, "the sizes check", () -> "present".equals(state("mnist")));

        robot.clickOn("#verify");
        waitFor(30, "the checksums", () -> "damaged".equals(state("mnist")));
        assertEquals("Download again", onFx(() -> node(robot, "download-mnist", Button.class).getText()));
        assertEquals("missing", state("fashion-mnist"), "a dataset that is not here stays missing");

        robot.clickOn("#download-mnist");
        waitFor(DOWNLOAD_SECONDS, "MNIST verified", () -> "verified".equals(state("mnist")));
        assertTrue(Files.exists(folder.resolve("t10k-labels-idx1-ubyte.gz" + DatasetManager.REJECTED_SUFFIX)),
                "the damaged file is set aside, not used");
        assertEquals(List.of("/mnist/t10k-labels-idx1-ubyte.gz"),
                mirror.requests().stream().map(LoopbackMirror.Request::path).toList());
    }
}

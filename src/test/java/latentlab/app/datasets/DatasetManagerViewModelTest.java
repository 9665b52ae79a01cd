package latentlab.app.datasets;

import latentlab.core.data.DataLocator;
import latentlab.core.data.download.DatasetManager;
import latentlab.core.data.download.DatasetStatus;
import latentlab.core.data.download.DownloadCatalog;
import latentlab.core.data.download.LoopbackMirror;
import latentlab.core.data.download.LoopbackMirror.Mode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dataset manager's view-model without a window: checks and downloads run on the calling thread,
 * against a {@link LoopbackMirror} on 127.0.0.1.
 */
class DatasetManagerViewModelTest {
    @TempDir
    Path tmp;

    private LoopbackMirror mirror;
    private DatasetManagerViewModel vm;
    private final List<String> used = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        mirror = LoopbackMirror.start();
        DataLocator locator = new DataLocator(Optional.empty(), k -> null, "Linux", tmp.resolve("home"));
        DatasetManager manager = new DatasetManager(locator, tmp.resolve("data"),
                DownloadCatalog.mirroredAt(mirror.root()), new DatasetManager.Options(Duration.ofSeconds(2),
                Duration.ofSeconds(3), 1, Duration.ofMillis(10)));
        vm = new DatasetManagerViewModel(manager, Runnable::run, Runnable::run, used::add);
        vm.refresh();
    }

    @AfterEach
    void stop() {
        mirror.close();
    }

    private DatasetRow row(String name) {
        return vm.row(name).orElseThrow();
    }

    @Test
    void aCompletedDownloadLeavesTheRowVerifiedAtFullProgressAndOffersUseItNow() {
        assertEquals("Download", row("frey").actionTextProperty().get());

        vm.download("frey");

        DatasetRow frey = row("frey");
        assertEquals(DatasetStatus.State.VERIFIED, frey.statusProperty().get().state());
        assertEquals(1.0, frey.progressProperty().get());
        assertTrue(frey.justDownloadedProperty().get());
        assertEquals("", frey.actionTextProperty().get(), "nothing left to download");
        assertTrue(frey.noteProperty().get().contains("SHA-256"), frey.noteProperty().get());
        assertFalse(vm.anyDownloading());
        vm.use("frey");
        assertEquals(List.of("frey"), used);
    }

    @Test
    void aDatasetIsNotUsedWhileTheWindowCannotLoadOneOrWhenItIsMissing() {
        vm.use("mnist");
        vm.canUseProperty().set(false);
        vm.use("synthetic");
        assertEquals(List.of(), used);
        vm.canUseProperty().set(true);
        vm.use("synthetic");
        assertEquals(List.of("synthetic"), used);
    }

    @Test
    void aFailedDownloadOffersRetryAndAStopMidwayKeepsThePartForResume() {
        mirror.then(Mode.NOT_FOUND);
        vm.download("frey");
        assertEquals("Retry", row("frey").actionTextProperty().get());
        assertTrue(row("frey").problemProperty().get().contains("put it in this folder"),
                row("frey").problemProperty().get());

        mirror.then(Mode.STOP_MIDWAY);
        vm.download("frey");
        assertEquals("Resume", row("frey").actionTextProperty().get());
        assertTrue(row("frey").sizeTextProperty().get().contains("kept from before"), row("frey").sizeTextProperty().get());
        assertTrue(row("frey").progressProperty().get() > 0.3 && row("frey").progressProperty().get() < 0.7,
                "the bar shows the half that arrived: " + row("frey").progressProperty().get());

        vm.download("frey");
        assertEquals(DatasetStatus.State.VERIFIED, row("frey").statusProperty().get().state());
        assertEquals("", row("frey").problemProperty().get(), "the old problem is gone");
    }
}

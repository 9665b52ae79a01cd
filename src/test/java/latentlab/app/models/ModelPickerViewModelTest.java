package latentlab.app.models;

import latentlab.app.common.Threads;
import latentlab.core.model.ModelCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model picker without a window: every command runs on the calling thread. */
class ModelPickerViewModelTest {
    private static final Path SHIPPED = Path.of("models");

    @TempDir
    Path userDir;

    private final List<ModelCatalog.Entry> opened = new ArrayList<>();

    private ModelPickerViewModel picker(Set<String> datasetsHere) {
        return new ModelPickerViewModel(new ModelCatalog(Optional.of(SHIPPED), userDir), datasetsHere::contains,
                Threads.direct(), opened::add);
    }

    @Test
    void listsTheSixShippedModelsThenTheUsersOwnWithWhetherTheirDatasetIsHere() throws IOException {
        Files.copy(SHIPPED.resolve("synthetic-vae-2d.llab"), userDir.resolve("my-faces.llab"));
        ModelPickerViewModel vm = picker(Set.of("synthetic"));

        vm.refresh();

        List<ModelPickerViewModel.Row> rows = vm.models();
        assertEquals(7, rows.size());
        assertEquals(List.of("shipped", "shipped", "shipped", "shipped", "shipped", "shipped", "yours"),
                rows.stream().map(ModelPickerViewModel.Row::origin).toList());
        ModelPickerViewModel.Row mnist = rows.getFirst();
        assertEquals("MNIST digits, VAE, 2-D", mnist.title());
        assertEquals("MNIST digits (not here)", mnist.dataset());
        assertTrue(mnist.architecture().startsWith("VAE 784-512-2"), mnist.architecture());
        assertEquals("30", mnist.epochs());
        assertTrue(mnist.testElbo().startsWith("-1"), mnist.testElbo());
        ModelPickerViewModel.Row mine = rows.getLast();
        assertEquals("my-faces", mine.title());
        assertTrue(mine.datasetHere());
        assertFalse(vm.loadingProperty().get());
        assertEquals("6 shipped models and 1 of yours.", vm.summaryProperty().get());
    }

    @Test
    void aFileThatCannotBeReadIsListedWithItsReason() throws IOException {
        Files.writeString(userDir.resolve("broken.llab"), "not a zip");
        ModelPickerViewModel vm = picker(Set.of());

        vm.refresh();

        assertEquals(6, vm.models().size());
        assertEquals(1, vm.unreadable().size());
        assertEquals(userDir.resolve("broken.llab"), vm.unreadable().getFirst().file());
        assertFalse(vm.unreadable().getFirst().reason().isBlank());
        assertTrue(vm.summaryProperty().get().contains("1 file could not be read"), vm.summaryProperty().get());
    }

    @Test
    void openHandsTheSelectedEntryToTheWindowAndNothingWithoutASelection() {
        ModelPickerViewModel vm = picker(Set.of());
        vm.refresh();

        assertFalse(vm.openSelected());
        vm.selectedProperty().set(vm.models().get(2));
        assertTrue(vm.openSelected());

        assertEquals(List.of(vm.models().get(2).entry()), opened);
    }

    @Test
    void whileTheWindowTrainsNothingOpens() {
        ModelPickerViewModel vm = picker(Set.of());
        vm.refresh();
        vm.selectedProperty().set(vm.models().getFirst());
        vm.canOpenProperty().set(false);

        assertFalse(vm.openSelected());
        assertTrue(opened.isEmpty());
    }
}

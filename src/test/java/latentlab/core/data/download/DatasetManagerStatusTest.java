package latentlab.core.data.download;

import latentlab.core.data.DataLocator;
import latentlab.core.data.DatasetCatalog;
import latentlab.core.data.download.DatasetStatus.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which datasets are present, missing or damaged, without any network. */
class DatasetManagerStatusTest {
    @TempDir
    Path home;

    private DatasetManager manager(Optional<Path> dataDir) {
        DataLocator locator = new DataLocator(dataDir, name -> null, "Linux", home);
        return new DatasetManager(locator, locator.userDataDir(), DownloadCatalog.published(),
                DatasetManager.Options.defaults());
    }

    @Test
    void thePublishedSizesAndChecksumsAreThoseOfTheSharedCopies() throws IOException {
        Path shared = LoopbackMirror.sharedDatasets();
        for (DownloadableDataset source : DownloadCatalog.published().all()) {
            for (PublishedFile file : source.files()) {
                Path copy = shared.resolve(source.folder()).resolve(file.name());
                assertEquals(file.size(), Files.size(copy), copy.toString());
                assertEquals(file.sha256(), Checksums.sha256(copy), copy.toString());
            }
        }
    }

    @Test
    void listsTheBuiltInDatasetFirstThenTheDownloadableOnesInCatalogueOrder() {
        List<DatasetStatus> all = manager(Optional.empty()).statuses(false);

        assertEquals(DatasetCatalog.names(), all.stream().map(DatasetStatus::name).toList());
        assertEquals(State.BUILT_IN, all.getFirst().state());
        assertTrue(all.getFirst().usable());
    }

    @Test
    void aDatasetInADataFolderIsPresentAndVerifiedWhenItsChecksumsMatch() {
        Path shared = LoopbackMirror.sharedDatasets();
        DatasetManager manager = manager(Optional.of(shared));

        DatasetStatus quick = manager.status("mnist", false);
        DatasetStatus checked = manager.status("MNIST", true);

        assertEquals(State.PRESENT, quick.state());
        assertEquals(State.VERIFIED, checked.state());
        assertEquals(shared.resolve("mnist"), checked.folder());
        assertEquals(List.of(), checked.missingFiles());
        assertEquals(0, checked.bytesToFetch());
    }

    @Test
    void aMissingDatasetListsItsFilesAndWhatRemainsToFetchCountingAPartialDownload() throws IOException {
        DatasetManager manager = manager(Optional.empty());
        DownloadableDataset mnist = DownloadCatalog.published().get("mnist");
        Path folder = manager.downloadDir().resolve("mnist");
        Files.createDirectories(folder);
        Files.write(folder.resolve("train-images-idx3-ubyte.gz" + DatasetManager.PART_SUFFIX), new byte[1000]);

        DatasetStatus status = manager.status("mnist", false);

        assertEquals(State.MISSING, status.state());
        assertEquals(folder, status.folder());
        assertEquals(DatasetCatalog.IDX_FILES, status.missingFiles());
        assertEquals(mnist.totalBytes() - 1000, status.bytesToFetch());
    }

    @Test
    void aFileOfTheWrongSizeIsDamagedAndOneWithTheRightSizeButWrongBytesIsFoundOnlyByVerifying() throws IOException {
        Path data = home.resolve("data");
        Path frey = data.resolve("frey").resolve(DatasetCatalog.FREY_FILE);
        Files.createDirectories(frey.getParent());
        byte[] bytes = Files.readAllBytes(LoopbackMirror.sharedDatasets().resolve("frey").resolve(DatasetCatalog.FREY_FILE));
        DatasetManager manager = manager(Optional.of(data));

        Files.write(frey, java.util.Arrays.copyOf(bytes, bytes.length - 1));
        assertEquals(State.DAMAGED, manager.status("frey", false).state());

        bytes[bytes.length - 1] ^= 1;
        Files.write(frey, bytes);
        assertEquals(State.PRESENT, manager.status("frey", false).state());
        DatasetStatus verified = manager.status("frey", true);
        assertEquals(State.DAMAGED, verified.state());
        assertEquals(List.of(DatasetCatalog.FREY_FILE), verified.damagedFiles());
    }

    @Test
    void theManualInstructionsNameTheFilesTheirSourceAndTheFolder() {
        DatasetManager manager = manager(Optional.empty());

        String text = manager.manualInstructions("fashion-mnist");

        assertTrue(text.contains(String.join(", ", DatasetCatalog.IDX_FILES)), text);
        assertTrue(text.contains("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"), text);
        assertTrue(text.endsWith("\n  " + manager.downloadDir().resolve("fashion-mnist")), text);
    }

    @Test
    void anUnknownNameIsRefusedNamingTheDownloadableOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> manager(Optional.empty()).status("cifar", false));

        assertTrue(e.getMessage().contains("mnist, fashion-mnist, frey"), e.getMessage());
    }
}

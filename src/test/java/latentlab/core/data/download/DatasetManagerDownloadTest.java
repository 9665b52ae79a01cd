package latentlab.core.data.download;

import latentlab.core.data.DataLocator;
import latentlab.core.data.download.DownloadException.Reason;
import latentlab.core.data.download.DownloadProgress.Phase;
import latentlab.core.data.download.LoopbackMirror.Mode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Downloads from a web server on 127.0.0.1 that serves the real dataset files and misbehaves on request.
 * No test reaches any other address.
 */
class DatasetManagerDownloadTest {
    private static final String FREY = "frey";
    private static final String FREY_FILE = "frey_rawface.mat";

    @TempDir
    Path home;
    private LoopbackMirror mirror;
    private Path dataDir;

    @BeforeEach
    void startMirror() throws IOException {
        mirror = LoopbackMirror.start();
        dataDir = home.resolve("data");
    }

    @AfterEach
    void stopMirror() {
        mirror.close();
    }

    private DatasetManager manager(DownloadCatalog sources, int attemptsPerMirror) {
        DataLocator locator = new DataLocator(Optional.empty(), name -> null, "Linux", home);
        return new DatasetManager(locator, dataDir, sources,
                new DatasetManager.Options(Duration.ofSeconds(5), Duration.ofSeconds(5), attemptsPerMirror, Duration.ZERO));
    }

    private DatasetManager manager(int attemptsPerMirror) {
        return manager(DownloadCatalog.mirroredAt(mirror.root()), attemptsPerMirror);
    }

    private Path freyTarget() {
        return dataDir.resolve(FREY).resolve(FREY_FILE);
    }

    private Path freyPart() {
        return dataDir.resolve(FREY).resolve(FREY_FILE + DatasetManager.PART_SUFFIX);
    }

    private void assertFreyInPlace() throws IOException {
        assertArrayEquals(mirror.bytes(FREY + "/" + FREY_FILE), Files.readAllBytes(freyTarget()));
        assertFalse(Files.exists(freyPart()), "the .part file is left behind");
    }

    /** N of a request's "Range: bytes=N-" header. */
    private static long rangeStart(LoopbackMirror.Request request) {
        String range = request.range();
        assertTrue(range != null && range.matches("bytes=\\d+-"), "not a range request: " + range);
        return Long.parseLong(range.substring("bytes=".length(), range.length() - 1));
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void downloadsEveryFileOfMnistVerifiesItAndReportsProgressUpToTheWhole() throws IOException {
        List<DownloadProgress> events = new CopyOnWriteArrayList<>();
        // the third file (1.6 MB) paced, so that its progress is reported before it ends however fast the
        // machine is: at full speed on loopback a file could end within the 50 ms between two reports
        mirror.then(Mode.NORMAL, Mode.NORMAL, Mode.SLOW);

        DownloadResult result = manager(1).download("mnist", events::add, CancellationToken.none());

        assertEquals(dataDir.resolve("mnist"), result.folder());
        assertEquals(4, result.files().size());
        for (DownloadResult.FileResult file : result.files()) {
            assertEquals(DownloadResult.Outcome.DOWNLOADED, file.outcome(), file.name());
            assertArrayEquals(mirror.bytes("mnist/" + file.name()), Files.readAllBytes(result.folder().resolve(file.name())));
        }
        assertEquals(DownloadCatalog.published().get("mnist").totalBytes(), result.bytesFetched());
        try (var left = Files.list(result.folder())) {
            assertTrue(left.noneMatch(p -> p.toString().endsWith(DatasetManager.PART_SUFFIX)), "a .part file is left");
        }
        DownloadProgress last = events.getLast();
        assertEquals(Phase.DONE, last.phase());
        assertEquals(1.0, last.fraction());
        assertEquals(4, last.fileIndex());
        long[] done = events.stream().mapToLong(DownloadProgress::bytesDone).toArray();
        for (int i = 1; i < done.length; i++) {
            assertTrue(done[i] >= done[i - 1], "overall progress went back at event " + i + ": " + Arrays.toString(done));
        }
        assertTrue(events.stream().anyMatch(e -> e.phase() == Phase.VERIFYING), "no VERIFYING event");
        assertTrue(events.stream().anyMatch(e -> e.phase() == Phase.DOWNLOADING && e.fileFraction() < 1),
                "no intermediate progress");
        assertEquals(DatasetStatus.State.VERIFIED, manager(1).status("mnist", true).state());
    }

    @Test
    void aSecondDownloadChecksTheFilesInPlaceAndFetchesNothing() {
        manager(1).download(FREY, DownloadListener.none(), CancellationToken.none());
        int requests = mirror.requests().size();

        DownloadResult again = manager(1).download(FREY, DownloadListener.none(), CancellationToken.none());

        assertEquals(DownloadResult.Outcome.ALREADY_PRESENT, again.files().getFirst().outcome());
        assertEquals(0, again.bytesFetched());
        assertEquals(requests, mirror.requests().size(), "the server was asked again");
    }

    @Test
    void rejectsATruncatedFileAndLeavesNothingBehind() {
        mirror.then(Mode.TRUNCATED);

        DownloadException e = assertThrows(DownloadException.class,
                () -> manager(1).download(FREY, DownloadListener.none(), CancellationToken.none()));

        assertEquals(Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().contains("550292 bytes, but the published file has 1100584"), e.getMessage());
        assertFalse(Files.exists(freyTarget()), "a truncated file was put in place");
        assertFalse(Files.exists(freyPart()), "the truncated part was kept");
    }

    @Test
    void rejectsAFileWithTheWrongChecksumAndDeletesIt() {
        mirror.then(Mode.CORRUPT);

        DownloadException e = assertThrows(DownloadException.class,
                () -> manager(1).download(FREY, DownloadListener.none(), CancellationToken.none()));

        assertEquals(Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().contains("not the published 265a83a23adb"), e.getMessage());
        assertFalse(Files.exists(freyTarget()), "a corrupt file was put in place");
        assertFalse(Files.exists(freyPart()), "the corrupt part was kept");
        assertTrue(e.manualAlternative().contains(dataDir.resolve(FREY).toString()), e.manualAlternative());
    }

    @Test
    void aServerThatStopsMidFileGivesAClearErrorThenTheNextDownloadResumesWithARangeRequest() throws IOException {
        mirror.then(Mode.STOP_MIDWAY);

        DownloadException e = assertThrows(DownloadException.class,
                () -> manager(1).download(FREY, DownloadListener.none(), CancellationToken.none()));

        assertEquals(Reason.INTERRUPTED, e.reason());
        assertTrue(e.getMessage().contains("stopped part-way"), e.getMessage());
        assertTrue(e.getMessage().contains("downloading again resumes"), e.getMessage());
        assertFalse(Files.exists(freyTarget()), "half a file was put in place");
        long kept = Files.size(freyPart());
        assertTrue(kept > 0 && kept <= 1_100_584 / 2, "kept " + kept + " of the half sent");

        DownloadResult result = manager(1).download(FREY, DownloadListener.none(), CancellationToken.none());

        assertEquals(DownloadResult.Outcome.RESUMED, result.files().getFirst().outcome());
        assertEquals(1_100_584 - kept, result.bytesFetched());
        assertEquals("bytes=" + kept + "-", mirror.requests().getLast().range());
        assertFreyInPlace();
    }

    @Test
    void retriesATransferThatStopsAndResumesItInTheSameDownload() throws IOException {
        mirror.then(Mode.STOP_MIDWAY, Mode.STOP_MIDWAY);
        List<DownloadProgress> events = new CopyOnWriteArrayList<>();

        DownloadResult result = manager(3).download(FREY, events::add, CancellationToken.none());

        assertEquals(DownloadResult.Outcome.RESUMED, result.files().getFirst().outcome());
        List<LoopbackMirror.Request> requests = mirror.requests();
        assertEquals(3, requests.size());
        assertNull(requests.get(0).range());
        long first = rangeStart(requests.get(1));
        long second = rangeStart(requests.get(2));
        assertTrue(0 < first && first < second && second < 1_100_584, "resumed at " + first + ", then " + second);
        assertEquals(2, events.stream().filter(ev -> ev.phase() == Phase.RETRYING).count());
        assertFreyInPlace();
    }

    @Test
    void restartsCleanlyWhenTheServerIgnoresTheRange() throws IOException {
        mirror.then(Mode.STOP_MIDWAY, Mode.IGNORE_RANGE);

        DownloadResult result = manager(2).download(FREY, DownloadListener.none(), CancellationToken.none());

        assertEquals(DownloadResult.Outcome.DOWNLOADED, result.files().getFirst().outcome());
        assertTrue(rangeStart(mirror.requests().getLast()) > 0, "the retry did not ask for the rest");
        assertFreyInPlace();
    }

    @Test
    void cancellingStopsTheDownloadKeepsWhatArrivedAndALaterDownloadResumes() throws IOException {
        mirror.then(Mode.SLOW);
        CancellationToken cancel = new CancellationToken();

        DownloadException e = assertThrows(DownloadException.class, () -> manager(1).download(FREY, progress -> {
            if (progress.phase() == Phase.DOWNLOADING && progress.fileBytesDone() > 0) {
                cancel.cancel();
            }
        }, cancel));

        assertEquals(Reason.CANCELLED, e.reason());
        assertEquals("", e.manualAlternative());
        assertFalse(Files.exists(freyTarget()), "a cancelled download was put in place");
        long kept = Files.size(freyPart());
        assertTrue(kept > 0 && kept < 1_100_584, "kept " + kept);

        DownloadResult result = manager(1).download(FREY, DownloadListener.none(), CancellationToken.none());

        assertEquals(DownloadResult.Outcome.RESUMED, result.files().getFirst().outcome());
        assertFreyInPlace();
    }

    @Test
    void cancellingWhileTheServerSendsNothingStopsWithinAFractionOfASecond() throws Exception {
        mirror.then(Mode.SILENT);
        CancellationToken cancel = new CancellationToken();
        CountDownLatch connected = new CountDownLatch(1);
        CompletableFuture<DownloadException> failure = CompletableFuture.supplyAsync(() -> assertThrows(
                DownloadException.class, () -> manager(1).download(FREY, progress -> {
                    if (progress.phase() == Phase.CONNECTING) {
                        connected.countDown();
                    }
                }, cancel)));
        assertTrue(connected.await(5, TimeUnit.SECONDS));
        Thread.sleep(200);
        long start = System.nanoTime();

        cancel.cancel();

        assertEquals(Reason.CANCELLED, failure.get(5, TimeUnit.SECONDS).reason());
        assertTrue(System.nanoTime() - start < 1_000_000_000L, "took " + (System.nanoTime() - start) / 1e6 + " ms");
    }

    @Test
    void aTransferThatStallsIsGivenUpAfterTheStallTimeout() {
        mirror.then(Mode.SILENT);
        DataLocator locator = new DataLocator(Optional.empty(), name -> null, "Linux", home);
        // the stall timeout also bounds the wait for the response headers, which the silent server does send:
        // 300 ms was too short for them on a loaded 2-core CI machine (reported as no response: NO_NETWORK)
        DatasetManager impatient = new DatasetManager(locator, dataDir, DownloadCatalog.mirroredAt(mirror.root()),
                new DatasetManager.Options(Duration.ofSeconds(5), Duration.ofSeconds(2), 1, Duration.ZERO));

        DownloadException e = assertThrows(DownloadException.class,
                () -> impatient.download(FREY, DownloadListener.none(), CancellationToken.none()));

        assertEquals(Reason.INTERRUPTED, e.reason());
        assertTrue(e.getMessage().contains("no data arrived for"), e.getMessage());
        assertFalse(Files.exists(freyTarget()));
    }

    @Test
    void withNoNetworkSaysSoAndNamesTheFilesAndTheFolderToPutThemIn() throws IOException {
        URI nowhere = LoopbackMirror.unreachable();

        DownloadException e = assertThrows(DownloadException.class, () -> manager(DownloadCatalog.mirroredAt(nowhere), 3)
                .download("mnist", DownloadListener.none(), CancellationToken.none()));

        assertEquals(Reason.NO_NETWORK, e.reason());
        assertEquals(dataDir.resolve("mnist"), e.folder());
        assertTrue(e.problem().contains("no download site could be reached"), e.problem());
        assertTrue(e.problem().contains("offline"), e.problem());
        assertTrue(e.problem().contains(nowhere.getAuthority()), e.problem());
        String manual = e.manualAlternative();
        for (String file : List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")) {
            assertTrue(manual.contains(file), manual);
        }
        assertTrue(manual.contains("still gzipped"), manual);
        assertTrue(manual.endsWith("in this folder:\n  " + dataDir.resolve("mnist")), manual);
        assertTrue(e.getMessage().contains(manual), "the message leaves out the manual alternative");
        assertEquals(0, mirror.requests().size());
    }

    @Test
    void aMirrorThatAnswersWithAnErrorIsPassedOverForTheNext() throws IOException {
        DownloadableDataset frey = DownloadCatalog.mirroredAt(mirror.root()).get(FREY);
        URI missing = mirror.root().resolve("nothing-here/");
        DownloadCatalog twoMirrors = DownloadCatalog.of(List.of(frey.withMirrors(List.of(missing, frey.mirrors().getFirst()))));

        DownloadResult result = manager(twoMirrors, 1).download(FREY, DownloadListener.none(), CancellationToken.none());

        assertEquals(frey.mirrors().getFirst().resolve(FREY_FILE), result.files().getFirst().source());
        assertEquals("/nothing-here/" + FREY_FILE, mirror.requests().getFirst().path());
        assertFreyInPlace();
    }

    @Test
    void whenEveryMirrorAnswersWithAnErrorSaysWhichAndWhatEachAnswered() {
        mirror.then(Mode.NOT_FOUND);

        DownloadException e = assertThrows(DownloadException.class,
                () -> manager(3).download(FREY, DownloadListener.none(), CancellationToken.none()));

        assertEquals(Reason.SERVER_ERROR, e.reason());
        assertTrue(e.problem().contains(mirror.root().getAuthority() + ": the server answered HTTP 404 (not found)"),
                e.problem());
        assertEquals(1, mirror.requests().size(), "a mirror that answered 404 was asked again");
    }

    @Test
    void aDamagedFileAlreadyInPlaceIsSetAsideAndFetchedAgain() throws IOException {
        Files.createDirectories(freyTarget().getParent());
        Files.writeString(freyTarget(), "not the faces");

        DownloadResult result = manager(1).download(FREY, DownloadListener.none(), CancellationToken.none());

        assertEquals(DownloadResult.Outcome.DOWNLOADED, result.files().getFirst().outcome());
        assertEquals("not the faces", Files.readString(freyTarget().resolveSibling(FREY_FILE + DatasetManager.REJECTED_SUFFIX)));
        assertFreyInPlace();
    }

    @Test
    void aSecondDownloadOfTheSameDatasetAtTheSameTimeIsRefused() throws Exception {
        mirror.then(Mode.SILENT);
        CancellationToken cancel = new CancellationToken();
        CountDownLatch connected = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> assertThrows(DownloadException.class,
                () -> manager(1).download(FREY, progress -> {
                    if (progress.phase() == Phase.CONNECTING) {
                        connected.countDown();
                    }
                }, cancel)));
        assertTrue(connected.await(5, TimeUnit.SECONDS));

        DownloadException e = assertThrows(DownloadException.class,
                () -> manager(1).download(FREY, DownloadListener.none(), CancellationToken.none()));

        assertEquals(Reason.BUSY, e.reason());
        cancel.cancel();
        first.get(5, TimeUnit.SECONDS);
    }
}

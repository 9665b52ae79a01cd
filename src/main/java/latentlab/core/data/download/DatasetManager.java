package latentlab.core.data.download;

import latentlab.core.data.DataLocator;
import latentlab.core.data.DatasetCatalog;
import latentlab.core.data.download.DownloadException.Reason;
import latentlab.core.data.download.DownloadProgress.Phase;

import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The dataset manager behind the app's datasets panel and the {@code datasets} command: which datasets
 * are present, and downloads of the missing ones into the per-user data folder.
 *
 * <p>A download fetches each missing file into {@code NAME.part} beside its final place, resuming a part
 * left by an earlier attempt with an HTTP range request, and retrying or moving on to the next mirror
 * when a transfer fails. Only a file with the published size and SHA-256 is moved, atomically, to its
 * own name; a download that does not match is deleted, and a file already in place that does not match
 * is renamed {@code NAME.rejected} and fetched again. Progress goes to a {@link DownloadListener}; a
 * {@link CancellationToken} stops the download; every failure is a {@link DownloadException} that says
 * what happened and which files to put in which folder instead.
 *
 * <p>One download runs on the calling thread (a UI runs it on a background thread). Downloads of
 * different datasets may run at the same time; a second download of the same dataset into the same
 * folder, from this or another process, fails at once with {@link Reason#BUSY}.
 */
public final class DatasetManager {
    /** Appended to a file's name while it downloads. */
    public static final String PART_SUFFIX = ".part";
    /** Appended to the name of a file that failed its checksum and was set aside. */
    public static final String REJECTED_SUFFIX = ".rejected";
    private static final String LOCK_FILE = ".download.lock";
    private static final long PROGRESS_INTERVAL_NANOS = 50_000_000L;

    private final DataLocator locator;
    private final Path downloadDir;
    private final DownloadCatalog sources;
    private final Options options;

    /**
     * How persistent a download is.
     *
     * @param connectTimeout    how long to wait for a server to accept a connection
     * @param stallTimeout      how long to wait for a response, and for more bytes of a transfer, before
     *                          giving that attempt up
     * @param attemptsPerMirror attempts at one file from one mirror when its transfer keeps stopping part-way
     *                          (each resumes the last); a mirror that cannot be reached, answers with an error or
     *                          sends a wrong file is not tried again
     * @param retryDelay        the pause before a retry
     */
    public record Options(Duration connectTimeout, Duration stallTimeout, int attemptsPerMirror, Duration retryDelay) {
        public Options {
            if (attemptsPerMirror < 1) {
                throw new IllegalArgumentException("at least one attempt per mirror is needed, found "
                        + attemptsPerMirror);
            }
            if (connectTimeout.isNegative() || connectTimeout.isZero() || stallTimeout.isNegative()
                    || stallTimeout.isZero() || retryDelay.isNegative()) {
                throw new IllegalArgumentException("timeouts must be positive and the retry delay not negative");
            }
        }

        /** 15 s to connect, 30 s without data, 3 attempts per mirror, 2 s between them. */
        public static Options defaults() {
            return new Options(Duration.ofSeconds(15), Duration.ofSeconds(30), 3, Duration.ofSeconds(2));
        }
    }

    /**
     * @param locator     where datasets are looked for (see {@link DataLocator})
     * @param downloadDir the data folder downloads go into, normally {@link DataLocator#userDataDir()}
     * @param sources     what to download from where ({@link DownloadCatalog#published()}, or a local mirror)
     * @param options     timeouts and retries
     */
    public DatasetManager(DataLocator locator, Path downloadDir, DownloadCatalog sources, Options options) {
        this.locator = locator;
        this.downloadDir = downloadDir;
        this.sources = sources;
        this.options = options;
    }

    /** Downloads into the locator's per-user data folder from the published mirrors. */
    public static DatasetManager forThisUser(DataLocator locator) {
        return new DatasetManager(locator, locator.userDataDir(), DownloadCatalog.published(), Options.defaults());
    }

    /** Where datasets are looked for. */
    public DataLocator locator() {
        return locator;
    }

    /** The data folder downloads go into. */
    public Path downloadDir() {
        return downloadDir;
    }

    public DownloadCatalog sources() {
        return sources;
    }

    // ---------------------------------------------------------------------------------------------
    // Status
    // ---------------------------------------------------------------------------------------------

    /**
     * The status of every named dataset, the built-in one first. With {@code verify} every file found is
     * checked against its SHA-256 (a fraction of a second per dataset); without, only its size.
     */
    public List<DatasetStatus> statuses(boolean verify) {
        List<DatasetStatus> list = new ArrayList<>();
        list.add(status(DatasetCatalog.SYNTHETIC, verify));
        for (DownloadableDataset source : sources.all()) {
            list.add(status(source.name(), verify));
        }
        return list;
    }

    /**
     * The status of one dataset by its catalogue name.
     *
     * @throws IllegalArgumentException for a name that is neither built in nor downloadable
     */
    public DatasetStatus status(String name, boolean verify) {
        if (name.strip().equalsIgnoreCase(DatasetCatalog.SYNTHETIC)) {
            return new DatasetStatus(DatasetCatalog.SYNTHETIC, "Synthetic faces", DatasetStatus.State.BUILT_IN,
                    null, List.of(), List.of(), 0);
        }
        DownloadableDataset source = sources.get(name);
        Optional<Path> found = locator.find(source.folder(), source.fileNames());
        Path downloadFolder = downloadDir.resolve(source.folder());
        if (found.isEmpty() && hasAll(downloadFolder, source)) {
            found = Optional.of(downloadFolder);
        }
        Path folder = found.orElse(downloadFolder);
        List<String> missing = new ArrayList<>();
        List<String> damaged = new ArrayList<>();
        long toFetch = 0;
        for (PublishedFile file : source.files()) {
            Path path = folder.resolve(file.name());
            if (!Files.isRegularFile(path)) {
                missing.add(file.name());
                toFetch += file.size() - Math.min(file.size(), FileFetcher.sizeOrZero(partOf(path)));
            } else if (!looksRight(path, file, verify)) {
                damaged.add(file.name());
                toFetch += file.size();
            }
        }
        DatasetStatus.State state = found.isEmpty() ? DatasetStatus.State.MISSING
                : !damaged.isEmpty() ? DatasetStatus.State.DAMAGED
                : verify ? DatasetStatus.State.VERIFIED : DatasetStatus.State.PRESENT;
        return new DatasetStatus(source.name(), source.title(), state, folder, missing, damaged, toFetch);
    }

    /**
     * How to do without a download: which files to fetch from where with a web browser, and which folder to
     * put them in. Lists only the files still missing from the download folder.
     */
    public String manualInstructions(String name) {
        DownloadableDataset source = sources.get(name);
        Path folder = downloadDir.resolve(source.folder());
        List<String> missing = source.fileNames().stream()
                .filter(file -> !Files.isRegularFile(folder.resolve(file))).toList();
        return manualInstructions(source, folder, missing.isEmpty() ? source.fileNames() : missing);
    }

    private static String manualInstructions(DownloadableDataset source, Path folder, List<String> files) {
        String where = source.mirrors().isEmpty() ? source.homePage()
                : source.mirrors().getFirst() + " (the authors' page is " + source.homePage() + ")";
        boolean gzipped = files.stream().anyMatch(f -> f.endsWith(".gz"));
        return "To add " + source.title() + " by hand, download " + String.join(", ", files) + " from " + where
                + " with a web browser or on another computer, and put " + (files.size() == 1 ? "it" : "them")
                + (gzipped ? " as they are (still gzipped)" : "") + " in this folder:\n  " + folder;
    }

    // ---------------------------------------------------------------------------------------------
    // Download
    // ---------------------------------------------------------------------------------------------

    /**
     * Makes every file of the dataset present and verified in the download folder, fetching what is
     * missing. Files already there are checked against their checksums first.
     *
     * @param name     the catalogue name, e.g. "mnist"
     * @param listener receives progress on this thread
     * @param cancel   stops the download when cancelled
     * @throws DownloadException        when the dataset could not be completed; its message says why and
     *                                  what to do instead
     * @throws IllegalArgumentException for a name that is not downloadable
     */
    public DownloadResult download(String name, DownloadListener listener, CancellationToken cancel) {
        DownloadableDataset source = sources.get(name);
        Path folder = downloadDir.resolve(source.folder());
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new DownloadException(Reason.DISK, source.name(), folder, "Could not download " + source.title()
                    + ": the folder " + folder + " cannot be created (" + FileFetcher.describe(e) + ").",
                    manualInstructions(source, folder, source.fileNames()), e);
        }
        try (FileChannel lockChannel = FileChannel.open(folder.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock lock = tryLock(lockChannel)) {
            if (lock == null) {
                throw new DownloadException(Reason.BUSY, source.name(), folder, "Another download of "
                        + source.title() + " into " + folder + " is running; wait for it to finish.", "", null);
            }
            HttpClient client = HttpClient.newBuilder()
                    .proxy(ProxySelector.getDefault())          // honours -Dhttps.proxyHost and the like
                    .connectTimeout(options.connectTimeout())
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .version(HttpClient.Version.HTTP_1_1)
                    .build();
            try {
                return new Run(source, folder, new FileFetcher(client, options.stallTimeout()), listener, cancel)
                        .run();
            } finally {
                client.shutdownNow();
            }
        } catch (IOException e) {
            throw new DownloadException(Reason.DISK, source.name(), folder, "Could not download " + source.title()
                    + ": the folder " + folder + " cannot be written (" + FileFetcher.describe(e) + ").",
                    manualInstructions(source, folder, source.fileNames()), e);
        }
    }

    /** One download of one dataset, with its progress bookkeeping. */
    private final class Run {
        private final DownloadableDataset source;
        private final Path folder;
        private final FileFetcher fetcher;
        private final DownloadListener listener;
        private final CancellationToken cancel;
        private long bytesBefore;
        private int index;
        private long lastEmitNanos;

        Run(DownloadableDataset source, Path folder, FileFetcher fetcher, DownloadListener listener,
                CancellationToken cancel) {
            this.source = source;
            this.folder = folder;
            this.fetcher = fetcher;
            this.listener = listener;
            this.cancel = cancel;
        }

        DownloadResult run() {
            List<DownloadResult.FileResult> results = new ArrayList<>();
            List<PublishedFile> files = source.files();
            for (index = 0; index < files.size(); index++) {
                PublishedFile file = files.get(index);
                results.add(obtain(file));
                emit(file, Phase.DONE, file.size(), null, "");
                bytesBefore += file.size();
            }
            return new DownloadResult(source.name(), folder, results);
        }

        /** The file in place and verified: kept if it already was, else fetched. */
        private DownloadResult.FileResult obtain(PublishedFile file) {
            Path target = folder.resolve(file.name());
            if (Files.exists(target)) {
                emit(file, Phase.CHECKING, 0, null, "");
                try {
                    if (Checksums.matches(target, file)) {
                        return new DownloadResult.FileResult(file.name(), DownloadResult.Outcome.ALREADY_PRESENT,
                                null, 0);
                    }
                    Files.move(target, target.resolveSibling(file.name() + REJECTED_SUFFIX),
                            StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw failure(Reason.DISK, file, "the file " + target + " already there cannot be checked or set"
                            + " aside (" + FileFetcher.describe(e) + ").", e);
                }
            }
            return fetch(file, target);
        }

        /** Tries each mirror in turn, retrying transfers that stop part-way, until the file is in place. */
        private DownloadResult.FileResult fetch(PublishedFile file, Path target) {
            Path part = partOf(target);
            List<String> failures = new ArrayList<>();
            Set<Reason> reasons = EnumSet.noneOf(Reason.class);
            FileFetcher.Progress progress = new FileFetcher.Progress() {
                @Override
                public void connecting(URI uri, long bytesOnDisk) {
                    emit(file, Phase.CONNECTING, bytesOnDisk, uri, "");
                }

                @Override
                public void received(URI uri, long bytesOnDisk) {
                    emit(file, Phase.DOWNLOADING, bytesOnDisk, uri, "");
                }
            };
            for (URI mirror : source.mirrors()) {
                URI uri = mirror.resolve(file.name());
                for (int attempt = 1; attempt <= options.attemptsPerMirror(); attempt++) {
                    try {
                        FileFetcher.Fetched fetched = fetcher.fetch(uri, part, file, progress, cancel);
                        emit(file, Phase.VERIFYING, file.size(), uri, "");
                        String sha = Checksums.sha256(part);
                        if (sha.equals(file.sha256())) {
                            moveIntoPlace(part, target);
                            return new DownloadResult.FileResult(file.name(), fetched.resumed()
                                    ? DownloadResult.Outcome.RESUMED : DownloadResult.Outcome.DOWNLOADED, uri,
                                    fetched.bytes());
                        }
                        Files.deleteIfExists(part);
                        failures.add(uri.getAuthority() + ": sent a file with SHA-256 " + sha
                                + ", not the published " + file.sha256());
                        reasons.add(Reason.CORRUPT);
                        break;
                    } catch (FileFetcher.AttemptFailed e) {
                        Reason reason = e.reason();
                        if (reason == Reason.CANCELLED) {
                            throw cancelled(file);
                        }
                        if (reason == Reason.DISK) {
                            throw failure(Reason.DISK, file, e.getMessage() + ".", e);
                        }
                        failures.add(uri.getAuthority() + ": " + e.getMessage());
                        reasons.add(reason);
                        if (reason != Reason.INTERRUPTED || attempt == options.attemptsPerMirror()) {
                            break;
                        }
                        emit(file, Phase.RETRYING, FileFetcher.sizeOrZero(part), uri, e.getMessage()
                                + "; trying again in " + options.retryDelay().toSeconds() + " s");
                        pause(file);
                    } catch (IOException e) {
                        throw failure(Reason.DISK, file, "the download " + part + " cannot be read or moved into"
                                + " place (" + FileFetcher.describe(e) + ").", e);
                    }
                }
            }
            throw failure(file, part, reasons, failures);
        }

        private void moveIntoPlace(Path part, Path target) throws IOException {
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }

        /** Waits for the retry delay, watching for a cancellation. */
        private void pause(PublishedFile file) {
            long end = System.nanoTime() + options.retryDelay().toNanos();
            while (System.nanoTime() < end) {
                if (cancel.isCancelled()) {
                    throw cancelled(file);
                }
                try {
                    long leftMillis = Math.max(1, (end - System.nanoTime()) / 1_000_000);
                    Thread.sleep(Math.min(FileFetcher.POLL.toMillis(), leftMillis));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw cancelled(file);
                }
            }
        }

        private void emit(PublishedFile file, Phase phase, long fileBytes, URI uri, String note) {
            long now = System.nanoTime();
            boolean tooSoon = now - lastEmitNanos < PROGRESS_INTERVAL_NANOS;
            if (phase == Phase.DOWNLOADING && fileBytes < file.size() && tooSoon) {
                return;
            }
            lastEmitNanos = now;
            listener.onProgress(new DownloadProgress(source.name(), file.name(), index + 1, source.files().size(),
                    phase, fileBytes, file.size(), bytesBefore + fileBytes, source.totalBytes(), uri, note));
        }

        /** The files of the dataset not yet in place, for the manual alternative. */
        private List<String> stillMissing() {
            return source.fileNames().stream().filter(f -> !Files.isRegularFile(folder.resolve(f))).toList();
        }

        private DownloadException cancelled(PublishedFile file) {
            long kept = FileFetcher.sizeOrZero(partOf(folder.resolve(file.name())));
            return new DownloadException(Reason.CANCELLED, source.name(), folder, "The download of " + source.title()
                    + " was cancelled." + (kept > 0 ? " The " + humanBytes(kept) + " of " + file.name()
                    + " received so far are kept, and the next download resumes from there." : ""), "", null);
        }

        private DownloadException failure(Reason reason, PublishedFile file, String problem, Throwable cause) {
            return new DownloadException(reason, source.name(), folder, "Could not download " + file.name() + " of "
                    + source.title() + ": " + problem, manualInstructions(source, folder, stillMissing()), cause);
        }

        /** The failure after every mirror was tried, named by the most useful of the reasons met. */
        private DownloadException failure(PublishedFile file, Path part, Set<Reason> reasons, List<String> failures) {
            long kept = FileFetcher.sizeOrZero(part);
            Reason reason = kept > 0 && reasons.contains(Reason.INTERRUPTED) ? Reason.INTERRUPTED
                    : reasons.contains(Reason.CORRUPT) ? Reason.CORRUPT
                    : reasons.contains(Reason.SERVER_ERROR) ? Reason.SERVER_ERROR
                    : reasons.contains(Reason.INTERRUPTED) ? Reason.INTERRUPTED
                    : Reason.NO_NETWORK;
            String summary = switch (reason) {
                case NO_NETWORK -> "no download site could be reached. This computer seems to be offline, or a"
                        + " firewall or proxy blocks the sites; check the connection and try again.";
                case INTERRUPTED -> "the transfer stopped part-way." + (kept > 0 ? " The " + humanBytes(kept)
                        + " received are kept, and downloading again resumes from there." : " Try again later.");
                case CORRUPT -> "what the sites sent is not the published file (its size or SHA-256 differs),"
                        + " so it was deleted.";
                default -> "the download sites answered with errors; they may be down for a while, so try again"
                        + " later.";
            };
            StringBuilder problem = new StringBuilder(reason == Reason.NO_NETWORK
                    ? "Could not download " + source.title() + ": " + summary
                    : "Could not download " + file.name() + " of " + source.title() + ": " + summary);
            for (String f : failures) {
                problem.append("\n  ").append(f);
            }
            return new DownloadException(reason, source.name(), folder, problem.toString(),
                    manualInstructions(source, folder, stillMissing()), null);
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** The lock on the dataset's folder, or null when another download holds it. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static boolean hasAll(Path folder, DownloadableDataset source) {
        return source.fileNames().stream().allMatch(f -> Files.isRegularFile(folder.resolve(f)));
    }

    private static boolean looksRight(Path path, PublishedFile file, boolean verify) {
        try {
            return verify ? Checksums.matches(path, file) : Files.size(path) == file.size();
        } catch (IOException e) {
            return false;
        }
    }

    private static Path partOf(Path target) {
        return target.resolveSibling(target.getFileName() + PART_SUFFIX);
    }

    /** A byte count for people: "4.5 kB", "9.9 MB". */
    public static String humanBytes(long bytes) {
        if (bytes < 1000) {
            return bytes + " bytes";
        }
        double kb = bytes / 1000.0;
        return kb < 1000 ? String.format(Locale.ROOT, "%.1f kB", kb) : String.format(Locale.ROOT, "%.1f MB", kb / 1000);
    }
}

package latentlab.app.datasets;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import latentlab.core.data.DataLocator;
import latentlab.core.data.DatasetCatalog;
import latentlab.core.data.download.CancellationToken;
import latentlab.core.data.download.DatasetManager;
import latentlab.core.data.download.DatasetStatus;
import latentlab.core.data.download.DownloadException;
import latentlab.core.data.download.DownloadProgress;
import latentlab.core.data.download.DownloadResult;
import latentlab.core.data.download.DownloadableDataset;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The dataset manager window's state and commands: one {@link DatasetRow} per dataset (the built-in one
 * first), downloads with progress, cancel and resume, and checks of every file against its published
 * SHA-256.
 *
 * <p>All disk and network work runs on the {@code worker} executor, never on the UI thread; a download's
 * progress reaches the UI thread coalesced, the newest snapshot only. Call every method on the UI thread.
 */
public final class DatasetManagerViewModel {
    private final DatasetManager manager;
    private final Executor worker;
    private final Executor ui;
    private final Consumer<String> useDataset;

    // --- Properties --------------------------------------------------------------------------------

    private final ObservableList<DatasetRow> rows = FXCollections.observableArrayList();
    private final ObservableList<DatasetRow> readOnlyRows = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyBooleanWrapper checking = new ReadOnlyBooleanWrapper(this, "checking");
    private final ReadOnlyBooleanWrapper verified = new ReadOnlyBooleanWrapper(this, "verified");
    private final BooleanProperty canUse = new SimpleBooleanProperty(this, "canUse", true);

    private final Map<String, CancellationToken> running = new HashMap<>();
    /** Counts checks, so that only the newest one's answer is shown. */
    private long checkGeneration;
    private boolean shutDown;

    /**
     * @param manager    what is present and how to download it
     * @param worker     runs checks and downloads (several at once: a pool, or one thread per task)
     * @param ui         the UI thread ({@code Platform::runLater})
     * @param useDataset loads a dataset in the main window by its catalogue name ("Use it now")
     */
    public DatasetManagerViewModel(DatasetManager manager, Executor worker, Executor ui, Consumer<String> useDataset) {
        this.manager = Objects.requireNonNull(manager);
        this.worker = Objects.requireNonNull(worker);
        this.ui = Objects.requireNonNull(ui);
        this.useDataset = Objects.requireNonNull(useDataset);
        rows.add(new DatasetRow(DatasetCatalog.SYNTHETIC, "Synthetic faces", 0));
        for (DownloadableDataset d : manager.sources().all()) {
            rows.add(new DatasetRow(d.name(), d.title(), d.totalBytes()));
        }
    }

    /** The datasets, the built-in one first. */
    public ObservableList<DatasetRow> rows() {
        return readOnlyRows;
    }

    /** A dataset's row by catalogue name. */
    public Optional<DatasetRow> row(String name) {
        return rows.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** True while the datasets are being looked at on disk ({@link #refresh} or {@link #verify}). */
    public ReadOnlyBooleanProperty checkingProperty() {
        return checking.getReadOnlyProperty();
    }

    /** True when the rows show the result of {@link #verify}: the files' SHA-256 was checked. */
    public ReadOnlyBooleanProperty verifiedProperty() {
        return verified.getReadOnlyProperty();
    }

    /** Whether the main window can load a dataset now (not while it trains); the window binds it. */
    public BooleanProperty canUseProperty() {
        return canUse;
    }

    /** The folder downloads go into. */
    public Path downloadDir() {
        return manager.downloadDir();
    }

    /** A sentence or two on where datasets are looked for and where downloads go. */
    public String introduction() {
        List<Path> searched = manager.locator().places().stream().map(DataLocator.Place::dir).toList();
        String where = searched.equals(List.of(manager.downloadDir()))
                ? "Latent Lab keeps datasets in " + manager.downloadDir() + ", where downloads go."
                : "Latent Lab looks for datasets in " + searched.stream().map(Path::toString)
                  .collect(Collectors.joining(", then ")) + "; downloads go to " + manager.downloadDir() + ".";
        return where + " Every downloaded file is checked against its published SHA-256 before it is used.";
    }

    /** Whether a download is running. */
    public boolean anyDownloading() {
        return !running.isEmpty();
    }

    // --- Commands ----------------------------------------------------------------------------------

    /** Looks again at which datasets are present, checking sizes (quick). */
    public void refresh() {
        check(false);
    }

    /** Checks every file present against its published SHA-256 (a second or so per dataset). */
    public void verify() {
        check(true);
    }

    private void check(boolean verify) {
        if (shutDown) {
            return;
        }
        long generation = ++checkGeneration;
        checking.set(true);
        rows.forEach(DatasetRow::showChecking);
        boolean started = submit(() -> {
            List<DatasetStatus> statuses;
            RuntimeException failure = null;
            try {
                statuses = manager.statuses(verify);
            } catch (RuntimeException e) {
                statuses = List.of();
                failure = e;
            }
            List<DatasetStatus> found = statuses;
            RuntimeException error = failure;
            ui.execute(() -> {
                if (generation != checkGeneration) {
                    return;
                }
                checking.set(false);
                verified.set(verify && error == null);
                for (DatasetStatus s : found) {
                    row(s.name()).filter(r -> !r.downloadingProperty().get()).ifPresent(r -> r.show(s));
                }
            });
        });
        if (!started) {
            checking.set(false);
        }
    }

    /**
     * Downloads a dataset in the background, resuming what an earlier download left; the row follows
     * its progress and ends present and verified, or with the problem and the manual alternative.
     */
    public void download(String name) {
        DatasetRow row = row(name).orElseThrow(() -> new IllegalArgumentException("no dataset " + name));
        if (shutDown || row.builtIn() || row.downloadingProperty().get()) {
            return;
        }
        CancellationToken token = new CancellationToken();
        running.put(name, token);
        row.startDownload();
        LatestOnUi<DownloadProgress> progress = new LatestOnUi<>(ui, row::showProgress);
        boolean started = submit(() -> {
            DownloadResult result = null;
            RuntimeException failure = null;
            try {
                result = manager.download(name, progress::offer, token);
            } catch (RuntimeException e) {
                failure = e;
            }
            DatasetStatus status = statusOrNull(name, result != null);
            DownloadResult done = result;
            RuntimeException error = failure;
            ui.execute(() -> {
                progress.drop();
                running.remove(name, token);
                finished(row, done, error);
                if (status != null) {
                    row.show(status);
                }
            });
        });
        if (!started) {
            running.remove(name, token);
            row.failed("The download could not start: Latent Lab is closing.");
        }
    }

    private void finished(DatasetRow row, DownloadResult result, RuntimeException error) {
        if (result != null) {
            long fetched = result.bytesFetched();
            row.downloaded((fetched > 0 ? "Downloaded " + DatasetManager.humanBytes(fetched) + "; every file"
                    : "Every file was already there and") + " matches its published SHA-256.");
        } else if (error instanceof DownloadException e && e.reason() == DownloadException.Reason.CANCELLED) {
            row.cancelled(e.problem());
        } else if (error instanceof DownloadException e) {
            row.failed(e.manualAlternative().isEmpty() ? e.problem() : e.problem() + "\n\n" + e.manualAlternative());
        } else {
            String message = error == null || error.getMessage() == null ? String.valueOf(error) : error.getMessage();
            row.failed("Could not download " + row.title() + ": " + message + "\n\n"
                    + manager.manualInstructions(row.name()));
        }
    }

    /** The status after a download; verified when it completed (each file was just checked). */
    private DatasetStatus statusOrNull(String name, boolean verify) {
        try {
            return manager.status(name, verify);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Stops a running download; what arrived is kept for a later resume. */
    public void cancel(String name) {
        CancellationToken token = running.get(name);
        if (token != null) {
            token.cancel();
        }
    }

    /** Stops every running download (the window closes). */
    public void cancelAll() {
        running.values().forEach(CancellationToken::cancel);
    }

    /** Loads the dataset in the main window. */
    public void use(String name) {
        row(name).filter(DatasetRow::usable).ifPresent(r -> {
            if (canUse.get()) {
                useDataset.accept(name);
            }
        });
    }

    /** Cancels every download and starts no more; when the app closes. */
    public void shutdown() {
        shutDown = true;
        cancelAll();
    }

    private boolean submit(Runnable task) {
        try {
            worker.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }
}

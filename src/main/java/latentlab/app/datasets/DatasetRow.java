package latentlab.app.datasets;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import latentlab.core.data.download.DatasetManager;
import latentlab.core.data.download.DatasetStatus;
import latentlab.core.data.download.DownloadProgress;

import java.util.Locale;

/**
 * One dataset in the dataset manager: what the window shows about it. Read-only to the view; the
 * {@link DatasetManagerViewModel} changes it, on the FX thread.
 */
public final class DatasetRow {
    private final String name;
    private final String title;
    /** The published size of all its files; 0 for the built-in dataset. */
    private final long totalBytes;

    // --- Properties --------------------------------------------------------------------------------

    private final ReadOnlyObjectWrapper<DatasetStatus> status = new ReadOnlyObjectWrapper<>(this, "status");
    private final ReadOnlyStringWrapper stateText = new ReadOnlyStringWrapper(this, "stateText", "");
    private final ReadOnlyStringWrapper folderText = new ReadOnlyStringWrapper(this, "folderText", "");
    private final ReadOnlyStringWrapper sizeText = new ReadOnlyStringWrapper(this, "sizeText", "");
    private final ReadOnlyStringWrapper actionText = new ReadOnlyStringWrapper(this, "actionText", "");
    private final ReadOnlyBooleanWrapper downloading = new ReadOnlyBooleanWrapper(this, "downloading");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyBooleanWrapper justDownloaded = new ReadOnlyBooleanWrapper(this, "justDownloaded");
    private boolean failed;

    DatasetRow(String name, String title, long totalBytes) {
        this.name = name;
        this.title = title;
        this.totalBytes = totalBytes;
    }

    /** The catalogue name, e.g. "mnist". */
    public String name() {
        return name;
    }

    /** The display name, e.g. "MNIST". */
    public String title() {
        return title;
    }

    /** The last status read from disk; null until the first check ends. */
    public ReadOnlyObjectProperty<DatasetStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** "built in", "present", "verified", "missing", "damaged", "downloading", or "checking" before the first look. */
    public ReadOnlyStringProperty stateTextProperty() {
        return stateText.getReadOnlyProperty();
    }

    /** The folder that holds the files, or that a download puts them in. */
    public ReadOnlyStringProperty folderTextProperty() {
        return folderText.getReadOnlyProperty();
    }

    /** How much there is to download, or how much is on disk. */
    public ReadOnlyStringProperty sizeTextProperty() {
        return sizeText.getReadOnlyProperty();
    }

    /**
     * What the download button says: "Download", "Resume" (a partial download is kept), "Retry" (the last
     * one failed), "Download again" (a file is damaged); "" when there is nothing to download.
     */
    public ReadOnlyStringProperty actionTextProperty() {
        return actionText.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty downloadingProperty() {
        return downloading.getReadOnlyProperty();
    }

    /** The fraction of the dataset on disk during and after a download, 0..1. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Bytes, the file being fetched and the download's own note, e.g. "connection lost; trying again in 2 s". */
    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    /** How the last download ended when that was not a failure (done, cancelled); "" otherwise. */
    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    /** Why the last download failed and which files to put in which folder instead; "" when it did not fail. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** True after a download of this dataset completed in this window: it can be used at once. */
    public ReadOnlyBooleanProperty justDownloadedProperty() {
        return justDownloaded.getReadOnlyProperty();
    }

    public boolean builtIn() {
        return totalBytes == 0;
    }

    /** Whether the dataset can be loaded now. */
    public boolean usable() {
        return status.get() != null && status.get().usable() && !downloading.get();
    }

    // --- Changes, by the view-model ----------------------------------------------------------------

    void showChecking() {
        if (status.get() == null) {
            stateText.set("checking\u2026");
        }
    }

    void show(DatasetStatus s) {
        status.set(s);
        stateText.set(downloading.get() ? "downloading" : s.state().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        folderText.set(s.folder() == null ? "generated by Latent Lab" : s.folder().toString());
        long kept = totalBytes - s.bytesToFetch();
        sizeText.set(switch (s.state()) {
            case BUILT_IN -> "nothing to download";
            case PRESENT, VERIFIED -> DatasetManager.humanBytes(totalBytes) + " on disk";
            case DAMAGED, MISSING -> DatasetManager.humanBytes(s.bytesToFetch()) + " to download"
                    + (s.state() == DatasetStatus.State.MISSING && kept > 0
                    ? " (" + DatasetManager.humanBytes(kept) + " kept from before)" : "");
        });
        if (!downloading.get()) {
            progress.set(s.usable() ? 1 : s.state() == DatasetStatus.State.MISSING && kept > 0
                    ? (double) kept / totalBytes : 0);
        }
        updateAction();
    }

    void startDownload() {
        downloading.set(true);
        failed = false;
        justDownloaded.set(false);
        note.set("");
        problem.set("");
        stateText.set("downloading");
        progressText.set("Starting\u2026");
        updateAction();
    }

    void showProgress(DownloadProgress p) {
        if (!downloading.get()) {
            return;
        }
        progress.set(p.fraction());
        String doing = switch (p.phase()) {
            case CHECKING -> "checking ";
            case CONNECTING -> "connecting for ";
            case DOWNLOADING, DONE -> "";
            case RETRYING -> "retrying ";
            case VERIFYING -> "verifying ";
        };
        progressText.set(DatasetManager.humanBytes(p.bytesDone()) + " of " + DatasetManager.humanBytes(p.bytesTotal())
                + " \u00b7 " + doing + p.file() + " (" + p.fileIndex() + " of " + p.fileCount() + ")"
                + (p.note().isEmpty() ? "" : " \u00b7 " + p.note()));
    }

    /** The download completed: every file is in place and verified. */
    void downloaded(String text) {
        downloading.set(false);
        justDownloaded.set(true);
        progress.set(1);
        progressText.set("");
        note.set(text);
    }

    /** The download was cancelled; what arrived is kept. */
    void cancelled(String text) {
        downloading.set(false);
        progressText.set("");
        note.set(text);
    }

    /** The download failed. */
    void failed(String problemAndAlternative) {
        downloading.set(false);
        failed = true;
        progressText.set("");
        problem.set(problemAndAlternative);
    }

    private void updateAction() {
        DatasetStatus s = status.get();
        if (downloading.get() || s == null || builtIn() || s.usable()) {
            actionText.set("");
        } else if (s.state() == DatasetStatus.State.DAMAGED) {
            actionText.set("Download again");
        } else if (s.bytesToFetch() < totalBytes) {
            actionText.set("Resume");
        } else {
            actionText.set(failed ? "Retry" : "Download");
        }
    }

    @Override
    public String toString() {
        return name + " (" + stateText.get() + ")";
    }
}

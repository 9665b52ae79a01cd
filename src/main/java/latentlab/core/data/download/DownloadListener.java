package latentlab.core.data.download;

/**
 * Receives progress of a download, on the downloading thread, at most every few tens of milliseconds
 * per file and at every change of phase. A UI keeps the latest snapshot and shows it on its own thread.
 */
@FunctionalInterface
public interface DownloadListener {
    void onProgress(DownloadProgress progress);

    /** A listener that ignores everything. */
    static DownloadListener none() {
        return progress -> {
        };
    }
}

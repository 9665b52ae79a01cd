package latentlab.core.data.download;

/**
 * Asks a running download to stop. The UI keeps one per download and calls {@link #cancel()} from its
 * own thread (a Cancel button, closing the window); the download notices within a fraction of a second,
 * even while it waits for the network, keeps what it has fetched for a later resume, and ends with a
 * {@link DownloadException} whose reason is {@link DownloadException.Reason#CANCELLED}.
 */
public final class CancellationToken {
    private volatile boolean cancelled;

    /** Asks the download to stop; calling it again does nothing. */
    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** A token that is never cancelled. */
    public static CancellationToken none() {
        return new CancellationToken();
    }
}

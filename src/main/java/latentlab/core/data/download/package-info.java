/**
 * Datasets on demand: which datasets are present, and downloads of the missing ones that are verified
 * against their published SHA-256 before they are used.
 *
 * <p>{@link latentlab.core.data.download.DatasetManager} is the one entry point. A UI lists
 * {@link latentlab.core.data.download.DatasetManager#statuses(boolean)}, and runs a download on a background
 * thread with a listener and a cancel token:
 * <pre>{@code
 * DatasetManager manager = DatasetManager.forThisUser(DataLocator.forThisUser(Optional.empty()));
 * CancellationToken cancel = new CancellationToken();          // the Cancel button calls cancel.cancel()
 * try {
 *     DownloadResult done = manager.download("mnist", progress -> latest.set(progress), cancel);
 * } catch (DownloadException e) {
 *     // e.reason(): NO_NETWORK, INTERRUPTED (a retry resumes), CORRUPT, SERVER_ERROR, CANCELLED, DISK, BUSY
 *     // e.problem() and e.manualAlternative() ("put these files in this folder"), e.folder() to open it
 * }
 * }</pre>
 * {@link latentlab.core.data.download.DownloadCatalog} holds the published files and their mirrors;
 * {@link latentlab.core.data.download.DownloadCatalog#mirroredAt(java.net.URI)} points every dataset at one
 * server instead, for a classroom mirror and for tests.
 */
package latentlab.core.data.download;

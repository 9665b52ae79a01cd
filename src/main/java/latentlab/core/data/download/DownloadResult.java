package latentlab.core.data.download;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * A finished download: every file of the dataset is in {@code folder} and matches its published SHA-256.
 *
 * @param dataset the catalogue name
 * @param folder  the folder that now holds the dataset's files
 * @param files   what happened to each file, in the dataset's order
 */
public record DownloadResult(String dataset, Path folder, List<FileResult> files) {
    public DownloadResult {
        files = List.copyOf(files);
    }

    /** How a file came to be in place. */
    public enum Outcome {
        /** It was already there and verified; nothing was fetched. */
        ALREADY_PRESENT,
        /** It was fetched from the start. */
        DOWNLOADED,
        /** An earlier partial download of it was completed with an HTTP range request. */
        RESUMED
    }

    /**
     * @param name    the file name
     * @param outcome how it came to be in place
     * @param source  where it was fetched from; null when already present
     * @param fetched bytes received over the network for it in this download
     */
    public record FileResult(String name, Outcome outcome, URI source, long fetched) {
    }

    /** Bytes received over the network in this download. */
    public long bytesFetched() {
        return files.stream().mapToLong(FileResult::fetched).sum();
    }
}

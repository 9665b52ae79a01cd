package latentlab.core.data.download;

import java.net.URI;

/**
 * A snapshot of one dataset's download, for a progress bar. Byte counts include what an earlier,
 * interrupted download left to resume from.
 *
 * @param dataset        the catalogue name, e.g. "mnist"
 * @param file           the file being worked on
 * @param fileIndex      its position among the dataset's files, 1-based
 * @param fileCount      how many files the dataset has
 * @param phase          what is happening to the file now
 * @param fileBytesDone  bytes of this file on disk so far
 * @param fileBytesTotal the file's published size
 * @param bytesDone      bytes of the whole dataset on disk so far
 * @param bytesTotal     the whole dataset's published size
 * @param source         the address being fetched, or null when nothing is fetched (checking, done)
 * @param note           a short human sentence for a status line, e.g. "connection lost; retrying in 2 s"
 */
public record DownloadProgress(String dataset, String file, int fileIndex, int fileCount, Phase phase,
                               long fileBytesDone, long fileBytesTotal, long bytesDone, long bytesTotal,
                               URI source, String note) {

    /** What is happening to a file. */
    public enum Phase {
        /** Checking a file that is already on disk against its checksum. */
        CHECKING,
        /** Asking a server for the file. */
        CONNECTING,
        /** Receiving bytes. */
        DOWNLOADING,
        /** The last try failed; the next starts after a short pause (see {@link #note()}). */
        RETRYING,
        /** Computing the SHA-256 of the finished file. */
        VERIFYING,
        /** The file is in place and verified. */
        DONE
    }

    /** The fraction of the whole dataset on disk, 0..1. */
    public double fraction() {
        return bytesTotal <= 0 ? 0 : Math.min(1.0, (double) bytesDone / bytesTotal);
    }

    /** The fraction of this file on disk, 0..1. */
    public double fileFraction() {
        return fileBytesTotal <= 0 ? 0 : Math.min(1.0, (double) fileBytesDone / fileBytesTotal);
    }
}

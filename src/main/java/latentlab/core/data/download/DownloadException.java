package latentlab.core.data.download;

import latentlab.core.data.DatasetException;

import java.nio.file.Path;

/**
 * A dataset download that did not finish. {@link #getMessage()} is complete sentences for the person
 * at the computer: what went wrong ({@link #problem()}) and, unless they cancelled, what they can do
 * instead ({@link #manualAlternative()}: which files to put in which folder). Nothing unverified is ever
 * left under a dataset file's own name.
 */
public final class DownloadException extends DatasetException {
    private static final long serialVersionUID = 1L;

    /** Why the download stopped, for a UI that reacts differently to each. */
    public enum Reason {
        /** No download site could be reached: no network, no name resolution, a firewall, a timeout. */
        NO_NETWORK,
        /** The sites answered, but with an error such as 404 or 503. */
        SERVER_ERROR,
        /** The transfer stopped part-way (connection lost or stalled); what arrived is kept and a retry resumes. */
        INTERRUPTED,
        /** What arrived is not the published file (wrong size or SHA-256); it was deleted. */
        CORRUPT,
        /** The download was cancelled; what arrived is kept and a later download resumes. */
        CANCELLED,
        /** The data folder could not be written (permissions, a full disk). */
        DISK,
        /** Another download of the same dataset into the same folder is running. */
        BUSY
    }

    private final Reason reason;
    private final String dataset;
    private final transient Path folder;
    private final String problem;
    private final String manualAlternative;

    /**
     * @param reason            why it stopped
     * @param dataset           the catalogue name
     * @param folder            the folder the files go into
     * @param problem           what went wrong, in sentences
     * @param manualAlternative how to get the files without this download, or "" when there is nothing to add
     * @param cause             the underlying failure, or null
     */
    public DownloadException(Reason reason, String dataset, Path folder, String problem, String manualAlternative,
                             Throwable cause) {
        super(manualAlternative.isEmpty() ? problem : problem + "\n" + manualAlternative, cause);
        this.reason = reason;
        this.dataset = dataset;
        this.folder = folder;
        this.problem = problem;
        this.manualAlternative = manualAlternative;
    }

    public Reason reason() {
        return reason;
    }

    /** The catalogue name of the dataset, e.g. "mnist". */
    public String dataset() {
        return dataset;
    }

    /** The folder the files go into; a UI can offer to open it. */
    public Path folder() {
        return folder;
    }

    /** What went wrong, without the advice. */
    public String problem() {
        return problem;
    }

    /** Which files to put in which folder to do without the download; "" when cancelled. */
    public String manualAlternative() {
        return manualAlternative;
    }
}

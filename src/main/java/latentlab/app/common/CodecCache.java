package latentlab.app.common;

import latentlab.app.Workspace;

/**
 * One worker's codec (plain Java: single images, see {@link JavaCodec}) over the latest weights
 * snapshot, built again only when the snapshot changes.
 * A {@link LatestWins} worker runs one request at a time, so one cache per worker is never shared by
 * two threads at once; and a codec is done with before the next call rebuilds, so each rebuild copies the
 * weights into the same array (training publishes new weights several times a second).
 */
public final class CodecCache {
    private final Workspace workspace;
    private Workspace.Snapshot snapshot;
    private JavaCodec codec;
    private final CodecWeights weights = new CodecWeights();

    public CodecCache(Workspace workspace) {
        this.workspace = workspace;
    }

    /** A codec over the current weights, with the snapshot it reads; null before the first session. */
    public synchronized JavaCodec codec() {
        Workspace.Snapshot s = workspace.snapshot();
        if (s == null) {
            return null;
        }
        if (s != snapshot) {
            snapshot = null;                                                         // until the copy is whole
            codec = null;
            codec = weights.codec(s.model());
            snapshot = s;
        }
        return codec;
    }

    /** The snapshot the last {@link #codec()} read. */
    public synchronized Workspace.Snapshot snapshot() {
        return snapshot;
    }
}

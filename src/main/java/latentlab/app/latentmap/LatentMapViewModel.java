package latentlab.app.latentmap;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import latentlab.app.Workspace;
import latentlab.app.common.CodecWeights;
import latentlab.app.common.LatestWins;
import latentlab.app.common.LiveBudget;
import latentlab.app.common.Message;
import latentlab.app.common.MessageSink;
import latentlab.app.common.Threads;
import latentlab.core.data.Split;
import latentlab.core.explore.ActiveDimensions;
import latentlab.core.explore.Codec;
import latentlab.core.explore.Encoding;

import java.util.List;

/**
 * The latent map without its canvas: the test images encoded (z_mean) on a render thread, latest
 * request wins, and projected to 2-D by two chosen dimensions or PCA. During training only the first
 * {@link #LIVE_POINTS} are encoded, at most once every {@link #LIVE_INTERVAL_NANOS} and within
 * {@link #LIVE_CPU_SHARE} of a core, so that the map
 * moves without slowing training down; when training ends, all of them again.
 */
public final class LatentMapViewModel {
    /** The most test images drawn. */
    public static final int MAX_POINTS = 10_000;
    /** Test images drawn while training runs: enough to see the classes move apart. */
    public static final int LIVE_POINTS = 1_000;
    /** Shortest time between two encodings while training runs. */
    public static final long LIVE_INTERVAL_NANOS = 3_000_000_000L;
    /** The most of one core that encoding may take while training runs. */
    static final double LIVE_CPU_SHARE = 0.02;

    /**
     * The encoded test images.
     *
     * @param encoding   their codes and labels
     * @param images     the split they are the first images of, for hovering (point i is image i)
     * @param classNames a name per label; empty when unlabelled
     */
    public record Encoded(Encoding encoding, Split images, List<String> classNames) {
    }

    /**
     * The points to draw.
     *
     * @param encoded    where they come from
     * @param projection how they were projected
     * @param x          x of each point
     * @param y          y of each point
     * @param pca        the fitted components when the projection is PCA, else null
     */
    public record Points(Encoded encoded, Projection projection, float[] x, float[] y, Pca pca) {
        /** A code's position in this projection (for markers). */
        public double[] project(float[] z) {
            return pca != null ? pca.project(z) : new double[] {z[projection.dimX()], z[projection.dimY()]};
        }

        public int size() {
            return x.length;
        }
    }

    private final Workspace workspace;
    private final ObjectProperty<Projection> projection = new SimpleObjectProperty<>(this, "projection", Projection.FIRST_TWO);
    private final ReadOnlyObjectWrapper<Points> points = new ReadOnlyObjectWrapper<>(this, "points");
    private final ReadOnlyIntegerWrapper latent = new ReadOnlyIntegerWrapper(this, "latent");
    private final ReadOnlyIntegerWrapper updates = new ReadOnlyIntegerWrapper(this, "updates");
    private final ReadOnlyStringWrapper emptyReason = new ReadOnlyStringWrapper(this, "emptyReason", "");
    private final LatestWins<Integer, Encoded> worker;
    private final CodecWeights weights = new CodecWeights();                     // the live codec's copy; worker only
    private final LiveBudget live = new LiveBudget(LIVE_CPU_SHARE, LIVE_INTERVAL_NANOS);

    public LatentMapViewModel(Workspace workspace, Threads threads, MessageSink messages) {
        this.workspace = workspace;
        this.worker = new LatestWins<>(threads.render(), threads.ui(), n -> live.spend(() -> encode(n)), this::show,
                e -> messages.post(Message.error("The latent map could not be drawn: " + e.getMessage())));
        workspace.sessionProperty().addListener((obs, was, is) -> {
            int l = is.model().config().latent();
            latent.set(l);
            emptyReason.set(is.dataset().test().size() > 0 ? "" : "No points: the test images of "
                    + is.dataset().name() + " are not on this computer. Data \u203a Datasets\u2026 gets them;"
                    + " the manifold and the editor work without them.");
            if (is.dataset().test().size() == 0) {
                points.set(null);
            }
            Projection p = projection.get();
            int[] active = p.pca() ? null : ActiveDimensions.widestPair(is.model()).orElse(null);
            if (active != null) {
                projection.set(Projection.dims(active[0], active[1]));        // as the manifold: the two used most
            } else if (!p.pca() && (p.dimX() >= l || p.dimY() >= l)) {
                projection.set(l >= 2 ? Projection.FIRST_TWO : Projection.dims(0, 0));
            }
        });
        workspace.revisionProperty().addListener(o -> {
            if (!workspace.isTraining() || live.allows(System.nanoTime())) {
                refresh();
            }
        });
        projection.addListener(o -> {
            Points p = points.get();
            if (p != null) {
                points.set(project(p.encoded(), projection.get()));
            }
        });
    }

    // --- Properties ----------------------------------------------------------------------------

    /** Which two axes are drawn. */
    public ObjectProperty<Projection> projectionProperty() {
        return projection;
    }

    /** The latest points. */
    public ReadOnlyObjectProperty<Points> pointsProperty() {
        return points.getReadOnlyProperty();
    }

    /** The model's latent size. */
    public ReadOnlyIntegerProperty latentProperty() {
        return latent.getReadOnlyProperty();
    }

    /** Why the map has no points (the dataset is not on this computer); empty when it has them. */
    public ReadOnlyStringProperty emptyReasonProperty() {
        return emptyReason.getReadOnlyProperty();
    }

    /** How many encodings have been shown; grows during training. */
    public ReadOnlyIntegerProperty updatesProperty() {
        return updates.getReadOnlyProperty();
    }

    // --- Commands ------------------------------------------------------------------------------

    /** Encodes the test images again from the current weights: a subset while training runs. */
    public void refresh() {
        if (workspace.session() != null && workspace.session().dataset().test().size() > 0) {
            worker.submit(workspace.isTraining() ? LIVE_POINTS : MAX_POINTS);
        }
    }

    /** Stops encoding; on exit. */
    public void shutdown() {
        worker.close();
    }

    private Encoded encode(int count) {
        Workspace.Snapshot snapshot = workspace.snapshot();
        Split test = snapshot.session().dataset().test();
        // while training (the live subset), plain Java: ND4J's products would queue with training's
        Encoding encoding;
        if (count <= LIVE_POINTS) {
            encoding = weights.codec(snapshot.model()).encode(test, count);       // the first count images; no copies
        } else {
            encoding = new Codec(snapshot.model()).encode(test.head(count));
        }
        return new Encoded(encoding, test, snapshot.session().dataset().classNames());
    }

    private void show(Encoded e) {
        if (workspace.session() == null || e.encoding().latent() != latent.get()) {
            return;                                                                   // from a replaced model
        }
        points.set(project(e, projection.get()));
        updates.set(updates.get() + 1);
    }

    /** Projects every code; plain arithmetic, fast enough for the FX thread. */
    static Points project(Encoded e, Projection p) {
        float[][] codes = e.encoding().mean();
        int n = codes.length;
        float[] x = new float[n];
        float[] y = new float[n];
        Pca pca = null;
        if (p.pca() && n > 0 && codes[0].length > 1) {
            pca = Pca.fit(codes);
            for (int i = 0; i < n; i++) {
                double[] xy = pca.project(codes[i]);
                x[i] = (float) xy[0];
                y[i] = (float) xy[1];
            }
        } else {
            for (int i = 0; i < n; i++) {
                x[i] = codes[i][Math.min(p.dimX(), codes[i].length - 1)];
                y[i] = codes[i][Math.min(p.dimY(), codes[i].length - 1)];
            }
        }
        return new Points(e, pca == null && p.pca() ? Projection.FIRST_TWO : p, x, y, pca);
    }
}

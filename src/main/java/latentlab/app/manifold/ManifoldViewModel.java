package latentlab.app.manifold;

import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import latentlab.app.Workspace;
import latentlab.app.common.CodecWeights;
import latentlab.app.common.FxImages;
import latentlab.app.common.JavaCodec;
import latentlab.app.common.LatestWins;
import latentlab.app.common.LiveBudget;
import latentlab.app.common.Message;
import latentlab.app.common.MessageSink;
import latentlab.app.common.Threads;
import latentlab.core.data.ImageShape;
import latentlab.core.data.Resampler;
import latentlab.core.data.Split;
import latentlab.core.explore.Codec;
import latentlab.core.explore.ImageTiles;
import latentlab.core.explore.ActiveDimensions;
import latentlab.core.explore.ManifoldGrid;
import latentlab.core.model.EpochRecord;
import latentlab.core.model.Model;
import latentlab.core.model.ModelKind;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The manifold view without its controls: an n x n grid of decoded latent points (Kingma and
 * Welling's Fig. 4), spaced through the inverse Gaussian CDF for a VAE and over the range of the
 * test codes for an AE. For more than two latent dimensions, two of them span the grid and the others
 * keep the values of {@link #baseProperty()} (the editor's code). Redrawn on a render thread, latest
 * request wins; while training runs, at the workspace's grid ticks, as often as {@link #LIVE_CPU_SHARE}
 * of a core allows. The picture is drawn at the size it is shown ({@link #setViewport}): reduced here
 * by area averaging rather than by the renderer, whose smooth scaling of a 560-pixel grid took longer
 * than decoding it.
 */
public final class ManifoldViewModel {
    /** Smallest grid offered. */
    public static final int MIN_N = 5;
    /** Largest grid offered. */
    public static final int MAX_N = 30;
    /** Default grid, as in the paper's figures. */
    public static final int DEFAULT_N = 20;
    /** The most of one core that redrawing the grid may take while training runs. */
    static final double LIVE_CPU_SHARE = 0.04;
    /** The shortest time between two redraws while training runs. */
    static final long LIVE_MIN_INTERVAL_NANOS = 250_000_000L;
    /** Test images encoded to find the range an AE's grid spans. */
    static final int AE_RANGE_IMAGES = EpochRecord.CODE_BOX_IMAGES;
    /** Half the side of an AE's grid when neither its data nor a recorded code range is at hand. */
    static final double UNKNOWN_RANGE = 3;

    /**
     * A decoded grid, ready to show.
     *
     * @param grid       the latent points
     * @param shape      each image's shape
     * @param images     n*n images, row by row from the top left
     * @param argb       the tiled picture, at the size it is shown
     * @param argbWidth  its width in pixels: {@link #width()}, or less when reduced to fit the view
     * @param argbHeight its height
     */
    public record Rendered(ManifoldGrid grid, ImageShape shape, float[] images, int[] argb, int argbWidth,
                           int argbHeight) {
        /** The grid's own width in pixels, n * cols. */
        public int width() {
            return grid.n() * shape.cols();
        }

        /** The grid's own height in pixels, n * rows. */
        public int height() {
            return grid.n() * shape.rows();
        }

        /** The code of the cell at (column, row). */
        public float[] codeAt(int column, int row) {
            float[] z = grid.base().clone();
            z[grid.dimX()] = (float) grid.xs()[column];
            z[grid.dimY()] = (float) grid.ys()[row];
            return z;
        }
    }

    /**
     * A grid to draw; {@code live}: while training runs, when plain Java decodes it (see {@link JavaCodec});
     * the picture at most {@code viewWidth x viewHeight} pixels (0: at the grid's own size).
     */
    private record Request(int n, int dimX, int dimY, float[] base, boolean live, int viewWidth, int viewHeight) {
        boolean sameGrid(Request o) {
            return o != null && n == o.n && dimX == o.dimX && dimY == o.dimY && java.util.Arrays.equals(base, o.base);
        }
    }

    /** The last grid decoded, kept so that a new view size only resamples it; worker only. */
    private record Decoded(Request request, Model weights, ManifoldGrid grid, float[] images) {
    }

    /** A grid decoded ahead ({@link #prefetch}) for a session not yet shown, from a copy of its weights. */
    private record Ahead(Workspace.Session session, Model weights, Decoded decoded) {
    }

    private final Workspace workspace;
    private final IntegerProperty n = new SimpleIntegerProperty(this, "n", DEFAULT_N);
    private final IntegerProperty dimX = new SimpleIntegerProperty(this, "dimX", 0);
    private final IntegerProperty dimY = new SimpleIntegerProperty(this, "dimY", 1);
    private final ObjectProperty<float[]> base = new SimpleObjectProperty<>(this, "base");
    private final ReadOnlyObjectWrapper<Rendered> rendered = new ReadOnlyObjectWrapper<>(this, "rendered");
    private final ReadOnlyIntegerWrapper latent = new ReadOnlyIntegerWrapper(this, "latent");
    private final ReadOnlyIntegerWrapper redraws = new ReadOnlyIntegerWrapper(this, "redraws");
    private final LatestWins<Request, Rendered> worker;
    private final CodecWeights weights = new CodecWeights();                     // the live codec's copy; worker only
    // asked at every grid tick (0.1 s), the budget lets a redraw through every 0.25 s or, when redraws cost
    // more than 10 ms of CPU, as often as 4 % of a core allows
    private final LiveBudget live = new LiveBudget(LIVE_CPU_SHARE, LIVE_MIN_INTERVAL_NANOS);
    private int viewWidth;
    private int viewHeight;
    private Decoded decoded;                                                        // worker only
    private Ahead ahead;                                                            // worker only
    private int decodes;                                                            // worker only; for tests
    private final Executor renderThread;                                           // the worker's thread

    public ManifoldViewModel(Workspace workspace, Threads threads, MessageSink messages) {
        this.workspace = workspace;
        this.renderThread = threads.render();
        this.worker = new LatestWins<>(threads.render(), threads.ui(), q -> live.spend(() -> render(q)), r -> {
            rendered.set(r);
            redraws.set(redraws.get() + 1);
        }, e -> messages.post(Message.error("The manifold could not be drawn: " + e.getMessage())));
        workspace.sessionProperty().addListener((obs, was, is) -> {
            int l = is.model().config().latent();
            latent.set(l);
            // a trained model with more than 2 dimensions opens on the two it uses most (its others may be inactive)
            int[] active = ActiveDimensions.widestPair(is.model()).orElse(null);
            if (active != null) {
                dimX.set(active[0]);
                dimY.set(active[1]);
            } else if (!spans(dimX.get(), dimY.get(), l)) {
                dimX.set(0);
                dimY.set(Math.min(1, l - 1));
            }
        });
        workspace.revisionProperty().addListener(o -> {
            if (!workspace.isTraining() || live.allows(System.nanoTime())) {
                refresh();
            }
        });
        workspace.gridTickProperty().addListener(o -> {
            if (workspace.isTraining() && live.allows(System.nanoTime())) {
                refresh();
            }
        });
        n.addListener(o -> refresh());
        dimX.addListener(o -> refresh());
        dimY.addListener(o -> refresh());
        base.addListener(o -> {
            if (latent.get() > 2) {
                refresh();
            }
        });
    }

    // --- Properties ----------------------------------------------------------------------------

    /** Cells per side, {@value #MIN_N} to {@value #MAX_N}. */
    public IntegerProperty nProperty() {
        return n;
    }

    /** The latent dimension along the columns. */
    public IntegerProperty dimXProperty() {
        return dimX;
    }

    /** The latent dimension along the rows (largest value at the top). */
    public IntegerProperty dimYProperty() {
        return dimY;
    }

    /** The code whose other dimensions the grid keeps; null for zeros. */
    public ObjectProperty<float[]> baseProperty() {
        return base;
    }

    /** The latest grid drawn. */
    public ReadOnlyObjectProperty<Rendered> renderedProperty() {
        return rendered.getReadOnlyProperty();
    }

    /** The model's latent size. */
    public ReadOnlyIntegerProperty latentProperty() {
        return latent.getReadOnlyProperty();
    }

    /** How many grids have been shown; grows during training. */
    public ReadOnlyIntegerProperty redrawsProperty() {
        return redraws.getReadOnlyProperty();
    }

    // --- Commands ------------------------------------------------------------------------------

    /**
     * Decodes, on the render thread, the grid that will be asked for once {@code session} is shown, so
     * that its first picture needs no decoding then. Called on the thread that read the model, before the
     * FX thread shows the session: at start-up the window is still being built and shown meanwhile. The
     * grid is used only if the session is then shown with the same weights and the same grid is asked for
     * (cells, dimensions and the other dimensions' values); otherwise it is decoded as usual.
     */
    public void prefetch(Workspace.Session session) {
        int l = session.model().config().latent();
        if (l < 2) {
            return;
        }
        int x = dimX.get();                                                        // read off the FX thread: a stale
        int y = dimY.get();                                                        // value only means no match later
        boolean kept = spans(x, y, l);                                             // as the session's listener will
        Request q = request(l, kept ? x : 0, kept ? y : Math.min(1, l - 1), false, 0, 0);
        try {
            renderThread.execute(() -> {
                Model copy = session.model().weightsSnapshot();
                try {
                    ahead = new Ahead(session, copy, decode(q, new Workspace.Snapshot(session, copy, -1, System.nanoTime())));
                } catch (RuntimeException e) {
                    ahead = null;                                                  // the usual decode will say what failed
                }
            });
        } catch (RejectedExecutionException e) {
            // shutting down: nothing to draw
        }
    }

    /** Draws the grid again from the current weights and settings. */
    public void refresh() {
        int l = latent.get();
        if (workspace.session() == null || l < 2 || dimX.get() == dimY.get()) {
            return;
        }
        worker.submit(request(l, dimX.get(), dimY.get(), workspace.isTraining(), viewWidth, viewHeight));
    }

    /** Whether dimensions x and y can span the grid of a latent space of size l (else 0 and 1 do). */
    private static boolean spans(int x, int y, int l) {
        return x < l && y < l && x != y;
    }

    /** The grid of the current cells and base code (zeros when it does not fit) over dimensions x and y. */
    private Request request(int l, int x, int y, boolean live, int viewWidth, int viewHeight) {
        float[] b = base.get();
        return new Request(Math.clamp(n.get(), MIN_N, MAX_N), x, y, b != null && b.length == l ? b.clone() : new float[l],
                live, viewWidth, viewHeight);
    }

    /**
     * The most pixels the picture is shown at (the view's size times its screen's scale); the grid is
     * drawn again to fit, resampling the decoded images without decoding them again. 0 x 0: the grid's
     * own size.
     */
    public void setViewport(int width, int height) {
        if (width != viewWidth || height != viewHeight) {
            viewWidth = Math.max(0, width);
            viewHeight = Math.max(0, height);
            refresh();
        }
    }

    /** Writes the grid at its own resolution (each image pixel 2x2 pixels) as a PNG; on a worker thread. */
    public static void writePng(Rendered r, Path file) {
        BufferedImage image = ImageTiles.tile(r.images(), r.grid().n() * r.grid().n(), r.shape(), r.grid().n(), 2, 0);
        ImageTiles.writePng(image, file);
    }

    /** How many grids were decoded (ahead or not); for tests, on the worker's thread. */
    int decodes() {
        return decodes;
    }

    /** Stops drawing; on exit. */
    public void shutdown() {
        worker.close();
    }

    private Rendered render(Request q) {
        Workspace.Snapshot snapshot = q.live() ? workspace.snapshot(Workspace.GRID_TICK_NANOS) : workspace.snapshot();
        Model model = snapshot.model();
        if (model.config().latent() != q.base().length) {
            return null;                                                             // stale: a new request follows
        }
        Decoded d = decoded;
        if (d == null || d.weights() != model || !q.sameGrid(d.request())) {
            d = decodedAhead(q, snapshot);
            if (d == null) {
                d = decode(q, snapshot);
            }
            decoded = d;
        }
        return picture(d.grid(), model.config().shape(), d.images(), q.viewWidth(), q.viewHeight());
    }

    /** The grid decoded ahead for this request, if it was decoded for this session from these same weights; once. */
    private Decoded decodedAhead(Request q, Workspace.Snapshot snapshot) {
        Ahead a = ahead;
        if (a == null || q.live() || a.session() != snapshot.session() || !q.sameGrid(a.decoded().request())) {
            return null;
        }
        ahead = null;
        if (!Arrays.equals(a.weights().params().ravel().toFloatVector(),
                snapshot.model().params().ravel().toFloatVector())) {
            return null;
        }
        return new Decoded(q, snapshot.model(), a.decoded().grid(), a.decoded().images());
    }

    /**
     * The tiled grid as ARGB, reduced by area averaging to fit {@code viewWidth x viewHeight} when it is
     * larger (square pixels kept); at its own size when it fits or no view size is known.
     */
    static Rendered picture(ManifoldGrid grid, ImageShape shape, float[] images, int viewWidth, int viewHeight) {
        int n = grid.n();
        int width = n * shape.cols();
        int height = n * shape.rows();
        double scale = viewWidth > 0 && viewHeight > 0
                ? Math.min((double) viewWidth / width, (double) viewHeight / height) : 1;
        if (scale >= 1) {
            return new Rendered(grid, shape, images, FxImages.tileArgb(images, n * n, shape, n), width, height);
        }
        int w = Math.max(1, (int) Math.floor(width * scale));
        int h = Math.max(1, (int) Math.floor(height * scale));
        float[] reduced = Resampler.resample(ImageTiles.tileGrey(images, n * n, shape, n), height, width, h, w);
        return new Rendered(grid, shape, images, FxImages.argb(reduced), w, h);
    }

    private Decoded decode(Request q, Workspace.Snapshot snapshot) {
        decodes++;
        Model model = snapshot.model();
        // while training, plain Java: ND4J's products would queue with training's on the native thread pool
        JavaCodec live = q.live() ? weights.codec(model) : null;
        Codec codec = q.live() ? null : new Codec(model);
        ManifoldGrid grid;
        if (model.config().kind() == ModelKind.VAE) {
            grid = ManifoldGrid.inverseCdf(q.n(), q.dimX(), q.dimY(), q.base());
        } else if (snapshot.session().dataset().test().size() > 0) {
            Split test = snapshot.session().dataset().test();
            grid = ManifoldGrid.spanning(live != null ? live.encode(test, AE_RANGE_IMAGES)
                            : codec.encode(test.head(AE_RANGE_IMAGES)), q.n(), q.dimX(), q.dimY(), q.base());
        } else {
            grid = recordedRange(model, q);
        }
        float[] images = live != null ? live.decode(grid.codes()) : grid.decode(codec);
        return new Decoded(q, model, grid, images);
    }

    /**
     * An AE's grid when its dataset is not on the computer: the range its test codes spanned after the
     * last epoch, as the model file records it; for a file without it, the box of plus or minus
     * {@value #UNKNOWN_RANGE} (an AE's codes have no prior, so this is a guess).
     */
    static ManifoldGrid recordedRange(Model model, Request q) {
        List<EpochRecord> history = model.history();
        EpochRecord last = history.isEmpty() ? null : history.get(history.size() - 1);
        if (last == null || !last.hasCodeBox() || last.codeLow().size() != model.config().latent()) {
            return ManifoldGrid.linear(q.n(), q.dimX(), q.dimY(), q.base(), -UNKNOWN_RANGE, UNKNOWN_RANGE,
                    -UNKNOWN_RANGE, UNKNOWN_RANGE);
        }
        return ManifoldGrid.linear(q.n(), q.dimX(), q.dimY(), q.base(), last.codeLow().get(q.dimX()),
                last.codeHigh().get(q.dimX()), last.codeLow().get(q.dimY()), last.codeHigh().get(q.dimY()));
    }
}

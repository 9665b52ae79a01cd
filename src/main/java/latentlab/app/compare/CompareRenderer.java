package latentlab.app.compare;

import latentlab.app.common.FxImages;
import latentlab.core.data.Dataset;
import latentlab.core.data.ImageShape;
import latentlab.core.explore.Encoding;
import latentlab.core.explore.compare.CompareSettings;
import latentlab.core.explore.compare.Comparison;
import latentlab.core.explore.compare.ComparisonFigure;
import latentlab.core.explore.compare.HoleMap;
import latentlab.core.explore.compare.LatentGrid;
import latentlab.core.explore.compare.ModelAnalysis;
import latentlab.core.explore.compare.NearestNeighbours;
import latentlab.core.model.Model;

import java.util.List;
import java.util.Locale;

/**
 * Measures both models for the Compare view, on the render thread (one request at a time, so its caches
 * are never shared): each model's {@link ModelAnalysis}, kept while the model has not changed, so that
 * choosing another region only decodes and measures the new grids; then the grids' and samples' pixels,
 * ready for the FX thread to copy into images.
 */
public final class CompareRenderer {
    /** The hole cells' outline in the decoded grids and samples. */
    static final int HOLE_ARGB = 0xFFE01010;
    /** Seed of the samples, fixed so that a re-measurement shows the same codes. */
    static final long SAMPLE_SEED = 1L;

    /** Which region the grids cover. */
    public enum Region {
        AE_RANGE("Shared: the AE's code range"),
        VAE_RANGE("Shared: the VAE's code range"),
        OWN("Each model's own sampling rule"),
        CUSTOM("Shared: the box you drew");

        private final String label;

        Region(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * What to measure.
     *
     * @param id          numbers the requests, so that the view knows which one a result answers
     * @param data        the dataset both models were trained on
     * @param ae          the AE (live: a copy of its weights is taken here)
     * @param aeVersion   changes whenever the AE is replaced or has trained
     * @param aeTraining  whether the AE is training now (then nothing about it is kept)
     * @param vae         the VAE, likewise
     * @param vaeVersion  see aeVersion
     * @param vaeTraining see aeTraining
     * @param region      which region
     * @param box         the user's box {xLo, xHi, yLo, yHi} for {@link Region#CUSTOM}, or null
     */
    public record Request(long id, Dataset data, Model ae, long aeVersion, boolean aeTraining, Model vae, long vaeVersion,
                   boolean vaeTraining, Region region, double[] box) {
    }

    /**
     * One model's measurement as the view shows it.
     *
     * @param analysis    its codes, sampling rule, threshold, own hole map and samples
     * @param shown       the hole map of the region shown
     * @param frame       the view box of its latent map {xLo, xHi, yLo, yHi}
     * @param classNames  the dataset's class names
     * @param shape       the image shape
     * @param grid        ARGB of the decoded grid, hole cells outlined
     * @param gridWidth   its width in pixels
     * @param samples     ARGB of the samples, four to a row, hole samples outlined
     * @param samplesWidth its width in pixels
     */
    public record Panel(ModelAnalysis analysis, HoleMap shown, double[] frame, List<String> classNames, ImageShape shape,
                 int[] grid, int gridWidth, int[] samples, int samplesWidth) {
        public int gridHeight() {
            return grid.length / gridWidth;
        }

        public int samplesHeight() {
            return samples.length / samplesWidth;
        }

        public Encoding codes() {
            return analysis.testCodes();
        }

        /** "holes: 12.3 % of its sampling rule's grid, 4.0 % of the region shown; 2 of 16 samples". */
        public String summary(boolean ownRegion) {
            String own = String.format(Locale.ROOT, "Holes: %.1f %% of the grid of its sampling rule",
                    100 * analysis.own().holeFraction());
            String region = ownRegion ? "" : String.format(Locale.ROOT, ", %.1f %% of the shared region",
                    100 * shown.holeFraction());
            return own + region + String.format(Locale.ROOT, "; %d of %d samples. Threshold %.2f.",
                    analysis.sampleHoles(), analysis.sampleCodes().length, analysis.calibration().threshold());
        }
    }

    /**
     * Both measurements.
     *
     * @param request    the id of the request it answers
     * @param data       the dataset they were measured on
     * @param ae         the AE's
     * @param vae        the VAE's
     * @param ownRegion  whether each shows its own sampling rule's grid (else one shared region)
     * @param regionText a sentence on the region shown
     * @param seconds    how long the measurement took
     */
    public record Result(long request, Dataset data, Panel ae, Panel vae, boolean ownRegion, String regionText, double seconds) {
    }

    /** A model's analysis and what it was made from. */
    private record Cached(Model model, long version, ModelAnalysis analysis) {
    }

    private Dataset neighboursOf;
    private NearestNeighbours neighbours;
    private Cached ae;
    private Cached vae;

    Result render(Request r) {
        long start = System.nanoTime();
        if (neighboursOf != r.data()) {
            neighbours = Comparison.neighbours(r.data());
            neighboursOf = r.data();
            ae = null;
            vae = null;
        }
        CompareSettings settings = CompareSettings.defaults(SAMPLE_SEED).withDraws(0);
        ae = analyse(ae, r.ae(), r.aeVersion(), r.aeTraining(), r.data(), settings);
        vae = analyse(vae, r.vae(), r.vaeVersion(), r.vaeTraining(), r.data(), settings);
        ModelAnalysis a = ae.analysis();
        ModelAnalysis v = vae.analysis();
        Comparison.requireSameLatent(a, v);
        LatentGrid shared = switch (r.region()) {
            case AE_RANGE -> a.codeRange(Comparison.AE_CODE_RANGE);
            case VAE_RANGE -> v.codeRange("the VAE's code range");
            case OWN -> null;
            case CUSTOM -> r.box() == null ? a.codeRange(Comparison.AE_CODE_RANGE)
                    : LatentGrid.box(settings.n(), settings.dimX(), settings.dimY(), new float[a.trainCodes().latent()],
                    r.box()[0], r.box()[1], r.box()[2], r.box()[3], "the box you drew");
        };
        Panel aePanel = panel(a, shared, r.data());
        Panel vaePanel = panel(v, shared, r.data());
        String text = shared == null
                ? "Each model's grid covers its own sampling rule, every cell equally likely: the red share is the"
                + " chance that a sample drawn the model's way decodes to garbage."
                : String.format(Locale.ROOT, "Both grids cover %s, z%d from %.1f to %.1f and z%d from %.1f to %.1f:"
                        + " the same codes decoded by each model.", shared.description(), shared.dimX(),
                shared.extent()[0], shared.extent()[1], shared.dimY(), shared.extent()[2], shared.extent()[3]);
        return new Result(r.id(), r.data(), aePanel, vaePanel, shared == null, text, (System.nanoTime() - start) / 1e9);
    }

    private Cached analyse(Cached cached, Model model, long version, boolean training, Dataset data,
                           CompareSettings settings) {
        if (!training && cached != null && cached.model() == model && cached.version() == version) {
            return cached;
        }
        Model copy = model.weightsSnapshot();
        return new Cached(training ? null : model, version, Comparison.analyse(copy, data, settings, neighbours));
    }

    private static Panel panel(ModelAnalysis m, LatentGrid shared, Dataset data) {
        HoleMap shown = shared == null ? m.own() : m.holeMap(shared);
        double[] frame = ComparisonFigure.viewBox(shown.grid(), shared == null ? m.testCodes() : null);
        ImageShape shape = data.shape();
        int n = shown.grid().n();
        int[] grid = FxImages.tileArgb(shown.images(), n * n, shape, n);
        for (int k = 0; k < n * n; k++) {
            if (shown.isHole(k)) {
                outline(grid, n * shape.cols(), k, n, shape);
            }
        }
        int count = m.sampleCodes().length;
        int cols = Math.max(1, (int) Math.ceil(Math.sqrt(count)));
        int[] samples = FxImages.tileArgb(m.samples(), count, shape, cols);
        for (int k = 0; k < count; k++) {
            if (m.sampleDistances()[k] > m.calibration().threshold()) {
                outline(samples, cols * shape.cols(), k, cols, shape);
            }
        }
        return new Panel(m, shown, frame, data.classNames(), shape, grid, n * shape.cols(), samples, cols * shape.cols());
    }

    /** Draws a one-pixel red frame just inside tile k of a tiled ARGB image. */
    static void outline(int[] argb, int width, int k, int cols, ImageShape shape) {
        int x0 = (k % cols) * shape.cols();
        int y0 = (k / cols) * shape.rows();
        for (int c = 0; c < shape.cols(); c++) {
            argb[y0 * width + x0 + c] = HOLE_ARGB;
            argb[(y0 + shape.rows() - 1) * width + x0 + c] = HOLE_ARGB;
        }
        for (int r = 0; r < shape.rows(); r++) {
            argb[(y0 + r) * width + x0] = HOLE_ARGB;
            argb[(y0 + r) * width + x0 + shape.cols() - 1] = HOLE_ARGB;
        }
    }
}

package latentlab.core.explore.compare;

import latentlab.core.data.Dataset;
import latentlab.core.data.Split;
import latentlab.core.explore.Encoding;
import latentlab.core.model.ModelKind;

import java.util.Arrays;
import java.util.Locale;

/**
 * One model looked at for holes: its codes, its sampling rule, its threshold, the hole map over the grid
 * of its own sampling rule, and samples drawn its way. {@link #holeMap} measures any other grid (the
 * shared region) against the same threshold.
 *
 * <p>The sampling rule is N(0, I), the prior, for a VAE, and for an AE the Gaussian fitted to its
 * training codes (mean and full covariance): an AE has no prior, and this is the simplest way to sample
 * it that uses where its codes actually are.
 */
public final class ModelAnalysis {
    private final String name;
    private final ModelKind kind;
    private final Autoencoder codec;
    private final NearestNeighbours data;
    private final CompareSettings settings;
    private final Encoding trainCodes;
    private final Encoding testCodes;
    private final LatentGaussian samplingRule;
    private final Calibration calibration;
    private final HoleMap own;
    private final float[][] sampleCodes;
    private final float[] samples;
    private final double[] sampleDistances;
    private final double drawHoleFraction;

    private ModelAnalysis(String name, ModelKind kind, Autoencoder codec, NearestNeighbours data,
                          CompareSettings settings, Encoding trainCodes, Encoding testCodes, LatentGaussian rule,
                          Calibration calibration, HoleMap own, float[][] sampleCodes, float[] samples,
                          double[] sampleDistances, double drawHoleFraction) {
        this.name = name;
        this.kind = kind;
        this.codec = codec;
        this.data = data;
        this.settings = settings;
        this.trainCodes = trainCodes;
        this.testCodes = testCodes;
        this.samplingRule = rule;
        this.calibration = calibration;
        this.own = own;
        this.sampleCodes = sampleCodes;
        this.samples = samples;
        this.sampleDistances = sampleDistances;
        this.drawHoleFraction = drawHoleFraction;
    }

    /**
     * Measures a model: encodes the first {@code codeImages} training and {@code mapImages} test images,
     * sets its threshold from the reconstructions of the first {@code calibrationImages} test images,
     * and decodes the grid of its sampling rule and the samples.
     *
     * @param name  what the captions call it ("AE", "VAE")
     * @param kind  AE or VAE: which sampling rule
     * @param codec the model's encoder and decoder
     * @param data  the dataset; its test split gives the map and the calibration
     * @param nn    distances to the training images of {@code data}
     */
    public static ModelAnalysis of(String name, ModelKind kind, Autoencoder codec, Dataset data, NearestNeighbours nn,
                                   CompareSettings settings) {
        int l = codec.latent();
        if (l < 2) {
            throw new IllegalArgumentException("a latent plane needs at least 2 latent dimensions; " + name + " has " + l);
        }
        if (settings.dimX() >= l || settings.dimY() >= l) {
            throw new IllegalArgumentException("latent dimensions " + settings.dimX() + " and " + settings.dimY()
                    + " do not exist in a " + l + "-dimensional latent space");
        }
        Split train = data.train().head(settings.codeImages());
        Encoding trainCodes = new Encoding(codec.encode(train.pixels(), train.size()), null, train.labels());
        Split test = data.test().head(settings.mapImages());
        Encoding testCodes = new Encoding(codec.encode(test.pixels(), test.size()), null, test.labels());

        Split calibrationImages = data.test().head(settings.calibrationImages());
        float[][] calibrationCodes = calibrationImages.size() <= test.size()
                ? Arrays.copyOf(testCodes.mean(), calibrationImages.size())
                : codec.encode(calibrationImages.pixels(), calibrationImages.size());
        float[] reconstructions = codec.decode(calibrationCodes);                          // decode(encode_mean(x))
        Calibration calibration = Calibration.of(nn.distances(reconstructions, calibrationImages.size()),
                settings.quantile());

        LatentGaussian rule = kind == ModelKind.VAE ? LatentGaussian.standard(l) : LatentGaussian.fit(trainCodes.mean());
        LatentGrid grid = LatentGrid.gaussian(rule, settings.n(), settings.dimX(), settings.dimY(),
                kind == ModelKind.VAE ? "N(0, I) quantiles: the prior"
                        : "quantiles of the Gaussian fitted to the AE's codes");
        HoleMap own = measure(codec, grid, nn, calibration.threshold());
        float[][] sampleCodes = rule.sample(settings.samples(), settings.seed());
        float[] samples = settings.samples() == 0 ? new float[0] : codec.decode(sampleCodes);
        double[] sampleDistances = settings.samples() == 0 ? new double[0] : nn.distances(samples, settings.samples());
        double drawHoles = Double.NaN;
        if (settings.draws() > 0) {
            double[] d = nn.distances(codec.decode(rule.sample(settings.draws(), settings.seed() + 1)), settings.draws());
            drawHoles = java.util.Arrays.stream(d).filter(x -> x > calibration.threshold()).count() / (double) d.length;
        }
        return new ModelAnalysis(name, kind, codec, nn, settings, trainCodes, testCodes, rule, calibration, own,
                sampleCodes, samples, sampleDistances, drawHoles);
    }

    /** Decodes a grid and measures each cell's distance from the data against {@code threshold}. */
    public static HoleMap measure(Autoencoder codec, LatentGrid grid, NearestNeighbours nn, double threshold) {
        float[] images = codec.decode(grid.codes());
        return new HoleMap(grid, images, nn.distances(images, grid.n() * grid.n()), threshold);
    }

    /** This model's hole map over any grid, against its own threshold. */
    public HoleMap holeMap(LatentGrid grid) {
        return measure(codec, grid, data, calibration.threshold());
    }

    /**
     * A box over the central part of this model's training codes on the settings' two dimensions: the
     * range from the {@code trim} to the {@code 1 - trim} quantile of each (the other dimensions at the
     * codes' mean).
     */
    public LatentGrid codeRange(String description) {
        double[] x = trimmedRange(trainCodes, settings.dimX(), settings.trim());
        double[] y = trimmedRange(trainCodes, settings.dimY(), settings.trim());
        float[] base = new float[codec.latent()];
        for (int j = 0; j < base.length; j++) {
            base[j] = (float) samplingRule.mean()[j];
        }
        return LatentGrid.box(settings.n(), settings.dimX(), settings.dimY(), base, x[0], x[1], y[0], y[1], description);
    }

    static double[] trimmedRange(Encoding codes, int dim, double trim) {
        double[] v = new double[codes.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = codes.mean()[i][dim];
        }
        Arrays.sort(v);
        return new double[]{Calibration.quantile(v, trim), Calibration.quantile(v, 1 - trim)};
    }

    public String name() {
        return name;
    }

    public ModelKind kind() {
        return kind;
    }

    public CompareSettings settings() {
        return settings;
    }

    /** Codes of the first training images (for the sampling rule and the code range). */
    public Encoding trainCodes() {
        return trainCodes;
    }

    /** Codes of the first test images, with their labels (for the latent map). */
    public Encoding testCodes() {
        return testCodes;
    }

    /** N(0, I) for a VAE; the Gaussian fitted to the training codes for an AE. */
    public LatentGaussian samplingRule() {
        return samplingRule;
    }

    public Calibration calibration() {
        return calibration;
    }

    /** The hole map over the grid of this model's own sampling rule: each cell equally likely. */
    public HoleMap own() {
        return own;
    }

    /** Codes drawn from the sampling rule, [samples][L]. */
    public float[][] sampleCodes() {
        return sampleCodes;
    }

    /** Their decoded images. */
    public float[] samples() {
        return samples;
    }

    /** Each sample's distance to its nearest training image. */
    public double[] sampleDistances() {
        return sampleDistances;
    }

    /**
     * The fraction of {@code draws} codes drawn from the sampling rule (in all L dimensions) whose decoded image
     * is further from the data than the threshold: a Monte Carlo estimate of the chance that a sample drawn the
     * model's way is a hole. NaN when no draws were asked for.
     */
    public double drawHoleFraction() {
        return drawHoleFraction;
    }

    /** How many of the samples are further from the data than the threshold. */
    public int sampleHoles() {
        int h = 0;
        for (double d : sampleDistances) {
            if (d > calibration.threshold()) {
                h++;
            }
        }
        return h;
    }

    /** "AE: 23.5 % of the grid of its sampling rule are holes (threshold 6.12)". */
    public String summary() {
        return String.format(Locale.ROOT, "%s: %.1f %% of the grid of its sampling rule are holes (threshold %.2f)",
                name, 100 * own.holeFraction(), calibration.threshold());
    }
}

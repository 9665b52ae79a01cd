package latentlab.cli;

import latentlab.core.data.DataLocator;
import latentlab.core.data.Dataset;
import latentlab.core.data.DatasetCatalog;
import latentlab.core.explore.ImageTiles;
import latentlab.core.explore.compare.CompareSettings;
import latentlab.core.explore.compare.Comparison;
import latentlab.core.explore.compare.ComparisonFigure;
import latentlab.core.explore.compare.HoleMap;
import latentlab.core.explore.compare.ImageSpace;
import latentlab.core.explore.compare.LatentGrid;
import latentlab.core.explore.compare.ModelAnalysis;
import latentlab.core.explore.compare.NearestNeighbours;
import latentlab.core.model.Activation;
import latentlab.core.model.DecoderKind;
import latentlab.core.model.EpochRecord;
import latentlab.core.model.Model;
import latentlab.core.model.ModelConfig;
import latentlab.core.model.ModelFile;
import latentlab.core.model.ModelKind;
import latentlab.core.train.NativeThreads;
import latentlab.core.train.TrainConfig;
import latentlab.core.train.Trainer;
import latentlab.core.train.TrainingEvent;
import latentlab.core.train.TrainingOutcome;
import latentlab.core.train.TrainingRun;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code latentlab compare}: trains an AE and a VAE with the same architecture, data, seed and epochs (or
 * loads two saved models), measures the holes in each latent plane, and writes one PNG with both models'
 * latent maps, hole maps, decoded grids and samples ({@link ComparisonFigure}).
 *
 * <p>The closing line carries {@code ae_hole_fraction} and {@code vae_hole_fraction}: the fraction of the grid
 * of each model's own sampling rule (N(0, I) for the VAE, the Gaussian fitted to its codes for the AE) that
 * decodes further from the data than the model's own threshold, so each number reads "the chance that a
 * sample drawn the model's way decodes to garbage" and does not depend on the scale of the codes; and the
 * same over the shared region (the AE's code range) as {@code ..._shared}. {@code --space binary} or
 * {@code --space encoder:FILE} measures the distances in another {@link ImageSpace} (pixels by default:
 * on MNIST 2-D neither changes the answer clearly; the README has the figures).
 */
final class CompareCommand {
    private static final String ENCODER = "encoder:";

    private final PrintStream out;
    private final PrintStream err;

    CompareCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    Map<String, Object> run(Args args) {
        DataLocator locator = Cli.locator(args);
        Path png = args.path("out").orElseThrow(() -> new Args.UsageException(
                "option --out is required: the PNG to write, e.g. --out compare.png"));
        Optional<Path> aeFile = args.path("ae");
        Optional<Path> vaeFile = args.path("vae");
        if (aeFile.isPresent() != vaeFile.isPresent()) {
            throw new Args.UsageException("--ae and --vae go together: give two saved models, or neither to train both");
        }
        boolean load = aeFile.isPresent();
        List<String> trainingOptions = List.of("hidden", "latent", "epochs", "batch", "lr", "lr-schedule", "beta",
                "seed", "decoder", "save-ae", "save-vae");
        List<String> given = trainingOptions.stream().filter(o -> args.string(o).isPresent()).toList();
        if (load && !given.isEmpty()) {
            throw new Args.UsageException("--ae and --vae compare saved models as they are; --" + String.join(", --", given)
                    + " only apply when compare trains them");
        }
        Optional<String> datasetOption = args.string("dataset");
        int subset = args.integer("subset", 0);
        int threads = args.integer("threads", NativeThreads.available());
        List<Integer> hidden = args.integers("hidden", List.of(512));
        int latent = args.integer("latent", 2);
        double beta = args.number("beta", 1.0);
        long seed = args.longValue("seed", TrainConfig.DEFAULT_SEED);
        Optional<DecoderKind> decoderOption = args.string("decoder").map(DecoderKind::parse);
        TrainConfig tc = new TrainConfig(args.integer("epochs", 5), args.integer("batch", TrainConfig.DEFAULT_BATCH),
                args.number("lr", TrainConfig.DEFAULT_LEARNING_RATE), 0, seed,
                cosine(args.string("lr-schedule", "constant")));
        Optional<Path> saveAe = args.path("save-ae");
        Optional<Path> saveVae = args.path("save-vae");
        CompareSettings settings = new CompareSettings(args.integer("n", CompareSettings.DEFAULT_N), 0, 1,
                args.number("quantile", 0.95), args.integer("calibrate", CompareSettings.DEFAULT_CALIBRATION_IMAGES),
                CompareSettings.DEFAULT_CODE_IMAGES, args.integer("map-images", 10_000), CompareSettings.DEFAULT_SAMPLES,
                args.integer("draws", CompareSettings.DEFAULT_DRAWS), CompareSettings.DEFAULT_TRIM, seed);
        String spaceName = args.string("space", "pixels");
        args.rejectUnused();
        ImageSpace named = space(spaceName);                       // before training: a wrong name fails at once

        NativeThreads.use(threads);
        long start = System.nanoTime();
        Model ae;
        Model vae;
        Dataset data;
        if (load) {
            ae = ModelFile.load(aeFile.get());
            vae = ModelFile.load(vaeFile.get());
            requireKind(ae, ModelKind.AE, aeFile.get(), "--ae");
            requireKind(vae, ModelKind.VAE, vaeFile.get(), "--vae");
            data = loadData(datasetOption.orElse(ae.datasetName()), locator, subset);
            ae.requireCompatible(data);
            vae.requireCompatible(data);
            out.printf(Locale.ROOT, "Comparing %s (%s) with %s (%s) on %s%n", ae.config().describe(), aeFile.get(),
                    vae.config().describe(), vaeFile.get(), data.name());
        } else {
            data = loadData(datasetOption.orElse(DatasetCatalog.SYNTHETIC), locator, subset);
            DecoderKind decoder = decoderOption.orElse(
                    data.name().equals(DatasetCatalog.FREY) ? DecoderKind.GAUSSIAN : DecoderKind.BERNOULLI);
            ModelConfig vaeConfig = new ModelConfig(ModelKind.VAE, data.shape(), hidden, latent, Activation.RELU,
                    decoder, beta, seed);
            ae = Model.initialise(vaeConfig.withKind(ModelKind.AE).withBeta(1.0), data);
            vae = Model.initialise(vaeConfig, data);
            out.printf(Locale.ROOT, "Training an AE and a VAE, %s, on %s: %d train / %d test images, %d epochs each,"
                            + " batch %d, lr %g, seed %d, %d thread%s%n", architecture(vae.config()), data.name(),
                    data.train().size(), data.test().size(), tc.epochs(), tc.batchSize(), tc.learningRate(), seed,
                    threads, threads == 1 ? "" : "s");
            train("AE ", ae, data, tc);
            train("VAE", vae, data, tc);
            saveAe.ifPresent(p -> save(ae, p));
            saveVae.ifPresent(p -> save(vae, p));
        }
        double trained = (System.nanoTime() - start) / 1e9;

        long measureStart = System.nanoTime();
        ImageSpace space = named != null ? named : encoderSpace(spaceName, data);
        NearestNeighbours nn = Comparison.neighbours(data, space);
        ModelAnalysis aeAnalysis = Comparison.analyse(ae, data, settings, nn);
        ModelAnalysis vaeAnalysis = Comparison.analyse(vae, data, settings, nn);
        Comparison c = Comparison.of(aeAnalysis, vaeAnalysis, null, data);
        double measured = (System.nanoTime() - measureStart) / 1e9;
        ImageTiles.writePng(ComparisonFigure.render(c), png);

        LatentGrid shared = c.shared();
        double[] box = shared.extent();
        out.printf(Locale.ROOT, "Hole threshold: the %.0fth percentile of the distance (%s) from each model's"
                        + " reconstruction of %d test images to the nearest of %d training images%n",
                100 * settings.quantile(), space.name(), aeAnalysis.calibration().images(), nn.size());
        for (ModelAnalysis m : List.of(aeAnalysis, vaeAnalysis)) {
            HoleMap sharedMap = m == aeAnalysis ? c.aeShared() : c.vaeShared();
            out.printf(Locale.ROOT, "%-3s  threshold %6.3f (median reconstruction %6.3f)  holes: %5.1f %% of the grid of"
                            + " its sampling rule, %5.1f %% of %d draws from it, %5.1f %% of the shared region%n", m.name(),
                    m.calibration().threshold(), m.calibration().median(), 100 * m.own().holeFraction(),
                    100 * m.drawHoleFraction(), settings.draws(), 100 * sharedMap.holeFraction());
        }
        out.printf(Locale.ROOT, "Shared region (%s): z%d in [%.2f, %.2f], z%d in [%.2f, %.2f]; %d x %d grids; measured"
                        + " in %.1f s%n", shared.description(), shared.dimX(), box[0], box[1], shared.dimY(), box[2],
                box[3], settings.n(), settings.n(), measured);
        out.println("Wrote " + png);

        Map<String, Object> kv = new LinkedHashMap<>();
        kv.put("ae_hole_fraction", aeAnalysis.own().holeFraction());
        kv.put("vae_hole_fraction", vaeAnalysis.own().holeFraction());
        kv.put("ae_hole_fraction_shared", c.aeShared().holeFraction());
        kv.put("vae_hole_fraction_shared", c.vaeShared().holeFraction());
        kv.put("ae_threshold", aeAnalysis.calibration().threshold());
        kv.put("vae_threshold", vaeAnalysis.calibration().threshold());
        if (settings.draws() > 0) {
            kv.put("ae_draw_hole_fraction", aeAnalysis.drawHoleFraction());
            kv.put("vae_draw_hole_fraction", vaeAnalysis.drawHoleFraction());
        }
        kv.put("space", space.name());
        kv.put("n", settings.n());
        lastEpoch(ae).ifPresent(r -> kv.put("ae_test_recon_nats", r.testRecon()));
        lastEpoch(vae).ifPresent(r -> kv.put("vae_test_elbo_nats", r.testElbo()));
        kv.put("train_seconds", trained);
        kv.put("measure_seconds", measured);
        kv.put("out", png);
        return kv;
    }

    private void train(String name, Model model, Dataset data, TrainConfig tc) {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "latentlab-train");
            t.setDaemon(true);
            return t;
        });
        Progress progress = new Progress(err);
        TrainingRun run = new Trainer(executor).start(model, data, tc, event -> {
            if (event instanceof TrainingEvent.Iteration it) {
                progress.iteration(it);
            } else if (event instanceof TrainingEvent.Epoch ep) {
                progress.clear();
                EpochRecord r = ep.record();
                out.printf(Locale.ROOT, "%s epoch %3d  test %s %9.3f (recon %8.3f, KL %7.3f)  %6.1f s%n", name, r.epoch(),
                        model.config().kind() == ModelKind.VAE ? "ELBO" : "-recon",
                        model.config().kind() == ModelKind.VAE ? r.testElbo() : -r.testRecon(), r.testRecon(),
                        r.testKl(), r.seconds());
            }
        });
        TrainingOutcome outcome;
        try {
            outcome = run.outcome().join();
        } finally {
            executor.shutdown();
        }
        progress.clear();
        if (!outcome.completed()) {
            throw new IllegalArgumentException(name.strip() + ": " + outcome.message());
        }
    }

    private void save(Model model, Path file) {
        ModelFile.save(model, file);
        out.println("Saved " + file);
    }

    private static Optional<EpochRecord> lastEpoch(Model m) {
        List<EpochRecord> h = m.history();
        return h.isEmpty() ? Optional.empty() : Optional.of(h.get(h.size() - 1));
    }

    private static void requireKind(Model m, ModelKind kind, Path file, String option) {
        if (m.config().kind() != kind) {
            throw new Args.UsageException(option + " takes " + (kind == ModelKind.AE ? "an AE" : "a VAE") + ", but "
                    + file + " holds " + (m.config().kind() == ModelKind.AE ? "an AE" : "a VAE"));
        }
    }

    /** "784-512-2 relu bernoulli". */
    private static String architecture(ModelConfig c) {
        String d = c.describe();
        return d.substring(d.indexOf(' ') + 1);
    }

    /** pixels or binary; null for encoder:FILE, which needs the data ({@link #encoderSpace}). */
    private static ImageSpace space(String name) {
        if (name.startsWith(ENCODER)) {
            return null;
        }
        try {
            return ImageSpace.parse(name);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("--space takes pixels, binary or encoder:FILE, found '" + name + "'");
        }
    }

    /** encoder:FILE: the encoder means of a saved model trained on images of this size. */
    private static ImageSpace encoderSpace(String name, Dataset data) {
        Path file = Path.of(name.substring(ENCODER.length()));
        Model model = ModelFile.load(file);
        model.requireCompatible(data);
        return ImageSpace.encoder(model, file.getFileName().toString());
    }

    private static boolean cosine(String name) {
        return switch (name) {
            case "constant" -> false;
            case "cosine" -> true;
            default -> throw new Args.UsageException("--lr-schedule takes constant or cosine, found '" + name + "'");
        };
    }

    private Dataset loadData(String name, DataLocator locator, int subset) {
        long start = System.nanoTime();
        Dataset data = DatasetCatalog.load(name, locator);
        if (subset > 0) {
            data = data.subset(subset, Math.max(1, subset / 5));
        }
        err.printf(Locale.ROOT, "Loaded %s (%s images) in %.2f s%n", data.name(), data.shape(),
                (System.nanoTime() - start) / 1e9);
        return data;
    }
}

package latentlab.cli;

import latentlab.core.data.AtomicFiles;
import latentlab.core.data.DataLocator;
import latentlab.core.data.Dataset;
import latentlab.core.data.DatasetCatalog;
import latentlab.core.data.DatasetException;
import latentlab.core.data.Split;
import latentlab.core.explore.Codec;
import latentlab.core.explore.Encoding;
import latentlab.core.explore.Evaluation;
import latentlab.core.explore.ImageTiles;
import latentlab.core.explore.ManifoldGrid;
import latentlab.core.model.Activation;
import latentlab.core.model.DecoderKind;
import latentlab.core.model.EpochRecord;
import latentlab.core.model.IncompatibleModelException;
import latentlab.core.model.Model;
import latentlab.core.model.ModelConfig;
import latentlab.core.model.ModelFile;
import latentlab.core.model.ModelFileException;
import latentlab.core.model.ModelKind;
import latentlab.core.train.NativeThreads;
import latentlab.core.train.TrainConfig;
import latentlab.core.train.Trainer;
import latentlab.core.train.TrainingEvent;
import latentlab.core.train.TrainingOutcome;
import latentlab.core.train.TrainingRun;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The headless command line: {@code train}, {@code eval}, {@code manifold}, {@code encode},
 * {@code decode}, {@code bench}, {@code datasets} and {@code models}, over the same engine as the app. Output is for people; each
 * command's last line is {@code key=value} pairs of its headline figures, for scripts.
 */
public final class Cli {
    static final String USAGE = """
            usage: latentlab [app options]         open the window
                   latentlab <command> [options]   run a command without a display

            app options: [MODEL.llab] [--model FILE] [--dataset NAME] [--data-dir DIR] [--subset N] [--presenter]
                         [--startup-report] (print window_ready_ms when the window shows its model, then quit)
            app-bench    the window's benchmark, headless: [--data-dir DIR] [--dataset NAME] [--subset N]
            --self-test  check this installation without a display: native libraries, JavaFX, the shipped
                         models, an encode and decode, one training epoch; exits 1 with what is wrong

            commands:
              train     train an AE or VAE and save it
                        --dataset NAME (synthetic | mnist | fashion-mnist | frey | folder:PATH; default synthetic)
                        --data-dir DIR --kind vae|ae --hidden N[,N...] --latent N --epochs N --batch N
                        --lr X --lr-schedule constant|cosine --beta X --warmup EPOCHS --seed N --decoder bernoulli|gaussian|gaussian-unit
                        --activation relu|tanh|softplus|identity --out FILE [--resume FILE]
                        [--subset N] [--threads N] [--no-optimizer-state]
              eval      test ELBO and importance-sampled log-likelihood
                        --model FILE [--dataset NAME] [--data-dir DIR] [--k N] [--subset N] [--seed N]
              manifold  decode an n x n grid of the latent plane to a PNG (Kingma & Welling, Fig. 4)
                        --model FILE --out PNG [--n 20] [--dims 0,1] [--scale 2]
              encode    write z_mean, z_log_var and label of every test image as CSV
                        --model FILE --out CSV [--dataset NAME] [--data-dir DIR] [--subset N]
                        or of your own images, with a file column: --model FILE --folder DIR --out CSV
              decode    decode the codes in a CSV (columns z_mean_0.. or z_0..) to a PNG grid
                        --model FILE --codes CSV --out PNG [--cols N] [--scale 2]
              bench     training samples/s, decode latency and the machine's gemm ceiling
                        [--quick] [--data-dir DIR]
              datasets  which datasets are present, where, and what is missing: [list] [--verify] [--data-dir DIR]
                        datasets download NAME...|all [--data-dir DIR] [--mirror URL]: fetch into DIR or the
                          per-user folder, each file checked against its published SHA-256; Ctrl-C stops, and
                          the next download resumes
                        datasets preview --folder DIR --out PNG [--n 64] [--model FILE] [--scale 2]: your
                          images as a model sees them, and the files that cannot be used
              models    the shipped models and your own, with their datasets and test ELBO
              compare   an AE and a VAE side by side: the holes in their latent planes, as one PNG
                        --out PNG [--dataset NAME] [--data-dir DIR] [--hidden 512] [--latent 2] [--epochs 5]
                        [--batch N] [--lr X] [--lr-schedule constant|cosine] [--beta X (the VAE's)] [--seed N]
                        [--save-ae FILE] [--save-vae FILE] [--subset N] [--threads N], or two saved models:
                        --ae FILE --vae FILE; and [--n 20] [--calibrate 1000] [--quantile 0.95] [--draws 1000]
                        [--map-images N] [--space pixels|binary|encoder:FILE (where distances are measured)]
              help      this text

            Data folders are searched in this order: --data-dir, $LATENTLAB_DATA, the per-user folder.
            """;

    /** Set this environment variable to see the stack trace of an unexpected error. */
    static final String DEBUG_ENV = "LATENTLAB_DEBUG";

    private static final Set<String> FLAGS = Set.of("no-optimizer-state", "quick", "verify");

    private final PrintStream out;
    private final PrintStream err;

    public Cli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs one command and returns the process exit code: 0 done, 1 failed, 2 bad usage. */
    public int run(String... argv) {
        if (argv.length == 0 || argv[0].equals("help") || argv[0].equals("--help") || argv[0].equals("-h")) {
            out.print(USAGE);
            return 0;
        }
        String command = argv[0];
        try {
            Args args = new Args(Arrays.asList(argv).subList(1, argv.length), FLAGS);
            Map<String, Object> summary = switch (command) {
                case "train" -> train(args);
                case "eval" -> eval(args);
                case "manifold" -> manifold(args);
                case "encode" -> encode(args);
                case "decode" -> decode(args);
                case "bench" -> new Bench(out).run(args.flag("quick"), locator(args), args);
                case "datasets" -> new DatasetsCommand(out, err).run(args);
                case "models" -> new ModelsCommand(out).run(args);
                case "compare" -> new CompareCommand(out, err).run(args);
                default -> throw new Args.UsageException("unknown command '" + command + "'");
            };
            out.println(keyValues(summary));
            return 0;
        } catch (Args.UsageException e) {
            err.println("latentlab " + command + ": " + e.getMessage());
            err.println("Run 'latentlab help' for the commands and their options.");
            return 2;
        } catch (DatasetException | ModelFileException | IncompatibleModelException | UncheckedIOException
                 | IllegalArgumentException e) {
            err.println("latentlab " + command + ": " + e.getMessage());
            return 1;
        } catch (RuntimeException | OutOfMemoryError e) {
            err.println("latentlab " + command + ": unexpected error: " + e);
            if (System.getenv(DEBUG_ENV) != null) {
                e.printStackTrace(err);
            } else {
                err.println("Run again with " + DEBUG_ENV + "=1 for the details, and please report them.");
            }
            return 1;
        }
    }

    // ---------------------------------------------------------------------------------------------

    private Map<String, Object> train(Args args) {
        // every option is read (and a misspelt one rejected) before anything slow happens
        DataLocator locator = locator(args);
        Path outFile = args.path("out").orElseThrow(() -> new Args.UsageException(
                "option --out is required: the model file to write, e.g. --out models/my-vae" + ModelFile.EXTENSION));
        Optional<Path> resume = args.path("resume");
        Optional<String> datasetOption = args.string("dataset");
        int threads = args.integer("threads", NativeThreads.available());
        int subset = args.integer("subset", 0);
        List<String> architectureOptions = List.of("kind", "hidden", "latent", "activation", "decoder", "beta");
        List<String> given = architectureOptions.stream().filter(o -> args.string(o).isPresent()).toList();
        if (resume.isPresent() && !given.isEmpty()) {
            throw new Args.UsageException("--resume continues a saved model as it is; --" + String.join(", --", given)
                    + " cannot change it (train a new model instead)");
        }
        ModelKind kind = ModelKind.parse(args.string("kind", "vae"));
        List<Integer> hidden = args.integers("hidden", List.of(512));
        int latent = args.integer("latent", 2);
        Activation activation = Activation.parse(args.string("activation", "relu"));
        Optional<DecoderKind> decoderOption = args.string("decoder").map(DecoderKind::parse);
        double beta = args.number("beta", 1.0);
        long seed = args.longValue("seed", ModelConfig.DEFAULT_SEED);
        TrainConfig tc = new TrainConfig(args.integer("epochs", 10), args.integer("batch", TrainConfig.DEFAULT_BATCH),
                args.number("lr", TrainConfig.DEFAULT_LEARNING_RATE), args.number("warmup", 0),
                args.longValue("seed", TrainConfig.DEFAULT_SEED), cosineSchedule(args.string("lr-schedule", "constant")));
        boolean keepOptimizer = !args.flag("no-optimizer-state");
        args.rejectUnused();

        NativeThreads.use(threads);
        Model model;
        Dataset data;
        if (resume.isPresent()) {
            model = ModelFile.load(resume.get());
            out.printf(Locale.ROOT, "Resuming %s after %d epochs%n", model.config().describe(), model.epochsTrained());
            data = loadData(datasetOption.orElse(model.datasetName()), locator, subset);
        } else {
            data = loadData(datasetOption.orElse(DatasetCatalog.SYNTHETIC), locator, subset);
            DecoderKind decoder = decoderOption.orElse(
                    data.name().equals(DatasetCatalog.FREY) ? DecoderKind.GAUSSIAN : DecoderKind.BERNOULLI);
            model = Model.initialise(new ModelConfig(kind, data.shape(), hidden, latent, activation, decoder, beta, seed),
                    data);
        }

        out.printf(Locale.ROOT, "Training %s on %s: %d train / %d test images, %d epochs, batch %d, lr %g, %d thread%s%n",
                model.config().describe(), data.name(), data.train().size(), data.test().size(), tc.epochs(),
                tc.batchSize(), tc.learningRate(), threads, threads == 1 ? "" : "s");
        Progress progress = new Progress(err);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "latentlab-train");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        TrainingRun run = new Trainer(executor).start(model, data, tc, event -> {
            if (event instanceof TrainingEvent.Iteration it) {
                progress.iteration(it);
            } else if (event instanceof TrainingEvent.Epoch ep) {
                progress.clear();
                out.println(epochLine(ep.record(), ep.secondsRemaining()));
            }
        });
        Thread interruptHook = new Thread(() -> {
            run.cancel();
            try {
                run.outcome().get(30, TimeUnit.SECONDS);
            } catch (InterruptedException | ExecutionException | TimeoutException ignored) {
                // exiting anyway
            }
        }, "latentlab-train-stop");
        Runtime.getRuntime().addShutdownHook(interruptHook);
        TrainingOutcome outcome;
        try {
            outcome = run.outcome().join();
        } finally {
            executor.shutdown();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        progress.clear();
        Model trained = keepOptimizer ? model : model.withoutOptimizerState();
        ModelFile.save(trained, outFile);
        try {
            Runtime.getRuntime().removeShutdownHook(interruptHook);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
        if (!outcome.completed()) {
            err.println(outcome.message());
        }
        out.println("Saved " + outFile);
        List<EpochRecord> history = model.history();
        Map<String, Object> kv = new LinkedHashMap<>();
        kv.put("status", outcome.status().name().toLowerCase(Locale.ROOT));
        kv.put("epochs", model.epochsTrained());
        if (!history.isEmpty()) {
            EpochRecord last = history.get(history.size() - 1);
            kv.put("train_elbo_nats", last.trainElbo());
            kv.put("test_elbo_nats", last.testElbo());
            kv.put("recon_nats", last.testRecon());
            kv.put("kl_nats", last.testKl());
        }
        kv.put("seconds", seconds);
        kv.put("samples_per_s", outcome.epochs() * (double) data.train().size()
                / Math.max(1e-9, history.stream().skip(Math.max(0, history.size() - outcome.epochs()))
                .mapToDouble(EpochRecord::seconds).sum()));
        kv.put("out", outFile);
        if (outcome.status() == TrainingOutcome.Status.DIVERGED || outcome.status() == TrainingOutcome.Status.FAILED) {
            out.println(keyValues(kv));
            throw new IllegalArgumentException("training did not complete; the last good weights were saved to " + outFile);
        }
        return kv;
    }

    private static boolean cosineSchedule(String name) {
        return switch (name) {
            case "constant" -> false;
            case "cosine" -> true;
            default -> throw new Args.UsageException("--lr-schedule takes constant or cosine, found '" + name + "'");
        };
    }

    private static String epochLine(EpochRecord r, double remaining) {
        return String.format(Locale.ROOT,
                "epoch %3d  train ELBO %9.3f  test ELBO %9.3f (recon %8.3f, KL %7.3f)  beta %.2f  %6.1f s  ~%s left",
                r.epoch(), r.trainElbo(), r.testElbo(), r.testRecon(), r.testKl(), r.beta(), r.seconds(),
                Progress.duration(remaining));
    }

    private Map<String, Object> eval(Args args) {
        Model model = ModelFile.load(Path.of(args.required("model")));
        DataLocator locator = locator(args);
        String name = args.string("dataset", model.datasetName());
        int k = args.integer("k", 100);
        long seed = args.longValue("seed", 1L);
        int subset = args.integer("subset", 0);
        args.rejectUnused();
        Dataset data = loadData(name, locator, subset);
        model.requireCompatible(data);
        out.printf(Locale.ROOT, "Evaluating %s on the %d test images of %s (k = %d)%n", model.config().describe(),
                data.test().size(), data.name(), k);
        long start = System.nanoTime();
        Evaluation.Result r = Evaluation.evaluate(model, data.test(), k, seed);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> kv = new LinkedHashMap<>();
        if (model.config().kind() == ModelKind.VAE) {
            out.printf(Locale.ROOT, "test ELBO %.3f nats per image (reconstruction %.3f, KL %.3f)%n",
                    r.loss().elbo(), r.loss().reconstruction(), r.loss().kl());
            out.printf(Locale.ROOT, "log p(x) >= %.3f nats per image (importance-sampled, k = %d)%n", r.logLikelihood(), k);
            kv.put("test_elbo_nats", r.loss().elbo());
            kv.put("recon_nats", r.loss().reconstruction());
            kv.put("kl_nats", r.loss().kl());
            kv.put("iw_nll_nats", -r.logLikelihood());
            kv.put("k", k);
        } else {
            out.printf(Locale.ROOT, "test reconstruction %.3f nats per image (an AE has no KL term and no ELBO)%n",
                    r.loss().reconstruction());
            kv.put("recon_nats", r.loss().reconstruction());
        }
        kv.put("images", r.images());
        kv.put("seconds", seconds);
        return kv;
    }

    private Map<String, Object> manifold(Args args) {
        Model model = ModelFile.load(Path.of(args.required("model")));
        Path png = Path.of(args.required("out"));
        int n = args.integer("n", 20);
        List<Integer> dims = args.integers("dims", List.of(0, 1));
        int scale = args.integer("scale", 2);
        DataLocator locator = locator(args);
        String datasetName = args.string("dataset", model.datasetName());
        args.rejectUnused();
        int latent = model.config().latent();
        if (dims.size() != 2 || dims.get(0).equals(dims.get(1)) || dims.stream().anyMatch(d -> d < 0 || d >= latent)) {
            throw new Args.UsageException("--dims takes two different latent dimensions between 0 and " + (latent - 1)
                    + ", found " + dims);
        }
        Codec codec = new Codec(model);
        float[] base = new float[latent];
        ManifoldGrid grid;
        if (model.config().kind() == ModelKind.VAE) {
            grid = ManifoldGrid.inverseCdf(n, dims.get(0), dims.get(1), base);
        } else {
            Dataset data = loadData(datasetName, locator, 0);
            Split sample = data.train().head(10_000);
            grid = ManifoldGrid.spanning(codec.encode(sample), n, dims.get(0), dims.get(1), base);
        }
        long start = System.nanoTime();
        float[] images = grid.decode(codec);
        double ms = (System.nanoTime() - start) / 1e6;
        ImageTiles.writePng(ImageTiles.tile(images, n * n, model.config().shape(), n, scale, 0), png);
        out.printf(Locale.ROOT, "Decoded a %d x %d grid over z%d in [%.2f, %.2f] and z%d in [%.2f, %.2f] in %.1f ms%n",
                n, n, dims.get(0), grid.xs()[0], grid.xs()[n - 1], dims.get(1), grid.ys()[n - 1], grid.ys()[0], ms);
        out.println("Wrote " + png);
        Map<String, Object> kv = new LinkedHashMap<>();
        kv.put("n", n);
        kv.put("decode_ms", ms);
        kv.put("out", png);
        return kv;
    }

    private Map<String, Object> encode(Args args) {
        if (args.string("folder").isPresent()) {
            return new EncodeFolderCommand(out).run(args);
        }
        Model model = ModelFile.load(Path.of(args.required("model")));
        Path csv = Path.of(args.required("out"));
        DataLocator locator = locator(args);
        String name = args.string("dataset", model.datasetName());
        int subset = args.integer("subset", 0);
        args.rejectUnused();
        Dataset data = loadData(name, locator, subset);
        model.requireCompatible(data);
        Encoding enc = new Codec(model).encode(data.test());
        CodesCsv.write(csv, enc);
        out.printf(Locale.ROOT, "Encoded %d test images of %s to %s%n", enc.size(), data.name(), csv);
        Map<String, Object> kv = new LinkedHashMap<>();
        kv.put("images", enc.size());
        kv.put("latent", enc.latent());
        kv.put("out", csv);
        return kv;
    }

    private Map<String, Object> decode(Args args) {
        Model model = ModelFile.load(Path.of(args.required("model")));
        Path csv = Path.of(args.required("codes"));
        Path png = Path.of(args.required("out"));
        int scale = args.integer("scale", 2);
        int colsOpt = args.integer("cols", 0);
        args.rejectUnused();
        float[][] z = CodesCsv.read(csv, model.config().latent());
        if (z.length == 0) {
            throw new IllegalArgumentException(csv + ": holds no codes");
        }
        float[] images = new Codec(model).decode(z);
        int cols = colsOpt > 0 ? colsOpt : (int) Math.ceil(Math.sqrt(z.length));
        ImageTiles.writePng(ImageTiles.tile(images, z.length, model.config().shape(), cols, scale, 1), png);
        out.printf(Locale.ROOT, "Decoded %d codes from %s to %s%n", z.length, csv, png);
        Map<String, Object> kv = new LinkedHashMap<>();
        kv.put("images", z.length);
        kv.put("out", png);
        return kv;
    }

    // ---------------------------------------------------------------------------------------------

    static DataLocator locator(Args args) {
        return DataLocator.forThisUser(args.path("data-dir"));
    }

    private Dataset loadData(String name, DataLocator locator, int subset) {
        long start = System.nanoTime();
        Dataset data = DatasetCatalog.load(name, locator);
        if (subset > 0) {
            data = data.subset(subset, Math.max(1, subset / 5));
        }
        err.printf(Locale.ROOT, "Loaded %s (%s images) in %.2f s%n", data.name(), data.shape(), (System.nanoTime() - start) / 1e9);
        return data;
    }

    /** Formats the closing {@code key=value} line. */
    static String keyValues(Map<String, Object> kv) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Object> e : kv.entrySet()) {
            Object v = e.getValue();
            String s = v instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : String.valueOf(v);
            parts.add(e.getKey() + "=" + s);
        }
        return String.join(" ", parts);
    }

    static void writeText(Path file, String text) {
        try {
            AtomicFiles.write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }
}

package latentlab;

import latentlab.core.data.Dataset;
import latentlab.core.data.Split;
import latentlab.core.data.SyntheticFaces;
import latentlab.core.explore.Codec;
import latentlab.core.explore.Encoding;
import latentlab.core.explore.Evaluation;
import latentlab.core.model.Blas;
import latentlab.core.model.Model;
import latentlab.core.model.ModelCatalog;
import latentlab.core.model.ModelConfig;
import latentlab.core.model.ModelFileException;
import latentlab.core.train.NativeThreads;
import latentlab.core.train.TrainConfig;
import latentlab.core.train.Trainer;
import latentlab.core.train.TrainingOutcome;
import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * {@code latentlab --self-test}: checks that this installation works, with no display, no network and no
 * dataset on disk, and says what is wrong when it does not. What a teacher runs after copying the app to
 * a classroom machine, and what CI runs from the built app image.
 *
 * <p>In order, each check on its own so that one failure does not hide the others:
 * <ol>
 *   <li>the native libraries: ND4J's CPU backend loads and OpenBLAS answers a small product correctly;</li>
 *   <li>the JavaFX classes the window needs are present;</li>
 *   <li>every shipped model is listed, loads, has finite weights and decodes the origin of its latent
 *       space to an image in [0, 1];</li>
 *   <li>a built-in image (a generated synthetic face) is encoded and decoded by the shipped synthetic
 *       model, and the reconstruction is close to it;</li>
 *   <li>a small VAE trains one epoch on a slice of the synthetic dataset, and its test ELBO improves.</li>
 * </ol>
 * It prints one line per check and ends, like every command, with a {@code key=value} line; the exit code
 * is 0 when every check passed and 1 otherwise.
 */
public final class SelfTest {
    /** The launcher option that runs it. */
    public static final String OPTION = "--self-test";
    /** The shipped model that encodes and decodes the built-in image (trained on synthetic faces). */
    static final String ROUND_TRIP_MODEL = "synthetic-vae-2d";
    /** The seed of the built-in face. */
    static final long FACE_SEED = 2026L;
    /**
     * The largest squared error of the built-in face's reconstruction, as a fraction of the face's own sum
     * of squares (the error of a black image). The shipped model reaches 0.011; its average face (the
     * decoded latent origin, what a decoder that ignored its code would give) is at 0.079.
     */
    static final double MAX_RELATIVE_ERROR = 0.04;
    /** The training check: images, test images, hidden units, batch, learning rate. */
    static final int TRAIN_IMAGES = 1000;
    static final int TEST_IMAGES = 200;
    static final int HIDDEN = 64;
    static final int BATCH = 50;
    static final double LEARNING_RATE = 3e-3;
    /** How long the training check may take before it counts as failed. */
    static final long TRAIN_TIMEOUT_SECONDS = 120;
    /** Set this environment variable to see the stack trace of an unexpected error. */
    static final String DEBUG_ENV = "LATENTLAB_DEBUG";

    private final ModelCatalog catalog;
    private final PrintStream out;
    private boolean nativesFailed;

    /**
     * The outcome of one check.
     *
     * @param name    what was checked
     * @param passed  whether it passed
     * @param detail  what was found; for a failure, what is wrong, possibly over several lines
     * @param seconds how long it took
     */
    public record Check(String name, boolean passed, String detail, double seconds) {
    }

    /** A check that did not pass; the message says what is wrong, for a person. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    /** One check: returns what it found, or throws {@link Failure}. */
    @FunctionalInterface
    private interface Step {
        String run();
    }

    /**
     * @param catalog where the shipped models are found
     * @param out     where the report goes
     */
    public SelfTest(ModelCatalog catalog, PrintStream out) {
        this.catalog = catalog;
        this.out = out;
    }

    /** The self-test of this installation: its shipped models folder, found as the app finds it. */
    public static int run(PrintStream out) {
        return new SelfTest(ModelCatalog.forThisUser(), out).run();
    }

    /** Runs every check, prints the report, and returns the exit code: 0 if all passed, 1 otherwise. */
    public int run() {
        long start = System.nanoTime();
        out.printf(Locale.ROOT, "Latent Lab self-test: Java %s (%s), %s %s, %d cores%n", Runtime.version(),
                System.getProperty("java.home"), System.getProperty("os.name"), System.getProperty("os.arch"),
                NativeThreads.available());
        List<Check> checks = checks();
        long failed = checks.stream().filter(c -> !c.passed()).count();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failed == 0) {
            out.printf(Locale.ROOT, "All %d checks passed in %.1f s.%n", checks.size(), seconds);
        } else {
            out.printf(Locale.ROOT, "%d of %d checks FAILED: %s. Run again with %s=1 for stack traces.%n", failed,
                    checks.size(), String.join(", ", checks.stream().filter(c -> !c.passed()).map(Check::name).toList()),
                    DEBUG_ENV);
        }
        out.printf(Locale.ROOT, "self_test=%s checks=%d failed=%d seconds=%.4f%n", failed == 0 ? "passed" : "failed",
                checks.size(), failed, seconds);
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    /** Runs the checks in order, printing each as it ends. */
    List<Check> checks() {
        List<Check> checks = new ArrayList<>();
        checks.add(check("native libraries", this::nativeLibraries));
        nativesFailed = !checks.getFirst().passed();
        checks.add(check("JavaFX runtime", this::javaFx));
        checks.add(check("shipped models", this::shippedModels));
        checks.add(check("encode and decode", this::roundTrip));
        checks.add(check("train one epoch", this::trainOneEpoch));
        return checks;
    }

    private Check check(String name, Step step) {
        long start = System.nanoTime();
        Check result;
        try {
            result = new Check(name, true, step.run(), (System.nanoTime() - start) / 1e9);
        } catch (Failure e) {
            result = new Check(name, false, e.getMessage(), (System.nanoTime() - start) / 1e9);
        } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
            String detail = e instanceof NoClassDefFoundError && nativesFailed
                    ? "ND4J could not start (see the native libraries above)" : "unexpected error: " + describe(e);
            result = new Check(name, false, detail, (System.nanoTime() - start) / 1e9);
            if (System.getenv(DEBUG_ENV) != null) {
                e.printStackTrace(out);
            }
        }
        String[] lines = result.detail().split("\n");
        out.printf(Locale.ROOT, "  %-4s  %-18s %6.2f s  %s%n", result.passed() ? "ok" : "FAIL", result.name(),
                result.seconds(), lines[0]);
        for (int i = 1; i < lines.length; i++) {
            out.printf(Locale.ROOT, "%36s%s%n", "", lines[i]);
        }
        out.flush();
        return result;
    }

    // ---------------------------------------------------------------------------------------------

    /** ND4J's backend loads, and a 2x3 by 3x2 product through OpenBLAS gives the right answer. */
    private String nativeLibraries() {
        String backend = Nd4j.getBackend().getClass().getSimpleName();
        if (!Blas.isDirect()) {
            throw new Failure("ND4J loaded (" + backend + ") but OpenBLAS is not among its native libraries "
                    + Loader.getLoadedLibraries().keySet() + "; training would fall back to slow copies");
        }
        float[] a = {1, 2, 3, 4, 5, 6};                                            // [2, 3]
        float[] b = {7, 8, 9, 10, 11, 12};                                         // [3, 2]
        float[] c = new float[4];                                                  // [2, 2]
        Blas.gemm(false, false, 2, 2, 3, 1f, MemorySegment.ofArray(a), MemorySegment.ofArray(b), 0f,
                MemorySegment.ofArray(c));
        float[] expected = {58, 64, 139, 154};
        for (int i = 0; i < 4; i++) {
            if (c[i] != expected[i]) {
                throw new Failure("OpenBLAS computed a wrong product: expected " + java.util.Arrays.toString(expected)
                        + ", found " + java.util.Arrays.toString(c));
            }
        }
        String packed = PackedNatives.last().map(o -> " (" + o.describe() + ")").orElse("");
        return backend + ", OpenBLAS called directly; loaded from " + String.join(", ", nativeFolders()) + packed;
    }

    /** The folders the native libraries were loaded from (the JavaCPP cache, or the image's own folder). */
    private static TreeSet<String> nativeFolders() {
        TreeSet<String> folders = new TreeSet<>();
        for (Map.Entry<String, String> e : Loader.getLoadedLibraries().entrySet()) {
            if (e.getValue() != null && !e.getValue().isEmpty()) {
                Path parent = Path.of(e.getValue()).getParent();
                folders.add(parent == null ? e.getValue() : parent.toString());
            }
        }
        return folders;
    }

    /** The window's JavaFX classes can be found (without starting JavaFX, which needs a display). */
    private String javaFx() {
        List<String> where = new ArrayList<>();
        for (String cls : List.of("javafx.application.Application", "javafx.scene.control.Button",
                "javafx.embed.swing.SwingFXUtils")) {
            try {
                Module module = Class.forName(cls, false, SelfTest.class.getClassLoader()).getModule();
                where.add(module.isNamed() ? module.getName() : "class path");
            } catch (ClassNotFoundException e) {
                throw new Failure("the JavaFX class " + cls + " is missing: the window cannot open (the CLI still works)");
            }
        }
        return "javafx.graphics, javafx.controls, javafx.swing found ("
                + (where.contains("class path") ? "on the class path" : "modules of the runtime") + ")";
    }

    /** Every shipped model is listed, loads, and decodes the origin of its latent space sensibly. */
    private String shippedModels() {
        Optional<Path> dir = catalog.shippedDir();
        if (dir.isEmpty()) {
            throw new Failure("no shipped models folder was found: looked at -D" + ModelCatalog.MODELS_PROPERTY
                    + ", models/ beside the application and up to three folders above it, and models/ in the working"
                    + " directory (each must hold " + ModelCatalog.INDEX + ")");
        }
        ModelCatalog.Listing listing = catalog.list();
        List<String> problems = new ArrayList<>();
        for (ModelCatalog.Unreadable u : listing.unreadable()) {
            if (u.file().startsWith(dir.get())) {
                problems.add(u.file().getFileName() + ": " + u.reason());
            }
        }
        List<ModelCatalog.Entry> shipped = listing.shipped();
        if (shipped.isEmpty() && problems.isEmpty()) {
            problems.add(dir.get() + " lists no models");
        }
        for (ModelCatalog.Entry entry : shipped) {
            try {
                checkModel(entry.load());
            } catch (ModelFileException e) {
                problems.add(e.getMessage());                                   // it names the file
            } catch (Failure e) {
                problems.add(entry.file().getFileName() + ": " + e.getMessage());
            }
        }
        Optional<ModelCatalog.Entry> first = listing.defaultModel();
        if (first.isEmpty() || first.get().origin() != ModelCatalog.Origin.SHIPPED) {
            problems.add("no shipped model to open first (" + ModelCatalog.INDEX + " names '"
                    + listing.defaultId().orElse("none") + "')");
        }
        if (!problems.isEmpty()) {
            throw new Failure(problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " in " + dir.get()
                    + ":\n" + String.join("\n", problems));
        }
        return shipped.size() + " models load and decode, from " + dir.get() + "; the window opens "
                + first.get().id();
    }

    /** Finite weights, and the decoded latent origin is an image of finite values in [0, 1]. */
    private static void checkModel(Model model) {
        float[] params = model.params().data().asFloat();
        for (float p : params) {
            if (!Float.isFinite(p)) {
                throw new Failure("its weights hold " + p);
            }
        }
        float[] image = new Codec(model).decode(new float[model.config().latent()]);
        if (image.length != model.config().inputSize()) {
            throw new Failure("decoding gave " + image.length + " pixels, expected " + model.config().inputSize());
        }
        for (float v : image) {
            if (!(v >= 0f && v <= 1f)) {
                throw new Failure("decoding the latent origin gave the pixel value " + v + ", outside [0, 1]");
            }
        }
    }

    /** The built-in face, encoded and decoded by the shipped synthetic model, comes back close to itself. */
    private String roundTrip() {
        ModelCatalog.Entry entry = catalog.list().shipped().stream().filter(m -> m.id().equals(ROUND_TRIP_MODEL))
                .findFirst().orElseThrow(() -> new Failure("the shipped model " + ROUND_TRIP_MODEL
                        + " is missing, so the built-in image cannot be checked"));
        Model model = entry.load();
        Split face = builtInImage();
        if (model.config().inputSize() != face.shape().pixels()) {
            throw new Failure(ROUND_TRIP_MODEL + " takes " + model.config().inputSize() + " pixels; the built-in image has "
                    + face.shape().pixels());
        }
        Codec codec = new Codec(model);
        Encoding code = codec.encode(face.pixels(), 1);
        float[] z = code.mean()[0];
        for (float v : z) {
            if (!Float.isFinite(v) || Math.abs(v) > 10) {
                throw new Failure("the built-in image was encoded to " + java.util.Arrays.toString(z)
                        + ", far outside the prior");
            }
        }
        float[] decoded = codec.decode(z);
        double relative = relativeError(face.pixels(), decoded);
        if (!(relative <= MAX_RELATIVE_ERROR)) {
            throw new Failure(String.format(Locale.ROOT, "the built-in image came back with a relative squared error of"
                    + " %.3f; at most %.2f was expected", relative, MAX_RELATIVE_ERROR));
        }
        return String.format(Locale.ROOT, "a %dx%d synthetic face -> z = (%s) -> image, relative squared error %.3f"
                        + " (at most %.2f)", face.shape().rows(), face.shape().cols(), format(z), relative,
                MAX_RELATIVE_ERROR);
    }

    /** The built-in image: one generated synthetic face, the same every time. */
    static Split builtInImage() {
        return SyntheticFaces.generate(1, FACE_SEED).images();
    }

    /** Sum of squared differences over the sum of squares of the original: 0 exact, 1 as bad as black. */
    static double relativeError(float[] original, float[] decoded) {
        double err = 0;
        double norm = 0;
        for (int i = 0; i < original.length; i++) {
            double d = decoded[i] - original[i];
            err += d * d;
            norm += (double) original[i] * original[i];
        }
        return norm == 0 ? Double.NaN : err / norm;
    }

    /** A fresh small VAE trains one epoch on synthetic faces and ends with a better test ELBO. */
    private String trainOneEpoch() {
        Dataset data = SyntheticFaces.dataset(TRAIN_IMAGES, TEST_IMAGES, SyntheticFaces.DEFAULT_SEED);
        Model model = Model.initialise(ModelConfig.vae(data.shape(), List.of(HIDDEN), 2), data);
        double before = Evaluation.elbo(model, data.test(), TrainConfig.DEFAULT_SEED).elbo();
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "latentlab-self-test-train");
            t.setDaemon(true);
            return t;
        });
        TrainingOutcome outcome;
        long start = System.nanoTime();
        try {
            outcome = new Trainer(executor)
                    .start(model, data, new TrainConfig(1, BATCH, LEARNING_RATE, 0, TrainConfig.DEFAULT_SEED), e -> { })
                    .outcome().get(TRAIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new Failure("one epoch of " + TRAIN_IMAGES + " images did not finish in " + TRAIN_TIMEOUT_SECONDS + " s");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new Failure("training failed: " + describe(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        } finally {
            executor.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!outcome.completed()) {
            throw new Failure("training ended " + outcome.status().name().toLowerCase(Locale.ROOT) + ": "
                    + outcome.message());
        }
        if (model.history().size() != 1) {
            throw new Failure("expected 1 epoch in the model's history, found " + model.history().size());
        }
        double after = model.history().getLast().testElbo();
        if (!Double.isFinite(after) || !(after > before)) {
            throw new Failure(String.format(Locale.ROOT, "the test ELBO went from %.2f to %.2f nats; it should improve",
                    before, after));
        }
        return String.format(Locale.ROOT, "%s on %d synthetic faces: test ELBO %.2f -> %.2f nats in %.2f s",
                model.config().describe(), TRAIN_IMAGES, before, after, seconds);
    }

    private static String format(float[] z) {
        List<String> parts = new ArrayList<>();
        for (float v : z) {
            parts.add(String.format(Locale.ROOT, "%.2f", v));
        }
        return String.join(", ", parts);
    }

    /** The exception and, when it wraps another, the innermost cause: the one that says what is missing. */
    static String describe(Throwable e) {
        Throwable top = e;
        while (top instanceof ExceptionInInitializerError && top.getCause() != null) {
            top = top.getCause();
        }
        Throwable root = top;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = top.getClass().getSimpleName() + (top.getMessage() == null ? "" : ": " + top.getMessage());
        if (root != top) {
            text += " (caused by " + root.getClass().getSimpleName()
                    + (root.getMessage() == null ? "" : ": " + root.getMessage()) + ")";
        }
        return text;
    }
}

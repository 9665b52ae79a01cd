package latentlab.core.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import latentlab.core.data.DataLocator;
import latentlab.core.data.Dataset;
import latentlab.core.data.DatasetCatalog;
import latentlab.core.data.ImageShape;
import latentlab.core.explore.Codec;
import latentlab.core.explore.Evaluation;
import latentlab.core.explore.ManifoldGrid;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The models in {@code models/}, as the app lists and opens them: each is indexed, readable, small, holds
 * the architecture its recorded training command asks for, and reproduces its recorded test ELBO.
 */
class ShippedModelsTest {
    /** The models the issue asks for, in the order the app lists them. */
    private static final List<String> EXPECTED = List.of("mnist-vae-2d", "mnist-vae-20d", "mnist-ae-2d",
            "fashion-mnist-vae-2d", "frey-vae-2d", "synthetic-vae-2d");
    private static final String DEFAULT = "mnist-vae-2d";
    private static final long MAX_BYTES = 5L << 20;
    /** How far {@code eval}'s test ELBO, with other noise than training's, may be from the recorded one. */
    private static final double ELBO_TOLERANCE_NATS = 0.5;
    /** {@code eval}'s default seed. */
    private static final long EVAL_SEED = 1L;
    /**
     * The noise draws (one per image per evaluation) that keep eval's noise well below the tolerance: one
     * evaluation of a 10,000-image test set, or several of a smaller one, each with its own seed.
     */
    private static final int IMAGE_DRAWS = 10_000;

    private static Path dir;
    private static ModelCatalog.Listing listing;
    private static Map<String, ModelCatalog.IndexEntry> index;
    private static final Map<String, Dataset> DATASETS = new HashMap<>();

    @BeforeAll
    static void listTheShippedModels() throws IOException {
        Optional<Path> found = ModelCatalog.findShippedDir(System.getProperty(ModelCatalog.MODELS_PROPERTY), null,
                Path.of("").toAbsolutePath());
        if (found.isEmpty()) {
            fail("no models/ folder with " + ModelCatalog.INDEX + " in " + Path.of("").toAbsolutePath());
        }
        dir = found.get();
        listing = new ModelCatalog(found, dir.resolve("no-user-models")).list();
        ModelCatalog.Index parsed = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(dir.resolve(ModelCatalog.INDEX).toFile(), ModelCatalog.Index.class);
        index = new HashMap<>();
        for (ModelCatalog.IndexEntry e : parsed.models()) {
            index.put(e.file().replace(ModelFile.EXTENSION, ""), e);
        }
    }

    static Stream<String> ids() {
        return EXPECTED.stream();
    }

    @Test
    void everyShippedModelIsIndexedReadableAndTheMnistVaeOpensFirst() throws IOException {
        assertEquals(List.of(), listing.unreadable());
        assertEquals(EXPECTED, listing.shipped().stream().map(ModelCatalog.Entry::id).toList());
        assertEquals(DEFAULT, listing.defaultModel().orElseThrow().id());
        try (Stream<Path> files = Files.list(dir)) {
            List<String> onDisk = files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(ModelFile.EXTENSION)).sorted().toList();
            assertEquals(EXPECTED.stream().map(id -> id + ModelFile.EXTENSION).sorted().toList(), onDisk,
                    "every model file in models/ is in the index");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ids")
    void isSmallAndItsMetadataMatchesItsWeightsAndItsTrainingCommand(String id) throws IOException {
        ModelCatalog.Entry entry = listing.find(id).orElseThrow();
        assertTrue(Files.size(entry.file()) < MAX_BYTES, id + " is " + Files.size(entry.file()) + " bytes");
        Model model = entry.load();
        ModelConfig config = model.config();
        assertEquals(ParameterLayout.of(config).size(), model.params().length());
        assertNull(model.optimizerState(), "shipped with optimiser state");
        assertEquals(entry.latent(), config.latent());
        assertEquals(entry.kind(), config.kind());
        assertEquals(entry.dataset(), model.datasetName());
        assertEquals(DatasetCatalog.FREY.equals(model.datasetName()) ? ImageShape.FREY : ImageShape.MNIST,
                config.shape());

        Map<String, String> command = options(index.get(id).command());
        assertEquals(command.get("dataset"), model.datasetName());
        assertEquals(command.getOrDefault("kind", "vae"), config.kind().name().toLowerCase(Locale.ROOT));
        assertEquals(command.get("hidden"), String.join(",", config.hidden().stream().map(String::valueOf).toList()));
        assertEquals(command.get("latent"), String.valueOf(config.latent()));
        assertEquals(1L, config.seed());
        assertEquals("1", command.get("seed"));
        assertTrue(command.containsKey("no-optimizer-state"), index.get(id).command());
        assertEquals(command.getOrDefault("activation", "relu"), config.activation().name().toLowerCase(Locale.ROOT));
        if (command.containsKey("decoder")) {
            assertEquals(command.get("decoder"), config.decoder().name().toLowerCase(Locale.ROOT));
        }
        int epochs = Integer.parseInt(command.get("epochs"));
        assertEquals(epochs, model.epochsTrained());
        assertEquals(epochs, model.history().size());
        assertTrue(model.history().stream().allMatch(r -> Double.isFinite(r.testElbo())), "a non-finite test ELBO");
        assertTrue(index.get(id).trainSeconds() != null && index.get(id).trainSeconds() > 0, "no training time");
    }

    /**
     * The trainer evaluates the test ELBO with one fixed noise draw per image, eval with another. Over
     * MNIST's 10,000 test images one draw has a standard deviation of 0.025 nats (measured over 8 seeds);
     * over Frey Face's 200 it is about 0.5 nats, so there eval's figure is the mean of evaluations with
     * seeds 1, 2, ... that together draw noise for 10,000 images.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("ids")
    void evalReproducesTheRecordedTestElboWithinHalfANat(String id) {
        ModelCatalog.Entry entry = listing.find(id).orElseThrow();
        Dataset data = dataset(entry.dataset());
        Model model = entry.load();
        double recorded = model.history().getLast().testElbo();
        int evaluations = Math.ceilDiv(IMAGE_DRAWS, data.test().size());

        double measured = 0;
        for (int i = 0; i < evaluations; i++) {
            measured += Evaluation.elbo(model, data.test(), EVAL_SEED + i).elbo() / evaluations;
        }

        assertEquals(recorded, measured, ELBO_TOLERANCE_NATS, id + ": recorded " + recorded + ", eval " + measured
                + " (mean of " + evaluations + ")");
        assertEquals(recorded, entry.testElbo(), 1e-9);
    }

    @Test
    void theDefaultModelDecodesAVariedManifoldWithNoDatasetOnDisk() {
        Model model = listing.defaultModel().orElseThrow().load();
        Codec codec = new Codec(model);
        int n = 8;
        float[] images = ManifoldGrid.inverseCdf(n, 0, 1, new float[model.config().latent()]).decode(codec);

        int d = model.config().inputSize();
        double[] ink = new double[n * n];
        for (int k = 0; k < n * n; k++) {
            for (int p = 0; p < d; p++) {
                ink[k] += images[k * d + p];
            }
        }
        double mean = Arrays.stream(ink).average().orElseThrow();
        double spread = Math.sqrt(Arrays.stream(ink).map(v -> (v - mean) * (v - mean)).sum() / ink.length);
        assertTrue(mean > 30 && spread > 5, "the manifold is blank or uniform: mean ink " + mean + ", spread " + spread);
    }

    // ---------------------------------------------------------------------------------------------

    /** The dataset from the shared folder; skips the test when it is not there. */
    private static synchronized Dataset dataset(String name) {
        return DATASETS.computeIfAbsent(name, n -> {
            String shared = System.getProperty("latentlab.sharedDatasets");
            DataLocator locator = DataLocator.forThisUser(Optional.ofNullable(shared).map(Path::of));
            assumeTrue(DatasetCatalog.present(n, locator), "dataset " + n + " not found");
            return DatasetCatalog.load(n, locator);
        });
    }

    /** The {@code --name value} options and {@code --flag}s of a recorded command line. */
    private static Map<String, String> options(String command) {
        String[] words = command.trim().split("\\s+");
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < words.length; i++) {
            if (words[i].startsWith("--")) {
                boolean flag = i + 1 >= words.length || words[i + 1].startsWith("--");
                options.put(words[i].substring(2), flag ? "" : words[++i]);
            }
        }
        return options;
    }
}

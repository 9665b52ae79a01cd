package latentlab.cli;

import latentlab.core.data.DataLocator;
import latentlab.core.data.DatasetCatalog;
import latentlab.core.model.Model;
import latentlab.core.model.ModelFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The command line run in-process, from training to every way of using the trained model. */
class CliEndToEndTest {
    private static final int SUBSET = 600;
    private static final int TEST_IMAGES = SUBSET / 5;

    @TempDir
    static Path dir;
    private static Path model;
    private static Run trained;

    /** One command's exit code and what it printed. */
    record Run(int code, String out, String err) {
        List<String> outLines() {
            return out.lines().filter(l -> !l.isBlank()).toList();
        }

        /** The closing key=value line. */
        Map<String, String> summary() {
            List<String> lines = outLines();
            assertFalse(lines.isEmpty(), "no output; err: " + err);
            Map<String, String> kv = new LinkedHashMap<>();
            for (String token : lines.get(lines.size() - 1).split(" ")) {
                int eq = token.indexOf('=');
                assertTrue(eq > 0, "the last line is not key=value pairs: " + lines.get(lines.size() - 1));
                kv.put(token.substring(0, eq), token.substring(eq + 1));
            }
            return kv;
        }

        double number(String key) {
            String v = summary().get(key);
            assertTrue(v != null, "no " + key + "= in " + summary());
            return Double.parseDouble(v);
        }
    }

    static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = new Cli(o, e).run(args);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static void assertSucceeded(Run r) {
        assertEquals(0, r.code(), "exit code; out:\n" + r.out() + "\nerr:\n" + r.err());
    }

    @BeforeAll
    static void trainOnce() {
        model = dir.resolve("faces.llab");
        trained = cli("train", "--dataset", "synthetic", "--subset", String.valueOf(SUBSET), "--epochs", "2",
                "--hidden", "64", "--latent", "2", "--out", model.toString());
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void trainWritesAModelAndClosesWithItsFigures() {
        assertSucceeded(trained);
        assertTrue(Files.isRegularFile(model));
        Map<String, String> kv = trained.summary();
        assertEquals("completed", kv.get("status"));
        assertEquals("2", kv.get("epochs"));
        for (String key : List.of("train_elbo_nats", "test_elbo_nats", "recon_nats", "kl_nats", "seconds", "samples_per_s")) {
            assertTrue(Double.isFinite(trained.number(key)), key);
        }
        assertEquals(-(trained.number("recon_nats") + trained.number("kl_nats")), trained.number("test_elbo_nats"), 2e-4);
        Model m = ModelFile.load(model);
        assertEquals("VAE 784-64-2 relu bernoulli", m.config().describe());
        assertEquals(2, m.epochsTrained());
        assertEquals("synthetic", m.datasetName());
        assertTrue(m.optimizerState() != null, "the optimiser state was not saved");
        assertEquals(m.history().get(1).testElbo(), trained.number("test_elbo_nats"), 1e-4);
    }

    @Test
    void evalClosesWithTheElboItsTermsAndTheImportanceSampledEstimate() {
        Run r = cli("eval", "--model", model.toString(), "--k", "5", "--subset", String.valueOf(SUBSET));
        assertSucceeded(r);
        Map<String, String> kv = r.summary();
        assertEquals("5", kv.get("k"));
        assertEquals(String.valueOf(TEST_IMAGES), kv.get("images"));
        double elbo = r.number("test_elbo_nats");
        assertEquals(-(r.number("recon_nats") + r.number("kl_nats")), elbo, 2e-4);
        double nll = r.number("iw_nll_nats");
        assertTrue(nll > 0 && nll < -elbo + 1.0, "k=5 estimate of -log p(x) " + nll + " vs -ELBO " + -elbo);
        // the same model on the same test images, with other noise draws than train's evaluation
        assertEquals(trained.number("test_elbo_nats"), elbo, 0.01 * Math.abs(elbo),
                "eval on the same test images gives another test ELBO than train reported");
    }

    @Test
    void manifoldWritesAPngOfNByNTiles() throws IOException {
        Path png = dir.resolve("grid.png");
        Run r = cli("manifold", "--model", model.toString(), "--n", "5", "--out", png.toString());
        assertSucceeded(r);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(5 * 28 * 2, img.getWidth());
        assertEquals(5 * 28 * 2, img.getHeight());
        assertEquals("5", r.summary().get("n"));
        assertTrue(r.number("decode_ms") >= 0);
    }

    @Test
    void encodeWritesOneCsvRowPerTestImage() throws IOException {
        Path csv = dir.resolve("codes-encode.csv");
        Run r = cli("encode", "--model", model.toString(), "--out", csv.toString(), "--subset", String.valueOf(SUBSET));
        assertSucceeded(r);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("z_mean_0,z_mean_1,z_log_var_0,z_log_var_1,label", lines.get(0));
        assertEquals(TEST_IMAGES + 1, lines.size());
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            assertEquals(5, cells.length, line);
            for (int j = 0; j < 4; j++) {
                assertTrue(Double.isFinite(Double.parseDouble(cells[j])), line);
            }
            int label = Integer.parseInt(cells[4]);
            assertTrue(label >= 0 && label < 9, "label " + label);
        }
        assertEquals(String.valueOf(TEST_IMAGES), r.summary().get("images"));
        assertEquals("2", r.summary().get("latent"));
    }

    @Test
    void decodeTurnsTheEncodedCsvIntoATiledPng() throws IOException {
        Path csv = dir.resolve("codes-decode.csv");
        assertSucceeded(cli("encode", "--model", model.toString(), "--out", csv.toString(), "--subset",
                String.valueOf(SUBSET)));
        Path png = dir.resolve("decoded.png");
        Run r = cli("decode", "--model", model.toString(), "--codes", csv.toString(), "--out", png.toString());
        assertSucceeded(r);
        BufferedImage img = ImageIO.read(png.toFile());
        int cols = (int) Math.ceil(Math.sqrt(TEST_IMAGES));                        // 11
        int rows = (TEST_IMAGES + cols - 1) / cols;
        assertEquals(cols * 28 * 2 + (cols + 1), img.getWidth());
        assertEquals(rows * 28 * 2 + (rows + 1), img.getHeight());
        assertEquals(String.valueOf(TEST_IMAGES), r.summary().get("images"));
    }

    @Test
    void trainingResumesFromASavedModel() {
        Path more = dir.resolve("faces-more.llab");
        Run r = cli("train", "--resume", model.toString(), "--subset", String.valueOf(SUBSET), "--epochs", "1",
                "--out", more.toString());
        assertSucceeded(r);
        assertEquals("3", r.summary().get("epochs"));
        assertEquals(3, ModelFile.load(more).epochsTrained());
        assertTrue(r.out().contains("Resuming"), r.out());
    }

    @Test
    void trainOnMnistFromTheSharedDatasets() {
        String shared = System.getProperty("latentlab.sharedDatasets");
        assumeTrue(shared != null && Files.isDirectory(Path.of(shared, "mnist")), "shared MNIST not found");
        Path out = dir.resolve("mnist.llab");
        Run r = cli("train", "--dataset", "mnist", "--data-dir", shared, "--subset", "1000", "--epochs", "1",
                "--hidden", "64", "--out", out.toString());
        assertSucceeded(r);
        assertEquals("completed", r.summary().get("status"));
        assertTrue(Double.isFinite(r.number("test_elbo_nats")));
        assertEquals("mnist", ModelFile.load(out).datasetName());
    }

    // ---------------------------------------------------------------------------------------------
    // Failures
    // ---------------------------------------------------------------------------------------------

    @Test
    void anOptionWithoutItsValueIsBadUsage() {
        Run r = cli("train", "--epochs");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--epochs needs a value"), r.err());
        assertTrue(r.err().contains("latentlab help"), r.err());
    }

    @Test
    void anUnknownCommandIsBadUsage() {
        Run r = cli("frobnicate");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown command 'frobnicate'"), r.err());
    }

    @Test
    void aMissingRequiredOptionIsBadUsage() {
        Run r = cli("train", "--epochs", "1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--out is required"), r.err());
    }

    @Test
    void aNonNumericValueIsBadUsage() {
        Run r = cli("eval", "--model", model.toString(), "--k", "many");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--k takes a whole number"), r.err());
    }

    @Test
    void aMisspeltOptionIsBadUsageAndNamed() {
        Run r = cli("encode", "--model", model.toString(), "--out", dir.resolve("x.csv").toString(), "--subsett", "5");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown option --subsett"), r.err());
    }

    @Test
    void aMissingDatasetFailsAndNamesThePlacesSearched() {
        DataLocator locator = DataLocator.forThisUser(Optional.of(Path.of("/nonexistent")));
        assumeFalse(DatasetCatalog.present(DatasetCatalog.MNIST, locator), "MNIST is installed for this user");
        Run r = cli("train", "--dataset", "mnist", "--data-dir", "/nonexistent", "--epochs", "1",
                "--out", dir.resolve("never.llab").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("/nonexistent/mnist"), r.err());
        for (DataLocator.Place place : locator.places()) {
            assertTrue(r.err().contains(place.dir().resolve("mnist").toString()), "err does not name " + place + ":\n"
                    + r.err());
        }
        assertFalse(Files.exists(dir.resolve("never.llab")));
    }

    @Test
    void aCorruptModelFileFailsWithAClearMessageAndNoStackTrace() throws IOException {
        Path junk = dir.resolve("junk.llab");
        Files.write(junk, "this is not a model".repeat(50).getBytes(StandardCharsets.UTF_8));
        Run r = cli("eval", "--model", junk.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("junk.llab"), r.err());
        assertTrue(r.err().contains("not a Latent Lab model file"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void aTruncatedModelFileFailsWithAClearMessage() throws IOException {
        Path cut = dir.resolve("cut.llab");
        byte[] bytes = Files.readAllBytes(model);
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Run r = cli("manifold", "--model", cut.toString(), "--out", dir.resolve("never.png").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("cut.llab") && r.err().contains("truncated"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertFalse(Files.exists(dir.resolve("never.png")));
    }

    @Test
    void aModelOfAnotherShapeIsRejectedForTheDataset() {
        String shared = System.getProperty("latentlab.sharedDatasets");
        assumeTrue(shared != null && Files.isDirectory(Path.of(shared, "frey")), "shared Frey Face not found");
        Run r = cli("eval", "--model", model.toString(), "--dataset", "frey", "--data-dir", shared, "--k", "1");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("28x28") && r.err().contains("28x20"), r.err());
    }

    @Test
    void helpPrintsTheUsageAndSucceeds() {
        Run r = cli("help");
        assertEquals(0, r.code());
        for (String command : List.of("train", "eval", "manifold", "encode", "decode", "bench")) {
            assertTrue(r.out().contains(command), command);
        }
    }
}

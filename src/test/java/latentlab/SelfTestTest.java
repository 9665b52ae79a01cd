package latentlab;

import latentlab.core.data.Split;
import latentlab.core.explore.Codec;
import latentlab.core.model.Model;
import latentlab.core.model.ModelCatalog;
import latentlab.core.model.ModelFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code latentlab --self-test}: passes on the shipped models, and says clearly what is wrong when it fails. */
class SelfTestTest {
    private static Path shipped;

    @TempDir
    Path tmp;

    @BeforeAll
    static void findTheShippedModels() {
        shipped = ModelCatalog.findShippedDir(null, null, Path.of("").toAbsolutePath()).orElseThrow();
    }

    @Test
    void passesOnTheShippedModelsAndEndsWithAKeyValueLine() {
        Report r = run(new ModelCatalog(Optional.of(shipped), tmp.resolve("no-user-models")));
        assertEquals(0, r.code, r.text);
        assertEquals(5, r.text.lines().filter(l -> l.startsWith("  ok  ")).count(), r.text);
        assertTrue(r.lastLine().startsWith("self_test=passed checks=5 failed=0 seconds="), r.text);
    }

    @Test
    void aDamagedShippedModelFailsTheRunAndTheReportNamesTheFile() throws IOException {
        Path copy = copyOfTheShippedModels();
        Path damaged = copy.resolve("mnist-ae-2d" + ModelFile.EXTENSION);
        byte[] bytes = Files.readAllBytes(damaged);
        Files.write(damaged, Arrays.copyOf(bytes, bytes.length / 2));

        Report r = run(new ModelCatalog(Optional.of(copy), tmp.resolve("no-user-models")));

        assertEquals(1, r.code, r.text);
        assertTrue(r.text.contains("  FAIL  shipped models"), r.text);
        assertTrue(r.text.contains("mnist-ae-2d" + ModelFile.EXTENSION), r.text);
        assertTrue(r.text.contains("damaged or truncated"), r.text);
        assertTrue(r.text.contains("  ok    encode and decode"), "the other checks still run:\n" + r.text);
        assertTrue(r.text.contains("  ok    train one epoch"), r.text);
        assertTrue(r.lastLine().startsWith("self_test=failed checks=5 failed=1 "), r.text);
    }

    @Test
    void aModelMissingFromItsIndexIsReported() throws IOException {
        Path copy = copyOfTheShippedModels();
        Files.delete(copy.resolve("frey-vae-2d" + ModelFile.EXTENSION));

        Report r = run(new ModelCatalog(Optional.of(copy), tmp.resolve("no-user-models")));

        assertEquals(1, r.code, r.text);
        assertTrue(r.text.contains("frey-vae-2d" + ModelFile.EXTENSION + ": no such file"), r.text);
    }

    @Test
    void noModelsFolderFailsAndSaysWhereItLooked() {
        Report r = run(new ModelCatalog(Optional.empty(), tmp.resolve("no-user-models")));

        assertEquals(1, r.code, r.text);
        assertTrue(r.text.contains("no shipped models folder was found: looked at -Dlatentlab.models"), r.text);
        assertTrue(r.text.contains("the shipped model synthetic-vae-2d is missing"), r.text);
        assertTrue(r.text.contains("2 of 5 checks FAILED: shipped models, encode and decode."), r.text);
        assertTrue(r.lastLine().startsWith("self_test=failed checks=5 failed=2 "), r.text);
    }

    @Test
    void theRoundTripThresholdRejectsADecoderThatIgnoresItsInput() {
        Model model = ModelFile.load(shipped.resolve(SelfTest.ROUND_TRIP_MODEL + ModelFile.EXTENSION));
        Split face = SelfTest.builtInImage();
        float[] average = new Codec(model).decode(new float[model.config().latent()]);   // the latent origin
        double ignoringTheInput = SelfTest.relativeError(face.pixels(), average);
        assertTrue(ignoringTheInput > 1.5 * SelfTest.MAX_RELATIVE_ERROR,
                "the face is too close to the average face for the check to mean anything: " + ignoringTheInput);
    }

    @Test
    void anErrorIsDescribedWithTheCauseThatNamesWhatIsMissing() {
        Throwable e = new ExceptionInInitializerError(new RuntimeException("ND4J is probably missing dependencies",
                new UnsatisfiedLinkError("no jnind4jcpu in java.library.path: /opt/latentlab/lib/app/native")));
        assertEquals("RuntimeException: ND4J is probably missing dependencies (caused by UnsatisfiedLinkError: no"
                + " jnind4jcpu in java.library.path: /opt/latentlab/lib/app/native)", SelfTest.describe(e));
    }

    @Test
    void relativeErrorIsZeroForTheSameImageAndOneForBlack() {
        float[] image = {0.2f, 0.9f, 0f, 0.5f};
        assertEquals(0.0, SelfTest.relativeError(image, image.clone()), 1e-12);
        assertEquals(1.0, SelfTest.relativeError(image, new float[4]), 1e-12);
    }

    private Path copyOfTheShippedModels() throws IOException {
        Path copy = Files.createDirectories(tmp.resolve("models"));
        try (Stream<Path> files = Files.list(shipped)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return copy;
    }

    private static Report run(ModelCatalog catalog) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            code = new SelfTest(catalog, out).run();
        }
        return new Report(code, bytes.toString(StandardCharsets.UTF_8));
    }

    private record Report(int code, String text) {
        String lastLine() {
            return text.lines().reduce((a, b) -> b).orElse("");
        }
    }
}

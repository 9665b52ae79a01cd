package latentlab.core.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import latentlab.core.data.Dataset;
import latentlab.core.data.ImageShape;
import latentlab.core.data.Split;
import latentlab.core.data.SyntheticFaces;
import latentlab.core.train.TrainConfig;
import latentlab.core.train.Trainer;
import latentlab.core.train.TrainingListener;
import latentlab.core.train.TrainingOutcome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Saving, loading, resuming and the failures of model files. */
class ModelFileTest {
    private static Dataset data;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeData() {
        data = SyntheticFaces.dataset(300, 100, 3L);
    }

    private static ModelConfig config() {
        return new ModelConfig(ModelKind.VAE, data.shape(), List.of(32), 2, Activation.RELU, DecoderKind.BERNOULLI,
                1.0, 9L);
    }

    private static TrainConfig trainConfig(int epochs) {
        return new TrainConfig(epochs, 50, 3e-3, 1.5, 4L);
    }

    private static Model train(Model model, int epochs) {
        TrainingOutcome outcome = new Trainer(Runnable::run).start(model, data, trainConfig(epochs),
                TrainingListener.NONE).outcome().join();
        assertEquals(TrainingOutcome.Status.COMPLETED, outcome.status(), outcome.message());
        return model;
    }

    private static Model trained(int epochs) {
        return train(Model.initialise(config(), data), epochs);
    }

    private static float[] floats(org.nd4j.linalg.api.ndarray.INDArray a) {
        return a.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).toFloatVector();
    }

    private static void assertSameHistory(List<EpochRecord> expected, List<EpochRecord> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            EpochRecord e = expected.get(i);
            EpochRecord a = actual.get(i);
            assertEquals(e.epoch(), a.epoch());
            assertEquals(e.beta(), a.beta(), 0.0, "beta of epoch " + e.epoch());
            assertEquals(e.trainRecon(), a.trainRecon(), 0.0, "train recon of epoch " + e.epoch());
            assertEquals(e.trainKl(), a.trainKl(), 0.0, "train KL of epoch " + e.epoch());
            assertEquals(e.testRecon(), a.testRecon(), 0.0, "test recon of epoch " + e.epoch());
            assertEquals(e.testKl(), a.testKl(), 0.0, "test KL of epoch " + e.epoch());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Round trip
    // ---------------------------------------------------------------------------------------------

    @Test
    void loadingASavedModelGivesBackEveryPartOfIt() {
        Model model = trained(2);
        Path file = dir.resolve("m" + ModelFile.EXTENSION);
        ModelFile.save(model, file);
        Model loaded = ModelFile.load(file);

        assertEquals(model.config(), loaded.config());
        assertArrayEquals(floats(model.params()), floats(loaded.params()));
        assertEquals(model.history(), loaded.history());
        assertTrue(loaded.history().get(1).hasCodeBox(), "the test codes' box is kept");
        assertEquals(2, loaded.epochsTrained());
        assertEquals(model.datasetName(), loaded.datasetName());
        assertEquals("synthetic", loaded.datasetName());
        assertEquals(model.preprocessing(), loaded.preprocessing());
        assertNotNull(loaded.optimizerState());
        assertEquals(model.optimizerState().iteration(), loaded.optimizerState().iteration());
        assertEquals(2 * 6, loaded.optimizerState().iteration());
        assertArrayEquals(floats(model.optimizerState().state()), floats(loaded.optimizerState().state()));
    }

    @Test
    void aModelSavedWithoutOptimizerStateLoadsWithoutIt() {
        Model model = trained(1);
        Path file = dir.resolve("small.llab");
        ModelFile.save(model.withoutOptimizerState(), file);
        Model loaded = ModelFile.load(file);
        assertNull(loaded.optimizerState());
        assertArrayEquals(floats(model.params()), floats(loaded.params()));
    }

    @Test
    void everyConfigurationFieldSurvivesTheRoundTrip() {
        ModelConfig unusual = new ModelConfig(ModelKind.AE, new ImageShape(28, 20), List.of(7, 5), 3,
                Activation.SOFTPLUS, DecoderKind.GAUSSIAN, 0.25, -17L);
        Model model = new Model(unusual, MlpNetwork.initialParams(unusual,
                org.nd4j.linalg.api.buffer.DataType.FLOAT), "frey", "some preprocessing", List.of(), null);
        Path file = dir.resolve("unusual.llab");
        ModelFile.save(model, file);
        Model loaded = ModelFile.load(file);
        assertEquals(unusual, loaded.config());
        assertEquals("frey", loaded.datasetName());
        assertEquals("some preprocessing", loaded.preprocessing());
        assertTrue(loaded.history().isEmpty());
        assertArrayEquals(floats(model.params()), floats(loaded.params()));
    }

    // ---------------------------------------------------------------------------------------------
    // Determinism and resumption
    // ---------------------------------------------------------------------------------------------

    @Test
    void theSameSeedsAndDataGiveIdenticalWeights() {
        Model a = trained(2);
        Model b = trained(2);
        assertArrayEquals(floats(a.params()), floats(b.params()));
        assertSameHistory(a.history(), b.history());
    }

    @Test
    void anotherTrainingSeedGivesOtherWeights() {
        Model a = trained(1);
        Model b = Model.initialise(config(), data);
        new Trainer(Runnable::run).start(b, data, new TrainConfig(1, 50, 3e-3, 1.5, 5L), TrainingListener.NONE)
                .outcome().join();
        assertFalse(Arrays.equals(floats(a.params()), floats(b.params())));
    }

    @Test
    void resumingFromASavedFileGivesExactlyTheWeightsOfAnUninterruptedRun() {
        Model uninterrupted = trained(3);

        Model first = trained(2);
        Path file = dir.resolve("resume.llab");
        ModelFile.save(first, file);
        Model resumed = train(ModelFile.load(file), 1);

        assertEquals(3, resumed.epochsTrained());
        assertEquals(uninterrupted.optimizerState().iteration(), resumed.optimizerState().iteration());
        assertArrayEquals(floats(uninterrupted.params()), floats(resumed.params()),
                "weights after 2 + 1 epochs differ from 3 uninterrupted epochs");
        assertArrayEquals(floats(uninterrupted.optimizerState().state()), floats(resumed.optimizerState().state()));
        assertSameHistory(uninterrupted.history(), resumed.history());
    }

    @Test
    void resumingInMemoryAlsoMatchesAnUninterruptedRun() {
        Model uninterrupted = trained(3);
        Model piecewise = train(train(trained(1), 1), 1);
        assertArrayEquals(floats(uninterrupted.params()), floats(piecewise.params()));
    }

    // ---------------------------------------------------------------------------------------------
    // Atomic saves
    // ---------------------------------------------------------------------------------------------

    @Test
    void aSaveThatFailsMidwayLeavesTheEarlierFileIntactAndNoPartialFile() throws IOException {
        Model old = trained(1);
        Path file = dir.resolve("keep.llab");
        ModelFile.save(old, file);
        byte[] before = Files.readAllBytes(file);

        Model newer = trained(2);
        // An interrupted thread makes the file channel close itself at its first write: the save
        // fails after the temporary file was created and while it is being written.
        Thread.currentThread().interrupt();
        ModelFileException e;
        try {
            e = assertThrows(ModelFileException.class, () -> ModelFile.save(newer, file));
        } finally {
            Thread.interrupted();
        }
        assertTrue(e.getMessage().contains("keep.llab"), e.getMessage());
        assertTrue(e.getMessage().contains("could not save"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), "the earlier file was changed");
        assertArrayEquals(floats(old.params()), floats(ModelFile.load(file).params()));
        assertEquals(List.of("keep.llab"), listing(dir));
    }

    @Test
    void aSaveIntoAnUnwritableFolderFailsAndLeavesTheEarlierFileIntact() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("ro"));
        Path file = sub.resolve("m.llab");
        Model old = trained(1);
        ModelFile.save(old, file);
        byte[] before = Files.readAllBytes(file);
        Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(sub), "this user can write to read-only folders (root)");
            ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.save(trained(2), file));
            assertTrue(e.getMessage().contains("m.llab"), e.getMessage());
            assertArrayEquals(before, Files.readAllBytes(file));
            assertEquals(List.of("m.llab"), listing(sub));
        } finally {
            Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aSaveOverAFolderFailsWithoutLeavingAPartialFile() throws IOException {
        Path target = Files.createDirectory(dir.resolve("taken.llab"));
        Files.writeString(target.resolve("something"), "x");
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.save(trained(1), target));
        assertTrue(e.getMessage().contains("taken.llab"), e.getMessage());
        assertEquals(List.of("taken.llab"), listing(dir));
    }

    @Test
    void savingOverAnExistingFileReplacesIt() throws IOException {
        Path file = dir.resolve("twice.llab");
        ModelFile.save(trained(1), file);
        Model second = trained(2);
        ModelFile.save(second, file);
        Model loaded = ModelFile.load(file);
        assertEquals(2, loaded.epochsTrained());
        assertArrayEquals(floats(second.params()), floats(loaded.params()));
        assertEquals(List.of("twice.llab"), listing(dir));
    }

    private static List<String> listing(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Damaged files
    // ---------------------------------------------------------------------------------------------

    private static ModelFileException loadFails(Path file, String phrase) {
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(file));
        assertTrue(e.getMessage().contains(file.getFileName().toString()), "message lacks the file name: " + e.getMessage());
        assertTrue(e.getMessage().contains(phrase), "message lacks '" + phrase + "': " + e.getMessage());
        return e;
    }

    @Test
    void aFileOfRandomBytesIsNotAModelFile() throws IOException {
        byte[] junk = new byte[5000];
        new Random(1).nextBytes(junk);
        Path file = dir.resolve("junk.llab");
        Files.write(file, junk);
        loadFails(file, "not a Latent Lab model file");
    }

    @Test
    void aFileCutInHalfIsReportedAsTruncated() throws IOException {
        Path file = dir.resolve("whole.llab");
        ModelFile.save(trained(1), file);
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.llab");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        loadFails(cut, "damaged or truncated");
    }

    @Test
    void aFileCutAtTheStartOfAnyEntryIsRejectedRatherThanLoadedWithPartsMissing() throws IOException {
        Path file = dir.resolve("entries.llab");
        ModelFile.save(trained(1), file);
        byte[] bytes = Files.readAllBytes(file);
        List<Integer> entryStarts = new java.util.ArrayList<>();
        for (int i = 1; i + 3 < bytes.length; i++) {
            if (bytes[i] == 'P' && bytes[i + 1] == 'K' && bytes[i + 2] == 3 && bytes[i + 3] == 4) {
                entryStarts.add(i);                                                 // a local file header
            }
        }
        assertEquals(2, entryStarts.size(), "expected the weights and the optimiser state after the manifest");
        for (int cutAt : entryStarts) {
            Path cut = dir.resolve("cut-at-" + cutAt + ".llab");
            Files.write(cut, Arrays.copyOf(bytes, cutAt));
            loadFails(cut, "missing");
        }
    }

    @Test
    void aFileWithAFlippedByteInItsWeightsIsReportedAsDamaged() throws IOException {
        Model model = trained(1);
        Path file = dir.resolve("flip.llab");
        ModelFile.save(model.withoutOptimizerState(), file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;                                           // inside params.f32's data
        Files.write(file, bytes);
        loadFails(file, "damaged");
    }

    @Test
    void aZipWithoutManifestIsNotAModelFile() throws IOException {
        Path file = dir.resolve("nomanifest.llab");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("params.f32", new byte[16]);
        writeZip(file, entries);
        loadFails(file, "manifest.json");
    }

    @Test
    void aManifestWhoseParameterCountDisagreesIsRejected() throws IOException {
        Path file = dir.resolve("good.llab");
        Model model = trained(1);
        ModelFile.save(model, file);
        Map<String, byte[]> entries = readZip(file);
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = (ObjectNode) json.readTree(entries.get("manifest.json"));
        long count = manifest.get("parameterCount").asLong();
        manifest.put("parameterCount", count + 1);
        entries.put("manifest.json", json.writeValueAsBytes(manifest));
        Path bad = dir.resolve("badcount.llab");
        writeZip(bad, entries);
        ModelFileException e = loadFails(bad, "weights");
        assertTrue(e.getMessage().contains(String.valueOf(count + 1)), "message should give the manifest's count: "
                + e.getMessage());
        assertTrue(e.getMessage().contains(String.valueOf(count)), e.getMessage());
    }

    @Test
    void weightsThatDoNotFitTheConfigurationAreRejected() throws IOException {
        Path file = dir.resolve("good.llab");
        ModelFile.save(trained(1), file);
        Map<String, byte[]> entries = readZip(file);
        entries.put("params.f32", Arrays.copyOf(entries.get("params.f32"), entries.get("params.f32").length - 4));
        Path bad = dir.resolve("short.llab");
        writeZip(bad, entries);
        ModelFileException e = loadFails(bad, "weights");
        assertTrue(e.getMessage().contains("VAE 784-32-2"), e.getMessage());
    }

    @Test
    void aFileFromANewerVersionIsRejected() throws IOException {
        Path file = dir.resolve("good.llab");
        ModelFile.save(trained(1), file);
        Map<String, byte[]> entries = readZip(file);
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = (ObjectNode) json.readTree(entries.get("manifest.json"));
        manifest.put("version", ModelFile.VERSION + 1);
        entries.put("manifest.json", json.writeValueAsBytes(manifest));
        Path bad = dir.resolve("future.llab");
        writeZip(bad, entries);
        loadFails(bad, "newer");
    }

    @Test
    void aMissingFileIsReportedAsMissing() {
        loadFails(dir.resolve("absent.llab"), "no such file");
    }

    private static Map<String, byte[]> readZip(Path file) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        }
        return entries;
    }

    private static void writeZip(Path file, Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        Files.write(file, bytes.toByteArray());
    }

    // ---------------------------------------------------------------------------------------------
    // Compatibility with data
    // ---------------------------------------------------------------------------------------------

    @Test
    void aDatasetOfAnotherShapeIsIncompatibleAndTheMessageNamesBothShapes() {
        Model model = Model.initialise(config(), data);
        ImageShape frey = ImageShape.FREY;
        Split tiny = new Split(new float[2 * frey.pixels()], new int[]{-1, -1}, frey);
        Dataset other = new Dataset("frey", frey, tiny, tiny, List.of(), "test");
        IncompatibleModelException e = assertThrows(IncompatibleModelException.class,
                () -> model.requireCompatible(other));
        assertTrue(e.getMessage().contains("28x28"), e.getMessage());
        assertTrue(e.getMessage().contains("28x20"), e.getMessage());
        assertTrue(e.getMessage().contains("frey"), e.getMessage());
    }

    @Test
    void aDatasetOfTheSameShapeIsCompatible() {
        Model model = Model.initialise(config(), data);
        model.requireCompatible(SyntheticFaces.dataset(10, 5, 1L));
    }
}

package latentlab.core.model;

import latentlab.core.data.ImageShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Finding the shipped models folder and the user's, and listing them from their manifests. */
class ModelCatalogTest {
    @TempDir
    Path dir;

    private static final String INDEX = """
            {"defaultModel": "b-model",
             "models": [
               {"file": "b-model.llab", "title": "Model B", "description": "The second letter."},
               {"file": "a-model.llab", "title": "Model A", "description": "The first letter."},
               {"file": "gone.llab", "title": "Gone", "description": "Listed but not there."}
             ]}
            """;

    private static Path save(Path file, int latent, String dataset) {
        ModelConfig config = ModelConfig.vae(ImageShape.MNIST, List.of(8), latent);
        ModelFile.save(new Model(config, MlpNetwork.initialParams(config, DataType.FLOAT), dataset, "test",
                List.of(new EpochRecord(1, 1.0, 100, 5, 110, 6, 0.5)), null), file);
        return file;
    }

    @Test
    void listsTheShippedModelsInIndexOrderThenTheUsersByNameAndPassesOverWhatCannotBeRead() throws IOException {
        Path shipped = Files.createDirectories(dir.resolve("models"));
        Files.writeString(shipped.resolve(ModelCatalog.INDEX), INDEX);
        save(shipped.resolve("a-model.llab"), 2, "mnist");
        save(shipped.resolve("b-model.llab"), 20, "fashion-mnist");
        Path user = Files.createDirectories(dir.resolve("user"));
        save(user.resolve("Zebra.llab"), 2, "folder:/pictures");
        save(user.resolve("mine.llab"), 3, "synthetic");
        Files.writeString(user.resolve("broken.llab"), "not a zip");
        Files.writeString(user.resolve("notes.txt"), "not a model");

        ModelCatalog.Listing listing = new ModelCatalog(Optional.of(shipped), user).list();

        assertEquals(List.of("b-model", "a-model", "mine", "Zebra"),
                listing.models().stream().map(ModelCatalog.Entry::id).toList());
        ModelCatalog.Entry b = listing.defaultModel().orElseThrow();
        assertEquals("b-model", b.id());
        assertEquals("Model B", b.title());
        assertEquals(ModelCatalog.Origin.SHIPPED, b.origin());
        assertEquals("fashion-mnist", b.dataset());
        assertEquals(20, b.latent());
        assertEquals(ImageShape.MNIST, b.shape());
        assertEquals(ModelKind.VAE, b.kind());
        assertEquals(1, b.epochs());
        assertEquals(-116, b.testElbo(), 1e-9);
        ModelCatalog.Entry mine = listing.find("mine").orElseThrow();
        assertEquals(ModelCatalog.Origin.USER, mine.origin());
        assertTrue(mine.description().contains("on synthetic"), mine.description());
        assertEquals(3, mine.load().config().latent());
        assertEquals(List.of(shipped.resolve("gone.llab"), user.resolve("broken.llab")),
                listing.unreadable().stream().map(ModelCatalog.Unreadable::file).toList());
    }

    @Test
    void theDefaultModelIsTheEntryTheListingGivesWhileAnotherModelIsBroken() throws IOException {
        Path shipped = Files.createDirectories(dir.resolve("models"));
        Files.writeString(shipped.resolve(ModelCatalog.INDEX), INDEX);
        save(shipped.resolve("b-model.llab"), 20, "fashion-mnist");
        Files.writeString(shipped.resolve("a-model.llab"), "not a zip");
        ModelCatalog catalog = new ModelCatalog(Optional.of(shipped), dir.resolve("user"));

        assertEquals(catalog.list().defaultModel(), catalog.defaultModel());
        assertEquals("Model B", catalog.defaultModel().orElseThrow().title());
    }

    @Test
    void whenTheIndexDefaultCannotBeReadTheDefaultIsTheFirstModelListed() throws IOException {
        Path shipped = Files.createDirectories(dir.resolve("models"));
        Files.writeString(shipped.resolve(ModelCatalog.INDEX), INDEX);
        Files.writeString(shipped.resolve("b-model.llab"), "not a zip");
        save(shipped.resolve("a-model.llab"), 2, "mnist");
        ModelCatalog catalog = new ModelCatalog(Optional.of(shipped), dir.resolve("user"));

        assertEquals("a-model", catalog.defaultModel().orElseThrow().id());
        assertEquals(catalog.list().defaultModel(), catalog.defaultModel());
    }

    @Test
    void anIndexEntryWithoutAFileIsPassedOverAndTheRestAreListed() throws IOException {
        Path shipped = Files.createDirectories(dir.resolve("models"));
        Files.writeString(shipped.resolve(ModelCatalog.INDEX), """
                {"defaultModel": "a-model",
                 "models": [{"title": "No file"}, {"file": "a-model.llab", "title": "Model A"}]}
                """);
        save(shipped.resolve("a-model.llab"), 2, "mnist");
        ModelCatalog catalog = new ModelCatalog(Optional.of(shipped), dir.resolve("user"));

        ModelCatalog.Listing listing = catalog.list();
        assertEquals(List.of("a-model"), listing.models().stream().map(ModelCatalog.Entry::id).toList());
        assertEquals(List.of(shipped.resolve(ModelCatalog.INDEX)),
                listing.unreadable().stream().map(ModelCatalog.Unreadable::file).toList());
        assertEquals("a-model", catalog.defaultModel().orElseThrow().id());
    }

    @Test
    void withoutAnIndexTheDefaultIsTheFirstModelByName() throws IOException {
        Path shipped = Files.createDirectories(dir.resolve("models"));
        save(shipped.resolve("b.llab"), 2, "mnist");
        save(shipped.resolve("a.llab"), 2, "mnist");

        assertEquals("a", new ModelCatalog(Optional.of(shipped), dir.resolve("user")).defaultModel().orElseThrow().id());
    }

    @Test
    void findsTheShippedFolderByPropertyThenBesideTheJarThenInTheWorkingDirectory() throws IOException {
        Path checkout = dir.resolve("checkout");
        Path models = Files.createDirectories(checkout.resolve("models"));
        Files.writeString(models.resolve(ModelCatalog.INDEX), INDEX);
        Path jar = Files.createDirectories(checkout.resolve("target")).resolve("latentlab.jar");
        Files.writeString(jar, "a jar");
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path property = Files.createDirectories(dir.resolve("property"));

        assertEquals(Optional.of(property), ModelCatalog.findShippedDir(property.toString(), jar, elsewhere));
        assertEquals(Optional.of(models), ModelCatalog.findShippedDir(null, jar, elsewhere));
        assertEquals(Optional.of(models), ModelCatalog.findShippedDir(null, checkout.resolve("target/classes"), elsewhere));
        assertEquals(Optional.of(models), ModelCatalog.findShippedDir(null, null, checkout));
        assertEquals(Optional.empty(), ModelCatalog.findShippedDir(null, null, elsewhere));
        Files.createDirectories(elsewhere.resolve("models"));
        assertEquals(Optional.empty(), ModelCatalog.findShippedDir(null, null, elsewhere),
                "a models folder without an index is not the shipped one");
    }

    @Test
    void theUsersModelsLiveBesideTheirDatasets() {
        Path home = Path.of("/home/ada");

        assertEquals(Path.of("/home/ada/.local/share/latentlab/models"),
                ModelCatalog.userModelsDir("Linux", name -> null, home));
        assertEquals(Path.of("/home/ada/Library/Application Support/LatentLab/models"),
                ModelCatalog.userModelsDir("Mac OS X", name -> null, home));
    }
}

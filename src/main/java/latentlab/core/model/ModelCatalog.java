package latentlab.core.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import latentlab.core.data.DataLocator;
import latentlab.core.data.ImageShape;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The models a person can open: those shipped with Latent Lab, trained by its own command line and kept
 * in its {@code models/} folder, and their own, saved in a per-user folder.
 *
 * <p>The shipped folder holds the model files and {@value #INDEX}, which gives each a title and a
 * description and names the model to open first. It is found, in this order, at
 * <ol>
 *   <li>the folder named by the system property {@value #MODELS_PROPERTY};</li>
 *   <li>{@code models/} beside the jar or class folder, or up to three folders above it (so that both
 *       {@code target/latentlab.jar} in a checkout and {@code lib/app/latentlab.jar} in an app image find it);</li>
 *   <li>{@code models/} in the working directory.</li>
 * </ol>
 * The last two must hold {@value #INDEX}. The user's folder sits beside the per-user data folder of
 * {@link DataLocator}: {@code ~/.local/share/latentlab/models} on Linux,
 * {@code ~/Library/Application Support/LatentLab/models} on macOS, {@code %APPDATA%\LatentLab\models} on Windows.
 */
public final class ModelCatalog {
    /** The system property that names the shipped models folder. */
    public static final String MODELS_PROPERTY = "latentlab.models";
    /** The index file of the shipped models folder. */
    public static final String INDEX = "catalog.json";
    private static final String FOLDER = "models";
    private static final int ANCESTORS_SEARCHED = 3;

    /**
     * Made at the first read of an index, not with the class: the window makes its catalogue on the FX
     * thread at start-up, and Jackson's classes should load on the thread that reads the index.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    private final Optional<Path> shippedDir;
    private final Path userDir;

    /** Where a model comes from. */
    public enum Origin {
        /** Shipped with Latent Lab. */
        SHIPPED,
        /** Saved by the user. */
        USER
    }

    /**
     * One model file, described from its manifest without loading its weights.
     *
     * @param id           a stable key: the file name without {@value ModelFile#EXTENSION}
     * @param title        a short name for a list, e.g. "MNIST digits, VAE, 2-D"
     * @param description  a sentence or two on what it is and what it shows
     * @param origin       shipped or the user's own
     * @param file         the model file
     * @param dataset      the catalogue name of the dataset it was trained on
     * @param shape        the image shape it takes
     * @param kind         AE or VAE
     * @param latent       the latent size
     * @param architecture its configuration in brief, e.g. "VAE 784-512-2 relu bernoulli"
     * @param epochs       epochs trained
     * @param testElbo     the test ELBO of its last epoch in nats per image (for an AE, minus the
     *                     reconstruction error); NaN when it was never evaluated
     */
    public record Entry(String id, String title, String description, Origin origin, Path file, String dataset,
                        ImageShape shape, ModelKind kind, int latent, String architecture, int epochs,
                        double testElbo) {
        /** Loads the model with its weights. */
        public Model load() {
            return ModelFile.load(file);
        }
    }

    /**
     * A file that looks like a model but cannot be listed.
     *
     * @param file   the file
     * @param reason why, in words
     */
    public record Unreadable(Path file, String reason) {
    }

    /**
     * The models found, shipped ones first in the order of the index, then the user's by name.
     *
     * @param models       every model that could be read
     * @param defaultId    the id of the model to open first, if any model is shipped
     * @param unreadable   files that were passed over, and why
     */
    public record Listing(List<Entry> models, Optional<String> defaultId, List<Unreadable> unreadable) {
        public Listing {
            models = List.copyOf(models);
            unreadable = List.copyOf(unreadable);
        }

        /** The model to open first: the index's default, else the first shipped model, else the first. */
        public Optional<Entry> defaultModel() {
            return defaultId.flatMap(this::find).or(() -> models.stream().findFirst());
        }

        /** A model by id, shipped ones before the user's. */
        public Optional<Entry> find(String id) {
            return models.stream().filter(m -> m.id().equals(id)).findFirst();
        }

        public List<Entry> shipped() {
            return models.stream().filter(m -> m.origin() == Origin.SHIPPED).toList();
        }

        public List<Entry> user() {
            return models.stream().filter(m -> m.origin() == Origin.USER).toList();
        }
    }

    /** What {@value #INDEX} holds. */
    record Index(String defaultModel, List<IndexEntry> models) {
    }

    /**
     * One shipped model in {@value #INDEX}; the training command and its measurements are recorded there
     * for people and for the test that checks the shipped models.
     */
    record IndexEntry(String file, String title, String description, String command, Double trainSeconds) {
    }

    /**
     * @param shippedDir the shipped models folder, if there is one
     * @param userDir    the user's models folder (it need not exist yet)
     */
    public ModelCatalog(Optional<Path> shippedDir, Path userDir) {
        this.shippedDir = shippedDir;
        this.userDir = userDir;
    }

    /** The catalogue for this process: the shipped folder found as the class description says, and this user's. */
    public static ModelCatalog forThisUser() {
        Path home = Path.of(System.getProperty("user.home", "."));
        return new ModelCatalog(
                findShippedDir(System.getProperty(MODELS_PROPERTY), codeLocation(), Path.of("").toAbsolutePath()),
                userModelsDir(System.getProperty("os.name", ""), System::getenv, home));
    }

    /**
     * The shipped models folder.
     *
     * @param property     the value of {@value #MODELS_PROPERTY}, or null
     * @param codeLocation the jar or class folder Latent Lab runs from, or null when unknown
     * @param workingDir   the working directory
     */
    public static Optional<Path> findShippedDir(String property, Path codeLocation, Path workingDir) {
        if (property != null && !property.isBlank() && Files.isDirectory(Path.of(property))) {
            return Optional.of(Path.of(property));
        }
        if (codeLocation != null) {
            Path dir = Files.isRegularFile(codeLocation) ? codeLocation.getParent() : codeLocation;
            for (int up = 0; dir != null && up <= ANCESTORS_SEARCHED; up++, dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve(FOLDER).resolve(INDEX))) {
                    return Optional.of(dir.resolve(FOLDER));
                }
            }
        }
        Path local = workingDir.resolve(FOLDER);
        return Files.isRegularFile(local.resolve(INDEX)) ? Optional.of(local) : Optional.empty();
    }

    /** The per-user models folder for the operating system, beside {@link DataLocator#userDataDir}. */
    public static Path userModelsDir(String osName, Function<String, String> env, Path home) {
        return DataLocator.userDataDir(osName, env, home).resolveSibling(FOLDER);
    }

    public Optional<Path> shippedDir() {
        return shippedDir;
    }

    /** The user's models folder, where the app saves models; it may not exist yet. */
    public Path userDir() {
        return userDir;
    }

    /** Every model that can be listed. Reads only the manifests, so it is quick. */
    public Listing list() {
        List<Entry> models = new ArrayList<>();
        List<Unreadable> unreadable = new ArrayList<>();
        Optional<String> defaultId = Optional.empty();
        if (shippedDir.isPresent()) {
            defaultId = listShipped(shippedDir.get(), models, unreadable);
        }
        for (Path file : modelFiles(userDir)) {
            read(file, null, Origin.USER, models, unreadable);
        }
        return new Listing(models, defaultId, unreadable);
    }

    /**
     * The model to open first, the same as {@code list().defaultModel()}, read more cheaply when the
     * index names a default that can be read: then only the index and that model's manifest are read,
     * not every manifest with its training history. The window opens it at start-up, while it is being
     * built on the other core.
     */
    public Optional<Entry> defaultModel() {
        if (shippedDir.isPresent() && Files.isRegularFile(shippedDir.get().resolve(INDEX))) {
            Path dir = shippedDir.get();
            try {
                Index index = Json.MAPPER.readValue(dir.resolve(INDEX).toFile(), Index.class);
                for (IndexEntry entry : index.models() == null ? List.<IndexEntry>of() : index.models()) {
                    Path file = entry == null || entry.file() == null ? null : dir.resolve(entry.file());
                    if (file != null && idOf(file).equals(index.defaultModel())) {
                        List<Entry> found = new ArrayList<>();
                        read(file, entry, Origin.SHIPPED, found, new ArrayList<>());
                        if (!found.isEmpty()) {
                            return Optional.of(found.getFirst());
                        }
                        break;
                    }
                }
            } catch (IOException e) {
                // list() reports the unreadable index; its default is then the first model it finds
            }
        }
        return list().defaultModel();
    }

    /** Lists the shipped folder as its index says, or every model file in it when it has none. */
    private static Optional<String> listShipped(Path dir, List<Entry> models, List<Unreadable> unreadable) {
        Path indexFile = dir.resolve(INDEX);
        if (!Files.isRegularFile(indexFile)) {
            for (Path file : modelFiles(dir)) {
                read(file, null, Origin.SHIPPED, models, unreadable);
            }
            return Optional.empty();
        }
        Index index;
        try {
            index = Json.MAPPER.readValue(indexFile.toFile(), Index.class);
        } catch (IOException e) {
            unreadable.add(new Unreadable(indexFile, "the index of the shipped models cannot be read: "
                    + e.getMessage()));
            return Optional.empty();
        }
        for (IndexEntry entry : index.models() == null ? List.<IndexEntry>of() : index.models()) {
            if (entry == null || entry.file() == null) {
                unreadable.add(new Unreadable(indexFile, "an entry of the index of the shipped models names no file"));
            } else {
                read(dir.resolve(entry.file()), entry, Origin.SHIPPED, models, unreadable);
            }
        }
        return Optional.ofNullable(index.defaultModel());
    }

    private static void read(Path file, IndexEntry described, Origin origin, List<Entry> models,
                             List<Unreadable> unreadable) {
        try {
            ModelFile.Manifest m = ModelFile.readManifest(file);
            List<EpochRecord> history = m.history() == null ? List.of() : m.history();
            ModelConfig c = m.config();
            String id = idOf(file);
            String title = described != null && described.title() != null ? described.title() : id;
            String description = described != null && described.description() != null ? described.description()
                    : c.describe() + ", trained for " + (history.isEmpty() ? 0 : history.getLast().epoch())
                      + " epochs on " + m.dataset();
            models.add(new Entry(id, title, description, origin, file, m.dataset(), c.shape(), c.kind(), c.latent(),
                    c.describe(), history.isEmpty() ? 0 : history.getLast().epoch(),
                    history.isEmpty() ? Double.NaN : history.getLast().testElbo()));
        } catch (ModelFileException e) {
            unreadable.add(new Unreadable(file, e.getMessage()));
        }
    }

    /** The model files in a folder, by name; none when the folder does not exist. */
    private static List<Path> modelFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(ModelFile.EXTENSION)
                            && !f.getFileName().toString().startsWith(".") && Files.isRegularFile(f))
                    .sorted(Comparator.comparing(f -> f.getFileName().toString().toLowerCase(Locale.ROOT)))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String idOf(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(ModelFile.EXTENSION)
                ? name.substring(0, name.length() - ModelFile.EXTENSION.length()) : name;
    }

    /** The jar or class folder this class was loaded from, or null when that cannot be told. */
    private static Path codeLocation() {
        try {
            var source = ModelCatalog.class.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return null;
        }
    }
}

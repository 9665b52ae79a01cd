package latentlab.core.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the downloaded datasets live. A data folder holds one subfolder per dataset, laid out as
 * {@code mnist/}, {@code fashion-mnist/} and {@code frey/} with the files as published. The data folders
 * are searched in this order, and the first that holds all the files of a dataset is used:
 * <ol>
 *   <li>the folder given with {@code --data-dir DIR};</li>
 *   <li>the folder named by the environment variable {@code LATENTLAB_DATA};</li>
 *   <li>the per-user data folder: on Linux {@code $XDG_DATA_HOME/latentlab/datasets} (or
 *       {@code ~/.local/share/latentlab/datasets} when XDG_DATA_HOME is unset), on macOS
 *       {@code ~/Library/Application Support/LatentLab/datasets}, on Windows
 *       {@code %APPDATA%\LatentLab\datasets}.</li>
 * </ol>
 */
public final class DataLocator {
    /** The environment variable that names a data folder. */
    public static final String ENV_VAR = "LATENTLAB_DATA";
    /** The command-line option that names a data folder. */
    public static final String DATA_DIR_OPTION = "--data-dir";

    private final List<Place> places;
    private final Path userDataDir;

    /**
     * A data folder to search and why it is searched.
     *
     * @param dir    the data folder
     * @param origin where it came from, for messages: "--data-dir", "LATENTLAB_DATA" or "per-user data folder"
     */
    public record Place(Path dir, String origin) {
    }

    /**
     * A locator with everything it depends on given, for tests.
     *
     * @param dataDir the {@code --data-dir} folder, if one was given
     * @param env     looks up an environment variable, null when unset
     * @param osName  the value of the {@code os.name} system property
     * @param home    the user's home folder
     */
    public DataLocator(Optional<Path> dataDir, Function<String, String> env, String osName, Path home) {
        List<Place> list = new ArrayList<>();
        dataDir.ifPresent(dir -> list.add(new Place(dir, DATA_DIR_OPTION)));
        nonBlank(env.apply(ENV_VAR)).ifPresent(dir -> list.add(new Place(Path.of(dir), ENV_VAR)));
        this.userDataDir = userDataDir(osName, env, home);
        list.add(new Place(userDataDir, "per-user data folder"));
        this.places = List.copyOf(list);
    }

    /** The locator for this process: its environment, operating system and home folder. */
    public static DataLocator forThisUser(Optional<Path> dataDir) {
        return new DataLocator(dataDir, System::getenv, System.getProperty("os.name", ""),
                Path.of(System.getProperty("user.home", ".")));
    }

    /** The per-user data folder for the operating system (see the class description). */
    public static Path userDataDir(String osName, Function<String, String> env, Path home) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            Path appData = nonBlank(env.apply("APPDATA")).map(Path::of)
                    .orElse(home.resolve("AppData").resolve("Roaming"));
            return appData.resolve("LatentLab").resolve("datasets");
        }
        if (os.startsWith("mac")) {
            return home.resolve("Library").resolve("Application Support").resolve("LatentLab").resolve("datasets");
        }
        Path dataHome = nonBlank(env.apply("XDG_DATA_HOME")).map(Path::of).filter(Path::isAbsolute)
                .orElse(home.resolve(".local").resolve("share"));
        return dataHome.resolve("latentlab").resolve("datasets");
    }

    /** This locator's per-user data folder, searched last; downloads go there. */
    public Path userDataDir() {
        return userDataDir;
    }

    /** The data folders in the order they are searched. */
    public List<Place> places() {
        return places;
    }

    /** The first {@code <data folder>/<folder>} that holds all of {@code files}, if any. */
    public Optional<Path> find(String folder, List<String> files) {
        return places.stream().map(place -> place.dir().resolve(folder))
                .filter(dir -> files.stream().allMatch(file -> Files.isRegularFile(dir.resolve(file))))
                .findFirst();
    }

    /**
     * The first {@code <data folder>/<folder>} that holds all of {@code files}.
     *
     * @param dataset    the dataset's name, for the message
     * @param folder     the dataset's subfolder in a data folder, e.g. "mnist"
     * @param files      the files it needs
     * @param whereToGet a sentence saying where the files can be downloaded
     * @throws DatasetException listing every folder searched with what was missing there, and how to
     *                          provide the data
     */
    public Path require(String dataset, String folder, List<String> files, String whereToGet) {
        Optional<Path> found = find(folder, files);
        if (found.isPresent()) {
            return found.get();
        }
        StringBuilder sb = new StringBuilder("Dataset \"" + dataset + "\" not found. Looked for "
                + String.join(", ", files) + " in:");
        for (Place place : places) {
            Path dir = place.dir().resolve(folder);
            sb.append("\n  ").append(dir).append(" (").append(place.origin()).append("): ");
            if (!Files.isDirectory(dir)) {
                sb.append("no such folder");
            } else {
                sb.append("missing ").append(String.join(", ",
                        files.stream().filter(file -> !Files.isRegularFile(dir.resolve(file))).toList()));
            }
        }
        sb.append("\nTo use it, put the files ").append(String.join(", ", files))
                .append(" in a folder named \"").append(folder).append("\" inside one of the data folders above (")
                .append(String.join(", ", places.stream().map(p -> p.dir().toString()).toList()))
                .append("), or pass ").append(DATA_DIR_OPTION).append(" DIR, or set the environment variable ")
                .append(ENV_VAR).append("=DIR, where DIR/").append(folder).append("/ holds them. ")
                .append(whereToGet);
        throw new DatasetException(sb.toString());
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }
}

package latentlab.core.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The datasets Latent Lab knows by name, and how to load each:
 * <ul>
 *   <li>{@code synthetic}: generated cartoon faces, always available ({@link SyntheticFaces});</li>
 *   <li>{@code mnist} and {@code fashion-mnist}: the four published IDX files in {@code mnist/} or
 *       {@code fashion-mnist/} of a data folder ({@link IdxReader});</li>
 *   <li>{@code frey}: {@code frey/frey_rawface.mat} ({@link FreyFaceReader});</li>
 *   <li>{@code folder:PATH}: the user's own images in PATH, prepared as 28x28 ({@link ImageFolderReader}).</li>
 * </ul>
 * Data folders are searched as {@link DataLocator} describes.
 */
public final class DatasetCatalog {
    /** The generated dataset. */
    public static final String SYNTHETIC = SyntheticFaces.NAME;
    /** Handwritten digits. */
    public static final String MNIST = "mnist";
    /** Zalando article images. */
    public static final String FASHION_MNIST = "fashion-mnist";
    /** Brendan Frey's face. */
    public static final String FREY = "frey";
    /** Prefix of a folder of the user's images, followed by its path. */
    public static final String FOLDER_PREFIX = ImageFolderReader.NAME_PREFIX;

    /** The files of an IDX dataset, in the order train images, train labels, test images, test labels. */
    public static final List<String> IDX_FILES = List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
    /** The file of the Frey Face dataset. */
    public static final String FREY_FILE = "frey_rawface.mat";

    /** MNIST's class names, the digits. */
    public static final List<String> MNIST_CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    /** Fashion-MNIST's class names, labels 0..9. */
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover",
            "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private static final String MNIST_SOURCE = "They are published at http://yann.lecun.com/exdb/mnist/"
            + " (keep the .gz files as they are).";
    private static final String FASHION_MNIST_SOURCE = "They are published at"
            + " https://github.com/zalandoresearch/fashion-mnist (data/fashion/; keep the .gz files as they are).";
    private static final String FREY_SOURCE = "It is published at https://cs.nyu.edu/~roweis/data.html.";

    private DatasetCatalog() {
    }

    /** The names of the built-in and downloadable datasets; a folder is named {@code folder:PATH}. */
    public static List<String> names() {
        return List.of(SYNTHETIC, MNIST, FASHION_MNIST, FREY);
    }

    /** The display names of a catalogue dataset's labels; empty for unlabelled or unknown data. */
    public static List<String> classNames(String name) {
        return switch (name) {
            case MNIST -> MNIST_CLASSES;
            case FASHION_MNIST -> FASHION_MNIST_CLASSES;
            default -> List.of();
        };
    }

    /**
     * Whether the dataset can be loaded without a download: always for {@code synthetic}, when the
     * folder exists for {@code folder:PATH}, and when some data folder holds all its files otherwise.
     * False for an unknown name.
     */
    public static boolean present(String name, DataLocator locator) {
        String key = normalise(name);
        if (key.startsWith(FOLDER_PREFIX)) {
            return Files.isDirectory(folderOf(name));
        }
        return switch (key) {
            case SYNTHETIC -> true;
            case MNIST, FASHION_MNIST -> locator.find(key, IDX_FILES).isPresent();
            case FREY -> locator.find(FREY, List.of(FREY_FILE)).isPresent();
            default -> false;
        };
    }

    /**
     * Loads a dataset by name.
     *
     * @throws DatasetException for an unknown name (listing the valid ones), a dataset whose files are in
     *                          none of the data folders (listing every place searched and how to get
     *                          them), or a malformed file
     */
    public static Dataset load(String name, DataLocator locator) {
        String key = normalise(name);
        if (key.startsWith(FOLDER_PREFIX)) {
            return ImageFolderReader.read(folderOf(name), ImageShape.MNIST).dataset();
        }
        return switch (key) {
            case SYNTHETIC -> SyntheticFaces.dataset();
            case MNIST -> loadIdx(MNIST, MNIST_CLASSES, MNIST_SOURCE, locator);
            case FASHION_MNIST -> loadIdx(FASHION_MNIST, FASHION_MNIST_CLASSES, FASHION_MNIST_SOURCE, locator);
            case FREY -> loadFrey(locator);
            default -> throw new DatasetException("Unknown dataset \"" + name + "\". Valid names: "
                    + String.join(", ", names()) + ", or " + FOLDER_PREFIX + "PATH for a folder of your own images.");
        };
    }

    /** Loads the train and test files of an IDX dataset, the two splits in parallel. */
    private static Dataset loadIdx(String name, List<String> classNames, String source, DataLocator locator) {
        Path dir = locator.require(name, name, IDX_FILES, source);
        CompletableFuture<Split> test = CompletableFuture.supplyAsync(
                () -> IdxReader.read(dir.resolve(IDX_FILES.get(2)), dir.resolve(IDX_FILES.get(3))));
        Split train = IdxReader.read(dir.resolve(IDX_FILES.get(0)), dir.resolve(IDX_FILES.get(1)));
        Split testSplit;
        try {
            testSplit = test.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        return new Dataset(name, train.shape(), train, testSplit, classNames, IdxReader.PREPROCESSING);
    }

    private static Dataset loadFrey(DataLocator locator) {
        Path dir = locator.require(FREY, FREY, List.of(FREY_FILE), FREY_SOURCE);
        TrainTestSplit split = FreyFaceReader.read(dir.resolve(FREY_FILE));
        return new Dataset(FREY, ImageShape.FREY, split.train(), split.test(), List.of(),
                FreyFaceReader.PREPROCESSING);
    }

    private static String normalise(String name) {
        String trimmed = name.strip();
        return trimmed.regionMatches(true, 0, FOLDER_PREFIX, 0, FOLDER_PREFIX.length())
                ? FOLDER_PREFIX + trimmed.substring(FOLDER_PREFIX.length())
                : trimmed.toLowerCase(Locale.ROOT);
    }

    private static Path folderOf(String name) {
        return Path.of(name.strip().substring(FOLDER_PREFIX.length()));
    }
}

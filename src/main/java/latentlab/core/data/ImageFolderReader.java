package latentlab.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a folder of the user's own images into a dataset, each image prepared by
 * {@link ImagePreprocessor}. Two layouts are understood:
 * <ul>
 *   <li>a folder of image files: the images are unlabelled;</li>
 *   <li>a folder of subfolders: each subfolder is a class, named after the subfolder, and holds the
 *       images of that class. Classes are sorted by name; a subfolder without any usable image is not a
 *       class. Files lying next to the subfolders, and folders nested deeper, are skipped.</li>
 * </ul>
 * Hidden entries (names starting with a dot) are ignored. Files that cannot be decoded are skipped and
 * reported, not fatal. A tenth of the images (at least one) is held out for testing by a seeded shuffle.
 */
public final class ImageFolderReader {
    /** Fraction of the images held out for testing (at least one image). */
    public static final double TEST_FRACTION = 0.1;
    /** Seed of the shuffle that splits train from test, unless another is given. */
    public static final long DEFAULT_SEED = 1L;
    /** Prefix of the dataset name; the folder path follows it. */
    public static final String NAME_PREFIX = "folder:";

    private static final int MIN_IMAGES = 2;

    private ImageFolderReader() {
    }

    /**
     * A file that was not used, and why.
     *
     * @param path   the file
     * @param reason a short explanation, e.g. the decoding error
     */
    public record SkippedFile(Path path, String reason) {
    }

    /**
     * The dataset read from a folder and the files that were left out.
     *
     * @param dataset the dataset, named {@code "folder:" + folder}
     * @param skipped the files that could not be used, in the order they were met
     */
    public record Result(Dataset dataset, List<SkippedFile> skipped) {
        /** Keeps an unmodifiable copy of the skipped list. */
        public Result {
            skipped = List.copyOf(skipped);
        }
    }

    /** {@link #read(Path, ImageShape, long)} with {@link #DEFAULT_SEED}. */
    public static Result read(Path folder, ImageShape shape) {
        return read(folder, shape, DEFAULT_SEED);
    }

    /**
     * Reads and preprocesses every image in the folder (see the class description for the layout).
     *
     * @throws DatasetException naming the folder when it does not exist or holds fewer than two usable
     *                          images; the message lists what was skipped
     */
    public static Result read(Path folder, ImageShape shape, long seed) {
        if (!Files.isDirectory(folder)) {
            throw DatasetException.badFile(folder, Files.exists(folder) ? "not a folder" : "folder not found");
        }
        List<SkippedFile> skipped = new ArrayList<>();
        List<Path> entries = visibleEntries(folder);
        List<Path> subfolders = entries.stream().filter(Files::isDirectory).toList();
        List<String> classNames = new ArrayList<>();
        List<Decoded> images = new ArrayList<>();
        if (subfolders.isEmpty()) {
            images.addAll(decodeAll(entries, -1, shape, skipped));
        } else {
            for (Path file : entries) {
                if (!Files.isDirectory(file)) {
                    skipped.add(new SkippedFile(file, "lies next to the class subfolders, so it has no class"));
                }
            }
            for (Path subfolder : subfolders) {
                List<Path> files = visibleEntries(subfolder);
                List<Decoded> decoded = decodeAll(files, classNames.size(), shape, skipped);
                if (!decoded.isEmpty()) {
                    classNames.add(subfolder.getFileName().toString());
                    images.addAll(decoded);
                }
            }
        }
        if (images.size() < MIN_IMAGES) {
            throw DatasetException.badFile(folder, (images.isEmpty() ? "no usable image" : "only one usable image")
                    + " found; a dataset needs at least " + MIN_IMAGES + " images that ImageIO can decode ("
                    + ImagePreprocessor.FORMATS + ")" + (subfolders.isEmpty() ? "" : " in its subfolders")
                    + describeSkipped(skipped));
        }
        int d = shape.pixels();
        float[] pixels = new float[images.size() * d];
        int[] labels = new int[images.size()];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i).pixels(), 0, pixels, i * d, d);
            labels[i] = images.get(i).label();
        }
        int testCount = Math.max(1, (int) Math.round(images.size() * TEST_FRACTION));
        TrainTestSplit split = TrainTestSplit.shuffled(new Split(pixels, labels, shape), testCount, seed);
        Dataset dataset = new Dataset(NAME_PREFIX + folder, shape, split.train(), split.test(), classNames,
                ImagePreprocessor.description(shape));
        return new Result(dataset, skipped);
    }

    private record Decoded(float[] pixels, int label) {
    }

    /** The preprocessed image of a file, or null pixels and the reason it could not be used. */
    private record Outcome(Path file, float[] pixels, String failure) {
    }

    /** Decodes the files in parallel, keeping their order; failures go to {@code skipped}. */
    private static List<Decoded> decodeAll(List<Path> files, int label, ImageShape shape, List<SkippedFile> skipped) {
        List<Outcome> outcomes = files.parallelStream().map(file -> decode(file, shape)).toList();
        List<Decoded> decoded = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            if (outcome.pixels() != null) {
                decoded.add(new Decoded(outcome.pixels(), label));
            } else {
                skipped.add(new SkippedFile(outcome.file(), outcome.failure()));
            }
        }
        return decoded;
    }

    private static Outcome decode(Path file, ImageShape shape) {
        if (Files.isDirectory(file)) {
            return new Outcome(file, null, "a folder nested more than one level deep; it is not read");
        }
        try {
            return new Outcome(file, ImagePreprocessor.load(file, shape), null);
        } catch (DatasetException e) {
            String prefix = file + ": ";
            String message = e.getMessage();
            return new Outcome(file, null, message.startsWith(prefix) ? message.substring(prefix.length()) : message);
        }
    }

    private static List<Path> visibleEntries(Path folder) {
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw DatasetException.badFile(folder, "cannot list the folder: " + e, e);
        }
    }

    private static String describeSkipped(List<SkippedFile> skipped) {
        if (skipped.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("; skipped:");
        for (SkippedFile file : skipped) {
            sb.append("\n  ").append(file.path().getFileName()).append(": ").append(file.reason());
        }
        return sb.toString();
    }
}

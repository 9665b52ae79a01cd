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

    /**
     * One usable image of a folder.
     *
     * @param file   the image file
     * @param label  its class, an index into {@link Images#classNames()}, or -1 in a folder without subfolders
     * @param pixels the image as a model sees it: {@code shape.pixels()} values in [0, 1], row-major
     */
    public record Image(Path file, int label, float[] pixels) {
    }

    /**
     * The usable images of a folder in the order they were read, its classes, and the files left out.
     *
     * @param images     the images, class by class in name order, each class's files in name order
     * @param classNames the class subfolders that hold a usable image, sorted; empty for a flat folder
     * @param skipped    the files that could not be used and why, in the order they were met
     */
    public record Images(List<Image> images, List<String> classNames, List<SkippedFile> skipped) {
        /** Keeps unmodifiable copies. */
        public Images {
            images = List.copyOf(images);
            classNames = List.copyOf(classNames);
            skipped = List.copyOf(skipped);
        }

        /** All the images one after another, {@code size() * D} values. */
        public float[] pixels() {
            int d = images.isEmpty() ? 0 : images.getFirst().pixels().length;
            float[] all = new float[images.size() * d];
            for (int i = 0; i < images.size(); i++) {
                System.arraycopy(images.get(i).pixels(), 0, all, i * d, d);
            }
            return all;
        }

        /** The number of images. */
        public int size() {
            return images.size();
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
        Images read = readImages(folder, shape, Integer.MAX_VALUE);
        if (read.size() < MIN_IMAGES) {
            throw DatasetException.badFile(folder, "only one usable image found; a dataset needs at least "
                    + MIN_IMAGES + " images that ImageIO can decode (" + ImagePreprocessor.FORMATS + ")"
                    + describeSkipped(read.skipped()));
        }
        int[] labels = read.images().stream().mapToInt(Image::label).toArray();
        int testCount = Math.max(1, (int) Math.round(read.size() * TEST_FRACTION));
        TrainTestSplit split = TrainTestSplit.shuffled(new Split(read.pixels(), labels, shape), testCount, seed);
        Dataset dataset = new Dataset(NAME_PREFIX + folder, shape, split.train(), split.test(), read.classNames(),
                ImagePreprocessor.description(shape));
        return new Result(dataset, read.skipped());
    }

    /**
     * Reads and preprocesses the images of a folder, keeping each one's file: for encoding the user's
     * images, and, with a small limit, for a preview of what a model will see. The layout is that of
     * the class description.
     *
     * @param maxImages read at most this many image files, spread evenly over the class subfolders (the
     *                  first of each in name order); {@code Integer.MAX_VALUE} for all
     * @throws DatasetException naming the folder when it does not exist or holds no usable image; the
     *                          message lists what was skipped
     */
    public static Images readImages(Path folder, ImageShape shape, int maxImages) {
        if (maxImages < 1) {
            throw new IllegalArgumentException("at least one image must be read, found a limit of " + maxImages);
        }
        if (!Files.isDirectory(folder)) {
            throw DatasetException.badFile(folder, Files.exists(folder) ? "not a folder" : "folder not found");
        }
        List<SkippedFile> skipped = new ArrayList<>();
        List<Path> entries = visibleEntries(folder);
        List<Path> subfolders = entries.stream().filter(Files::isDirectory).toList();
        List<String> classNames = new ArrayList<>();
        List<Image> images = new ArrayList<>();
        if (subfolders.isEmpty()) {
            images.addAll(decodeAll(limit(entries, maxImages), -1, shape, skipped));
        } else {
            for (Path file : entries) {
                if (!Files.isDirectory(file)) {
                    skipped.add(new SkippedFile(file, "lies next to the class subfolders, so it has no class"));
                }
            }
            int perClass = Math.max(1, Math.ceilDiv(maxImages, subfolders.size()));
            for (Path subfolder : subfolders) {
                List<Path> files = limit(visibleEntries(subfolder), perClass);
                List<Image> decoded = decodeAll(files, classNames.size(), shape, skipped);
                if (!decoded.isEmpty()) {
                    classNames.add(subfolder.getFileName().toString());
                    images.addAll(decoded);
                }
            }
        }
        if (images.isEmpty()) {
            throw DatasetException.badFile(folder, "no usable image found" + (subfolders.isEmpty() ? ""
                    : " in its class subfolders") + "; it needs images that ImageIO can decode ("
                    + ImagePreprocessor.FORMATS + ")" + describeSkipped(skipped));
        }
        return new Images(images, classNames, skipped);
    }

    private static List<Path> limit(List<Path> files, int max) {
        return files.size() <= max ? files : files.subList(0, max);
    }

    /** The preprocessed image of a file, or null pixels and the reason it could not be used. */
    private record Outcome(Path file, float[] pixels, String failure) {
    }

    /** Decodes the files in parallel, keeping their order; failures go to {@code skipped}. */
    private static List<Image> decodeAll(List<Path> files, int label, ImageShape shape, List<SkippedFile> skipped) {
        List<Outcome> outcomes = files.parallelStream().map(file -> decode(file, shape)).toList();
        List<Image> decoded = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            if (outcome.pixels() != null) {
                decoded.add(new Image(outcome.file(), label, outcome.pixels()));
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

package latentlab.app;

import latentlab.core.data.DataLocator;
import latentlab.core.data.DatasetCatalog;
import latentlab.core.model.ModelFile;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The app's command line: {@code latentlab [app] [MODEL.llab] [--model FILE] [--dataset NAME]
 * [--data-dir DIR] [--subset N] [--presenter] [--startup-report]}. With neither a model nor a dataset
 * the window opens on the default shipped model (the MNIST 2-D VAE).
 *
 * @param model         a model file to open at start
 * @param dataset       the dataset to open at start with a new model, when no model is given
 * @param dataDir       the data folder searched first
 * @param subset        at most this many training images (and a fifth as many test images); 0 for all
 * @param presenter     start in presenter mode
 * @param startupReport print {@code window_ready_ms=...} (milliseconds from the process's start until the
 *                      window shows its first model with the manifold drawn) and
 *                      {@code window_ready_epoch_ms=...} (the clock time then) and quit: for measuring
 *                      start-up time, from a jar or from the app image
 */
public record AppOptions(Optional<Path> model, Optional<String> dataset, Optional<Path> dataDir, int subset,
                         boolean presenter, boolean startupReport) {
    /** The word that selects the app explicitly. */
    public static final String APP_COMMAND = "app";
    /** Options the app understands, for recognising an app command line. */
    private static final List<String> OPTIONS = List.of("--model", "--dataset", DataLocator.DATA_DIR_OPTION, "--subset",
            "--presenter", "--startup-report");
    static final String USAGE = "usage: latentlab [app] [MODEL" + ModelFile.EXTENSION + "] [--model FILE] [--dataset NAME]"
            + " [--data-dir DIR] [--subset N] [--presenter] [--startup-report]";

    public AppOptions {
        if (subset < 0) {
            throw new IllegalArgumentException("--subset takes a number of at least 0, found " + subset);
        }
    }

    /** A new model on the synthetic dataset, the default data folders: what the tests open. */
    public static AppOptions defaults() {
        return new AppOptions(Optional.empty(), Optional.of(DatasetCatalog.SYNTHETIC), Optional.empty(), 0, false,
                false);
    }

    /** Whether the window opens on the default shipped model: neither a model nor a dataset was asked for. */
    public boolean opensDefaultModel() {
        return model.isEmpty() && dataset.isEmpty();
    }

    /** Whether a command line asks for the app rather than a CLI command. */
    public static boolean isAppCommandLine(String[] args) {
        return args.length == 0 || args[0].equals(APP_COMMAND) || args[0].endsWith(ModelFile.EXTENSION)
                || OPTIONS.contains(args[0]);
    }

    /**
     * Parses the app's command line.
     *
     * @throws IllegalArgumentException naming the option that is wrong, with the usage
     */
    public static AppOptions parse(List<String> args) {
        Optional<Path> model = Optional.empty();
        Optional<String> dataset = Optional.empty();
        Optional<Path> dataDir = Optional.empty();
        int subset = 0;
        boolean presenter = false;
        boolean startupReport = false;
        int start = !args.isEmpty() && args.get(0).equals(APP_COMMAND) ? 1 : 0;
        for (int i = start; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--model" -> model = Optional.of(Path.of(value(args, ++i, a)));
                case "--dataset" -> dataset = Optional.of(value(args, ++i, a));
                case "--data-dir" -> dataDir = Optional.of(Path.of(value(args, ++i, a)));
                case "--subset" -> subset = number(value(args, ++i, a), a);
                case "--presenter" -> presenter = true;
                case "--startup-report" -> startupReport = true;
                default -> {
                    if (a.startsWith("--") || model.isPresent()) {
                        throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
                    }
                    model = Optional.of(Path.of(a));
                }
            }
        }
        return new AppOptions(model, dataset, dataDir, subset, presenter, startupReport);
    }

    /** The datasets these options ask for: the catalogue over the data folders, cut to the subset. */
    public DatasetSource datasetSource() {
        DatasetSource catalog = DatasetSource.catalog(DataLocator.forThisUser(dataDir));
        return subset > 0 ? catalog.limitedTo(subset, Math.max(1, subset / 5)) : catalog;
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException("option " + option + " needs a value\n" + USAGE);
        }
        return args.get(i);
    }

    private static int number(String text, String option) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + option + " takes a whole number, found '" + text + "'", e);
        }
    }
}

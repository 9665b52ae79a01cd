package latentlab.app;

import latentlab.app.common.FileDialogs;
import latentlab.app.common.Threads;
import latentlab.core.data.DataLocator;
import latentlab.core.data.download.DatasetManager;
import latentlab.core.model.ModelCatalog;

import java.util.Objects;
import java.util.Optional;

/**
 * What the window is built from: where work runs, where datasets come from, how files are chosen
 * (native dialogs when empty), and the command-line options.
 *
 * @param threads  background threads and the FX thread
 * @param datasets datasets by name
 * @param dialogs  file choosers; empty for the platform's own
 * @param options  the command line
 * @param models   the shipped models and the user's own, for the picker and the default model
 * @param downloads the dataset manager's downloads and checks
 */
public record AppContext(Threads threads, DatasetSource datasets, Optional<FileDialogs> dialogs, AppOptions options,
                         ModelCatalog models, DatasetManager downloads) {
    public AppContext {
        Objects.requireNonNull(threads);
        Objects.requireNonNull(datasets);
        Objects.requireNonNull(dialogs);
        Objects.requireNonNull(options);
        Objects.requireNonNull(models);
        Objects.requireNonNull(downloads);
    }

    /**
     * A context whose downloads come from the published mirrors and go into the per-user data folder,
     * found with the options' {@code --data-dir} searched first.
     */
    public AppContext(Threads threads, DatasetSource datasets, Optional<FileDialogs> dialogs, AppOptions options,
                      ModelCatalog models) {
        this(threads, datasets, dialogs, options, models,
                DatasetManager.forThisUser(DataLocator.forThisUser(options.dataDir())));
    }
}

package latentlab.app;

import latentlab.app.common.FileDialogs;
import latentlab.app.common.Threads;
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
 */
public record AppContext(Threads threads, DatasetSource datasets, Optional<FileDialogs> dialogs, AppOptions options,
                         ModelCatalog models) {
    public AppContext {
        Objects.requireNonNull(threads);
        Objects.requireNonNull(datasets);
        Objects.requireNonNull(dialogs);
        Objects.requireNonNull(options);
        Objects.requireNonNull(models);
    }
}

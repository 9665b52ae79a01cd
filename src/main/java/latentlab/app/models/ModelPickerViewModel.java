package latentlab.app.models;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import latentlab.app.common.Formats;
import latentlab.app.common.Threads;
import latentlab.app.train.DatasetChoice;
import latentlab.core.model.ModelCatalog;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The model picker's state and commands: the shipped models and the user's own, each with whether its
 * dataset is on this computer, the files that could not be read and why, and Open. The listing reads
 * only the files' manifests, on the I/O thread.
 */
public final class ModelPickerViewModel {
    /**
     * One model in the list.
     *
     * @param entry       the catalogue entry
     * @param datasetHere whether the dataset it was trained on is on this computer
     */
    public record Row(ModelCatalog.Entry entry, boolean datasetHere) {
        public String title() {
            return entry.title();
        }

        /** "shipped" or "yours". */
        public String origin() {
            return entry.origin() == ModelCatalog.Origin.SHIPPED ? "shipped" : "yours";
        }

        /** The dataset's display name, with whether it is here. */
        public String dataset() {
            return DatasetChoice.of(entry.dataset()).label().replace(" (built in)", "") + (datasetHere ? "" : " (not here)");
        }

        /** The architecture, e.g. "VAE 784-512-2 relu bernoulli" (784 = 28x28 pixels in). */
        public String architecture() {
            return entry.architecture();
        }

        public String epochs() {
            return Integer.toString(entry.epochs());
        }

        /** The test ELBO of its last epoch in nats per image, or a dash. */
        public String testElbo() {
            return Double.isNaN(entry.testElbo()) ? "\u2013" : Formats.nats(entry.testElbo());
        }
    }

    private final ModelCatalog catalog;
    private final Predicate<String> datasetPresent;
    private final Threads threads;
    private final Consumer<ModelCatalog.Entry> open;

    // --- Properties --------------------------------------------------------------------------------

    private final ObservableList<Row> models = FXCollections.observableArrayList();
    private final ObservableList<Row> readOnlyModels = FXCollections.unmodifiableObservableList(models);
    private final ObservableList<ModelCatalog.Unreadable> unreadable = FXCollections.observableArrayList();
    private final ObservableList<ModelCatalog.Unreadable> readOnlyUnreadable =
            FXCollections.unmodifiableObservableList(unreadable);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ObjectProperty<Row> selected = new SimpleObjectProperty<>(this, "selected");
    private final BooleanProperty canOpen = new SimpleBooleanProperty(this, "canOpen", true);
    private long generation;

    /**
     * @param catalog        the shipped models and the user's folder
     * @param datasetPresent whether a dataset (catalogue name) is on this computer; called on the I/O thread
     * @param threads        the I/O thread lists, the UI thread shows
     * @param open           opens a model in the main window
     */
    public ModelPickerViewModel(ModelCatalog catalog, Predicate<String> datasetPresent, Threads threads,
                                Consumer<ModelCatalog.Entry> open) {
        this.catalog = Objects.requireNonNull(catalog);
        this.datasetPresent = Objects.requireNonNull(datasetPresent);
        this.threads = Objects.requireNonNull(threads);
        this.open = Objects.requireNonNull(open);
    }

    /** The models, shipped ones first in the catalogue's order, then the user's by name. */
    public ObservableList<Row> models() {
        return readOnlyModels;
    }

    /** Files that look like models but could not be read, with the reason. */
    public ObservableList<ModelCatalog.Unreadable> unreadable() {
        return readOnlyUnreadable;
    }

    /** True while the folders are read. */
    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** A line on what was found, e.g. "6 shipped models and 1 of yours". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** The row chosen in the list; the view keeps it in step with its selection. */
    public ObjectProperty<Row> selectedProperty() {
        return selected;
    }

    /** Whether the main window can open a model now (not while it trains); the window binds it. */
    public BooleanProperty canOpenProperty() {
        return canOpen;
    }

    /** The user's models folder: a model saved there is listed. */
    public Path userDir() {
        return catalog.userDir();
    }

    // --- Commands ----------------------------------------------------------------------------------

    /** Reads the model folders again. */
    public void refresh() {
        long g = ++generation;
        loading.set(true);
        summary.set("Reading the model folders\u2026");
        threads.background(threads.io(), () -> {
            ModelCatalog.Listing listing = catalog.list();
            List<Row> rows = listing.models().stream()
                    .map(e -> new Row(e, present(e.dataset()))).toList();
            return new Listed(rows, listing.unreadable());
        }, listed -> {
            if (g != generation) {
                return;
            }
            loading.set(false);
            ModelCatalog.Entry was = selected.get() == null ? null : selected.get().entry();
            models.setAll(listed.rows());
            unreadable.setAll(listed.unreadable());
            selected.set(was == null ? null : models.stream()
                    .filter(r -> r.entry().file().equals(was.file())).findFirst().orElse(null));
            long shipped = listed.rows().stream().filter(r -> r.entry().origin() == ModelCatalog.Origin.SHIPPED).count();
            long own = listed.rows().size() - shipped;
            summary.set(shipped + " shipped model" + (shipped == 1 ? "" : "s") + " and " + (own == 0 ? "none"
                    : Long.toString(own)) + " of yours" + (listed.unreadable().isEmpty() ? "."
                    : "; " + listed.unreadable().size() + " file" + (listed.unreadable().size() == 1 ? "" : "s")
                    + " could not be read."));
        }, e -> {
            if (g != generation) {
                return;
            }
            loading.set(false);
            summary.set("The model folders could not be read: " + e.getMessage());
        });
    }

    private boolean present(String dataset) {
        try {
            return datasetPresent.test(dataset);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Opens the selected model in the main window; false when none is selected or it cannot open now. */
    public boolean openSelected() {
        Row row = selected.get();
        if (row == null || !canOpen.get()) {
            return false;
        }
        open.accept(row.entry());
        return true;
    }

    private record Listed(List<Row> rows, List<ModelCatalog.Unreadable> unreadable) {
    }
}

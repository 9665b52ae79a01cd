package latentlab.app.train;

import javafx.animation.AnimationTimer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import latentlab.app.common.FileDialogs;
import latentlab.app.common.FxDelay;
import latentlab.app.common.Formats;
import latentlab.app.common.LayoutIsland;
import latentlab.core.model.DecoderKind;
import latentlab.core.model.ModelFile;
import latentlab.core.model.ModelKind;
import org.controlsfx.control.PropertySheet;

import java.nio.file.Path;
import java.util.List;

/**
 * The model and data panel: dataset menu, the settings sheet (ControlsFX {@link PropertySheet}),
 * Train / Pause / Resume / Stop / Reset, the run's figures, and model files. Everything that cannot
 * change during a run is disabled while one is in progress.
 */
public final class TrainingPanel extends VBox {
    /** The folder preview window's size: it fits 1280x720. */
    private static final double PREVIEW_WIDTH = 620;
    private static final double PREVIEW_HEIGHT = 600;
    private static final String MODEL = "Model";
    private static final String TRAINING = "Training";
    /** How long after the last edit of an untrained model's architecture a new model is made. */
    private static final long SETTINGS_SETTLE_MILLIS = 400;

    private final TrainingViewModel vm;
    private final FileDialogs dialogs;
    private final ComboBox<DatasetChoice> dataset = new ComboBox<>();
    private final Button train = new Button("Train");
    private final Button pause = new Button("Pause");
    private final Button stop = new Button("Stop");
    private final Button reset = new Button("Reset");
    private final Button datasets = new Button("Datasets\u2026");
    private final Button models = new Button("Models\u2026");
    private Stage previewStage;
    private FolderPreviewView folderPreview;
    private final TitledPane settingsPane = new TitledPane();
    private boolean showingLoaded;

    /**
     * Whether the settings and the dataset are locked: while a run is on, from its second frame (its first
     * already restyles the buttons and starts the trainer; restyling some twenty settings controls in the
     * same frame froze it for 50-80 ms in software rendering), and unlocked at once when it ends.
     */
    private final BooleanProperty settingsLocked = new SimpleBooleanProperty(this, "settingsLocked");

    public TrainingPanel(TrainingViewModel vm, FileDialogs dialogs) {
        this.vm = vm;
        this.dialogs = dialogs;
        getStyleClass().add("training-panel");
        setId("training-panel");
        settingsLocked.set(!vm.idleBinding().get());
        vm.idleBinding().addListener((obs, was, idle) -> {
            if (idle) {
                settingsLocked.set(false);
            } else {
                afterFrames(2, () -> settingsLocked.set(!vm.idleBinding().get()));
            }
        });
        createView();
        initListeners();
    }

    /**
     * Works out the locked settings' styles once, without drawing them: locks the settings, applies CSS to
     * the panel and unlocks them within one call, so that no frame shows them locked. A run's lock then
     * finds the disabled state's styles computed; without this, the first run after launch computed them in
     * its first frames (JFR: 30-90 ms after Train, in {@code CssStyleHelper.transitionToState}). A field being
     * edited keeps the focus (the scene moves the focus off a disabled node only at the next pulse, when it is
     * enabled again). Waits (returns false) while a run is on or a popup is open (a choice box's menu, which
     * should not see its box disabled under it), and returns true once done. FX thread.
     */
    public boolean prepareLockedStyles() {
        if (settingsLocked.get() || !vm.idleBinding().get() || popupOpen()) {
            return false;
        }
        settingsLocked.set(true);
        applyCss();
        settingsLocked.set(false);
        return true;
    }

    private static boolean popupOpen() {
        return javafx.stage.Window.getWindows().stream()
                .anyMatch(w -> w instanceof javafx.stage.PopupWindow && w.isShowing());
    }

    /**
     * Runs {@code action} on the FX thread at the start of the {@code frames}-th pulse from now: work that may
     * wait a frame leaves the current one (a run's start, which restyles the buttons and starts the trainer).
     */
    private static void afterFrames(int frames, Runnable action) {
        new AnimationTimer() {
            private int seen;

            @Override
            public void handle(long now) {
                if (++seen >= frames) {
                    stop();
                    action.run();
                }
            }
        }.start();
    }

    private void createView() {
        setSpacing(4);
        setPadding(new Insets(6, 8, 6, 8));

        dataset.setId("dataset");
        dataset.setItems(FXCollections.observableArrayList(DatasetChoice.standard()));
        dataset.setMaxWidth(Double.MAX_VALUE);
        dataset.setTooltip(new Tooltip("The images to train on and explore"));
        datasets.setId("manage-datasets");
        datasets.setMinWidth(Region.USE_PREF_SIZE);
        datasets.setTooltip(new Tooltip("See which datasets are here and download the missing ones (Data \u203a Datasets\u2026)"));
        datasets.getStyleClass().add("small-button");

        PropertySheet modelSheet = sheet("model-settings", MODEL);
        PropertySheet trainingSheet = sheet("training-settings", TRAINING);
        Label modelTitle = new Label(MODEL);
        Label trainingTitle = new Label(TRAINING);
        modelTitle.getStyleClass().add("section-title");
        trainingTitle.getStyleClass().add("section-title");

        train.setId("train");
        pause.setId("pause");
        stop.setId("stop");
        reset.setId("reset");
        train.setTooltip(new Tooltip("Train for the set number of epochs (F5)"));
        pause.setTooltip(new Tooltip("Pause or resume training (F6)"));
        stop.setTooltip(new Tooltip("Stop training; the weights trained so far are kept (F7)"));
        reset.setTooltip(new Tooltip("Start again from a new untrained model (F8)"));
        train.getStyleClass().add("accent");
        FlowPane buttons = new FlowPane(4, 4, train, pause, stop, reset);
        for (Button b : List.of(train, pause, stop, reset)) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }

        ProgressBar progress = new ProgressBar();
        progress.setId("train-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.progressProperty().bind(vm.progressProperty());

        Label epoch = figure("epoch-text", Bindings.createStringBinding(() -> vm.epochTextProperty().get().isEmpty()
                        || Double.isNaN(vm.elapsedSecondsProperty().get()) ? vm.epochTextProperty().get()
                        : vm.epochTextProperty().get() + " \u00b7 " + Formats.rate(vm.samplesPerSecondProperty().get())
                        + " samples/s",
                vm.epochTextProperty(), vm.elapsedSecondsProperty(), vm.samplesPerSecondProperty()));
        Label loss = figure("loss-text", vm.lossTextProperty());
        Label elbo = figure("elbo-text", vm.elboTextProperty());
        // Each figure fits on one line of the panel (samples/s shares the epoch's line), so the panel keeps
        // its height during a run: a line that wrapped mid-run made the panel taller than the window at
        // 1280 x 720, which added a scroll bar, squeezed the settings and repainted the whole panel.
        Label clock = new Label();
        clock.setId("clock-text");
        clock.textProperty().bind(Bindings.createStringBinding(() -> Double.isNaN(vm.elapsedSecondsProperty().get())
                        ? "" : Formats.duration(vm.elapsedSecondsProperty().get()) + " elapsed \u00b7 "
                        + Formats.duration(vm.remainingSecondsProperty().get()) + " left",
                vm.elapsedSecondsProperty(), vm.remainingSecondsProperty()));

        Label model = figure("model-text", vm.modelDescriptionProperty());
        model.getStyleClass().add("model-description");
        Button open = new Button("Open\u2026");
        open.setId("open-model");
        open.setTooltip(new Tooltip("Open a model file (Ctrl+O)"));
        open.setOnAction(e -> openModel());
        open.disableProperty().bind(vm.idleBinding().not());
        Button save = new Button("Save as\u2026");
        save.setId("save-model");
        save.setTooltip(new Tooltip("Save the model to a file (Ctrl+Shift+S); Ctrl+S saves to the same file again"));
        save.setOnAction(e -> saveModelAs());
        save.disableProperty().bind(Bindings.isNull(vm.modelDescriptionProperty()).or(vm.busyProperty().isNotEmpty()));
        models.setId("browse-models");
        models.setTooltip(new Tooltip("Choose among the shipped models and your own (Ctrl+M)"));
        models.disableProperty().bind(vm.idleBinding().not());
        HBox files = new HBox(4, open, models, save);
        for (Button b : List.of(open, models, save)) {
            b.setMaxWidth(Double.MAX_VALUE);
            b.getStyleClass().add("file-button");
            HBox.setHgrow(b, Priority.ALWAYS);
        }

        Label datasetTitle = new Label("Dataset");
        datasetTitle.getStyleClass().add("section-title");
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox datasetLine = new HBox(4, datasetTitle, gap, datasets);
        datasetLine.setAlignment(Pos.BOTTOM_LEFT);
        VBox sheets = new VBox(4, modelTitle, modelSheet, trainingTitle, trainingSheet);
        settingsPane.setText("Settings");
        settingsPane.setContent(sheets);
        settingsPane.setId("settings-pane");
        // the progress bar and the figures change while training runs; in islands, their changes of layout
        // do not lay out the window again (see LayoutIsland)
        getChildren().addAll(datasetLine, dataset, settingsPane, buttons, new LayoutIsland(progress),
                new LayoutIsland(epoch), new LayoutIsland(loss), new LayoutIsland(clock), new LayoutIsland(elbo),
                new LayoutIsland(model), files);
    }

    /** A sheet of the settings of one category, in the order they are declared. */
    private PropertySheet sheet(String id, String category) {
        PropertySheet sheet = new PropertySheet(FXCollections.observableArrayList(
                items().stream().filter(i -> i.getCategory().equals(category)).toList()));
        sheet.setId(id);
        sheet.setModeSwitcherVisible(false);
        sheet.setSearchBoxVisible(false);
        sheet.setMode(PropertySheet.Mode.NAME);
        sheet.setPropertyEditorFactory(NumberEditor.factory());
        sheet.disableProperty().bind(settingsLocked);
        sheet.skinProperty().addListener((obs, was, skin) -> showWhole(sheet));
        return sheet;
    }

    /**
     * Makes a sheet as tall and as wide as its rows, with no scroll bars of its own: the panel scrolls. In a
     * window lower than 720 (a projector's screen less its title bar) the panel's scroll bar narrowed the
     * sheets, each sheet's own scroll pane then grew a horizontal bar, that bar took a row's height and a
     * vertical bar came too: two small scrolled boxes that cut the settings' rows in half.
     */
    private static void showWhole(PropertySheet sheet) {
        for (javafx.scene.Node n : sheet.lookupAll(".scroll-pane")) {
            if (n instanceof ScrollPane pane) {
                pane.setFitToWidth(true);
                pane.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
                pane.setVbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
            }
        }
    }

    private static Label figure(String id, javafx.beans.value.ObservableValue<String> text) {
        Label label = new Label();
        label.setId(id);
        label.setWrapText(true);
        // no width of its own: it wraps to the panel's. Its unwrapped width would become the panel's
        // preferred width, and the scroll pane around the panel would lay the panel out at that width and
        // then back at its own at every new text (twice a second while training), repainting all of it
        label.setPrefWidth(1);
        label.setMaxWidth(Double.MAX_VALUE);
        label.textProperty().bind(text);
        return label;
    }

    private List<PropertySheet.Item> items() {
        TrainingSettings s = vm.settings();
        return List.of(
                new SettingItem<>(MODEL, "Kind", "VAE: a distribution per image, trained on the ELBO. AE: one code per"
                        + " image, trained on reconstruction.", ModelKind.class, s.kindProperty()),
                new SettingItem<>(MODEL, "Hidden sizes", "Hidden layer sizes of the encoder, comma-separated (512 or"
                        + " 512,256); the decoder mirrors them.", String.class, s.hiddenProperty()),
                new SettingItem<>(MODEL, "Latent size", "dim(z); 2 shows the latent space directly (1-"
                        + TrainingSettings.MAX_LATENT + ").", Integer.class, s.latentProperty()),
                new SettingItem<>(MODEL, "Decoder", "p(x|z): Bernoulli for digits, Gaussian for grey faces.",
                        DecoderKind.class, s.decoderProperty()),
                new SettingItem<>(MODEL, "Beta", "Weight of the KL term; 1 is the ELBO of the paper.", Double.class,
                        s.betaProperty()),
                new SettingItem<>(MODEL, "Weight seed", "Seed of the initial weights.", Integer.class,
                        s.modelSeedProperty()),
                new SettingItem<>(TRAINING, "Learning rate", "Adam's step size.", Double.class, s.learningRateProperty()),
                new SettingItem<>(TRAINING, "Batch size", "Images per step.", Integer.class, s.batchSizeProperty()),
                new SettingItem<>(TRAINING, "Epochs", "Passes over the training images per press of Train.",
                        Integer.class, s.epochsProperty()),
                new SettingItem<>(TRAINING, "KL warm-up", "Epochs over which beta rises from 0; 0 for none.",
                        Double.class, s.warmupProperty()),
                new SettingItem<>(TRAINING, "Batch seed", "Seed of the batch order and the noise.", Integer.class,
                        s.trainSeedProperty()));
    }

    private void initListeners() {
        dataset.disableProperty().bind(settingsLocked);
        dataset.valueProperty().addListener((obs, was, is) -> {
            if (is == null || showingLoaded) {
                return;
            }
            if (is.asksForFolder()) {
                dialogs.folder("Choose a folder of images (or of one subfolder per class)")
                        .ifPresentOrElse(vm::previewFolder, this::showLoadedDataset);
            } else {
                vm.loadDataset(is.name());
            }
        });
        vm.datasetNameProperty().addListener((obs, was, is) -> showLoadedDataset());
        vm.folderPreviewProperty().addListener((obs, was, is) -> {
            if (is != null) {
                showFolderPreview(is);
            } else if (previewStage != null) {
                previewStage.close();
            }
        });
        vm.busyProperty().addListener((obs, was, is) -> {
            if (is.isEmpty()) {
                showLoadedDataset();
            }
        });

        train.setOnAction(e -> vm.train());
        pause.setOnAction(e -> vm.togglePause());
        stop.setOnAction(e -> vm.stop());
        reset.setOnAction(e -> vm.resetModel());
        train.disableProperty().bind(Bindings.createBooleanBinding(() -> !vm.canTrain(), vm.stateProperty(),
                vm.busyProperty()));
        pause.disableProperty().bind(Bindings.createBooleanBinding(() -> vm.state() != TrainingState.TRAINING
                && vm.state() != TrainingState.PAUSED, vm.stateProperty()));
        pause.textProperty().bind(Bindings.when(vm.stateProperty().isEqualTo(TrainingState.PAUSED))
                .then("Resume").otherwise("Pause"));
        stop.disableProperty().bind(pause.disableProperty());
        reset.disableProperty().bind(vm.idleBinding().not());

        FxDelay settle = new FxDelay(vm::applySettingsIfUntrained);                  // no pulses while it waits
        vm.settings().architecture().forEach(p -> p.addListener(o -> settle.playFromStart(SETTINGS_SETTLE_MILLIS)));
    }

    /** Shows a folder's images as the model will see them, in a window of their own, before they are used. */
    private void showFolderPreview(TrainingViewModel.FolderPreview preview) {
        if (previewStage != null) {
            previewStage.close();
        }
        FolderPreviewView view = new FolderPreviewView(preview);
        Stage stage = new Stage();
        if (getScene() != null && getScene().getWindow() != null) {
            stage.initOwner(getScene().getWindow());
        }
        Scene scene = new Scene(view, PREVIEW_WIDTH, PREVIEW_HEIGHT);
        if (getScene() != null) {
            scene.getStylesheets().setAll(getScene().getStylesheets());
            view.getStyleClass().addAll(getScene().getRoot().getStyleClass());
        }
        stage.setScene(scene);
        stage.setTitle("Latent Lab \u2014 " + preview.folder().getFileName());
        view.useButton().setOnAction(e -> vm.usePreviewedFolder());
        view.cancelButton().setOnAction(e -> stage.close());
        stage.setOnHidden(e -> {
            if (previewStage == stage) {
                previewStage = null;
                folderPreview = null;
                vm.dismissFolderPreview();
                showLoadedDataset();
            }
        });
        previewStage = stage;
        folderPreview = view;
        stage.show();
    }

    /** The folder preview on screen, or null; for tests. */
    public FolderPreviewView folderPreview() {
        return folderPreview;
    }

    private void showLoadedDataset() {
        showingLoaded = true;
        try {
            String name = vm.datasetNameProperty().get();
            dataset.setValue(name.isEmpty() ? null : DatasetChoice.of(name));
        } finally {
            showingLoaded = false;
        }
    }

    /** The button beside the dataset menu that opens the dataset manager; the window gives it its action. */
    public Button datasetsButton() {
        return datasets;
    }

    /** The button beside Open that opens the model picker; the window gives it its action. */
    public Button modelsButton() {
        return models;
    }

    /** Folds the settings away (presenter mode) or shows them. */
    public void setSettingsExpanded(boolean expanded) {
        settingsPane.setExpanded(expanded);
    }

    // --- Commands used by the menus and shortcuts ------------------------------------------------

    /** Asks for a model file and opens it. */
    public void openModel() {
        if (vm.idleBinding().get()) {
            dialogs.open("Open a model", FileDialogs.Kind.MODEL).ifPresent(vm::openModel);
        }
    }

    /** Saves to the file last used, or asks for one. */
    public void saveModel() {
        Path file = vm.modelFileProperty().get();
        if (file == null) {
            saveModelAs();
        } else {
            vm.saveModel(file);
        }
    }

    /** Asks for a file and saves the model to it. */
    public void saveModelAs() {
        String suggested = vm.datasetNameProperty().get().replaceAll("[^A-Za-z0-9-]", "_") + "-"
                + vm.settings().kindProperty().get().name().toLowerCase(java.util.Locale.ROOT) + ModelFile.EXTENSION;
        dialogs.save("Save the model", FileDialogs.Kind.MODEL, suggested).ifPresent(vm::saveModel);
    }
}

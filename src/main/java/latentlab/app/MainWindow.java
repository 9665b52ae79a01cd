package latentlab.app;

import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.input.Clipboard;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import javafx.stage.Screen;
import javafx.stage.Stage;
import latentlab.PackedNatives;
import latentlab.app.chart.LossChartPane;
import latentlab.app.chart.LossHistory;
import latentlab.app.common.BackgroundExecutors;
import latentlab.app.common.CanvasTheme;
import latentlab.app.common.Clips;
import latentlab.app.common.FileDialogs;
import latentlab.app.common.FrameLoop;
import latentlab.app.common.FxDelay;
import latentlab.app.common.FxFileDialogs;
import latentlab.app.common.FxImages;
import latentlab.app.common.LayoutIsland;
import latentlab.app.common.Message;
import latentlab.app.common.MessageBar;
import latentlab.app.common.ProcessClock;
import latentlab.app.common.ScreenFit;
import latentlab.app.common.ScrollPanes;
import latentlab.app.compare.CompareWindow;
import latentlab.app.datasets.DatasetManagerView;
import latentlab.app.datasets.DatasetManagerViewModel;
import latentlab.app.editor.EditorView;
import latentlab.app.editor.EditorViewModel;
import latentlab.app.latentmap.LatentMapView;
import latentlab.app.latentmap.LatentMapViewModel;
import latentlab.app.manifold.ManifoldView;
import latentlab.app.manifold.ManifoldViewModel;
import latentlab.app.models.ModelPickerView;
import latentlab.app.models.ModelPickerViewModel;
import latentlab.app.train.TrainingPanel;
import latentlab.app.train.TrainingViewModel;
import latentlab.core.data.AtomicFiles;
import latentlab.core.data.DatasetCatalog;
import latentlab.core.explore.ImageTiles;
import org.controlsfx.control.StatusBar;

import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The explorer window: the model and data panel on the left; the loss chart above the manifold and
 * the latent map in the middle; the editor on the right; menus, shortcuts, drag and drop, paste and
 * messages. One {@link FrameLoop} drives every per-frame update; it runs only while there is something
 * to update (a run, or a change to the loss history), so that the idle window does not keep JavaFX
 * pulsing.
 */
public final class MainWindow {
    /** The layout is made to work at this size, a common projector resolution. */
    public static final double WIDTH = 1280;
    /** See {@link #WIDTH}. */
    public static final double HEIGHT = 720;
    private static final double PANEL_WIDTH = 285;
    private static final double EDITOR_WIDTH = 330;
    private static final double PRESENTER_PANEL_WIDTH = 330;
    private static final double PRESENTER_EDITOR_WIDTH = 360;
    private static final double CHART_FRACTION = 0.36;
    private static final String PRESENTER = "presenter";
    /** The dataset manager's and the model picker's sizes, normal and in presenter mode; both fit 1280x720. */
    private static final double DATASETS_WIDTH = 900;
    private static final double DATASETS_HEIGHT = 620;
    private static final double MODELS_WIDTH = 980;
    private static final double MODELS_HEIGHT = 560;
    private static final double PRESENTER_CHILD_WIDTH = 1220;
    private static final double PRESENTER_CHILD_HEIGHT = 660;
    /** How long closing waits for a cancelled download to let go of its files. */
    private static final long DOWNLOAD_STOP_MILLIS = 2_000;
    /** How long after the first manifold, and between tries, the locked settings' styles are worked out. */
    private static final long LOCKED_STYLES_WAIT_MILLIS = 1_000;
    private static final String SHORTCUTS = "F5 train \u00b7 F6 pause/resume \u00b7 F7 stop \u00b7 F8 new model"
            + " \u00b7 F11 presenter mode \u00b7 Ctrl+O open model \u00b7 Ctrl+S save model \u00b7 Ctrl+V paste an image"
            + " \u00b7 Ctrl+R reset the sliders \u00b7 Ctrl+M models \u00b7 Ctrl+D datasets";

    private final AppContext context;
    private final Workspace workspace = new Workspace();
    private final LossHistory history = new LossHistory();
    private final BorderPane root = new BorderPane();
    private final MessageBar messages;
    private final FileDialogs dialogs;
    private final TrainingViewModel training;
    private final TrainingPanel trainingPanel;
    private final LossChartPane chartPane;
    private final ManifoldView manifold;
    private final LatentMapView latentMap;
    private final EditorView editor;
    private final CheckMenuItem presenterItem = new CheckMenuItem("Presenter mode");
    private final FrameLoop frames = new FrameLoop(this::frame);
    /** {@link #prepareLockedStyles()}, a while after the first manifold and again while it has to wait. */
    private final FxDelay lockedStyles = new FxDelay(this::prepareLockedStyles);
    private final ScrollPane panelScroll;
    private final SplitPane content = new SplitPane();
    private Stage stage;
    private boolean shutDown;                                                     // FX thread
    private long lastChartRedraw;
    /** Runs the dataset manager's downloads and checks; made when the manager first opens. */
    private ExecutorService downloadThreads;
    private DatasetManagerView datasetManager;
    private Stage datasetStage;
    private ModelPickerView modelPicker;
    private Stage modelStage;

    public MainWindow(AppContext context) {
        this.context = context;
        this.dialogs = context.dialogs().orElseGet(() -> new FxFileDialogs(() -> stage, context.models().userDir()));
        this.messages = new MessageBar(content);
        this.training = new TrainingViewModel(workspace, context.threads(), context.datasets(), messages, history);
        this.trainingPanel = new TrainingPanel(training, dialogs);
        this.chartPane = new LossChartPane(history);
        this.manifold = new ManifoldView(new ManifoldViewModel(workspace, context.threads(), messages));
        training.setOnSessionRead(manifold.viewModel()::prefetch);               // decoded while the window is shown
        this.latentMap = new LatentMapView(new LatentMapViewModel(workspace, context.threads(), messages));
        this.editor = new EditorView(new EditorViewModel(workspace, context.threads(), messages));
        this.panelScroll = ScrollPanes.uncached(trainingPanel);
        createView();
        initListeners();
    }

    private void createView() {
        ScrollPane left = panelScroll;
        left.setId("panel-scroll");
        left.setFitToWidth(true);
        left.setMinWidth(PANEL_WIDTH);
        left.setPrefWidth(PANEL_WIDTH);
        SplitPane explore = new SplitPane(manifold, latentMap);
        SplitPane middle = new SplitPane(chartPane, explore);
        middle.setOrientation(Orientation.VERTICAL);
        middle.setDividerPositions(CHART_FRACTION);
        editor.setMinWidth(EDITOR_WIDTH);
        editor.setPrefWidth(EDITOR_WIDTH);
        content.getItems().addAll(left, middle, editor);
        for (Region pane : List.of(left, explore, middle, content)) {
            pane.getStyleClass().add("flat-fill");                                  // see latentlab.css
        }
        content.setDividerPositions(PANEL_WIDTH / WIDTH, 1 - EDITOR_WIDTH / WIDTH);
        SplitPane.setResizableWithParent(left, false);
        SplitPane.setResizableWithParent(editor, false);

        root.getStyleClass().add("latentlab");
        root.setTop(menus());
        root.setCenter(messages.pane());
        root.setBottom(new LayoutIsland(statusBar()));                               // its progress changes while training
    }

    private void initListeners() {
        history.setOnChange(frames::wake);
        workspace.trainingProperty().addListener((obs, was, on) -> {
            if (on) {
                frames.wake();
            }
        });
        EditorViewModel e = editor.viewModel();
        manifold.viewModel().baseProperty().bind(e.codeProperty());
        manifold.setOnPick(e::setCode);
        latentMap.canvas().inputCodeProperty().bind(e.inputCodeProperty());
        latentMap.canvas().currentCodeProperty().bind(e.codeProperty());
        latentMap.canvas().setOnPick(e::pickTestImage);

        chartPane.exportPngButton().setOnAction(x -> exportView(chartPane.chart(), "loss-chart"));
        chartPane.exportCsvButton().setOnAction(x -> exportLossCsv());
        manifold.exportPngButton().setOnAction(x -> exportManifold());
        latentMap.exportPngButton().setOnAction(x -> exportView(latentMap.canvas(), "latent-map"));
        editor.exportPngButton().setOnAction(x -> exportView(editor, "editor"));
        editor.saveDecodedButton().setOnAction(x -> dialogs.save("Save the decoded image", FileDialogs.Kind.PNG,
                "decoded.png").ifPresent(e::saveDecoded));
        editor.openImageButton().setOnAction(x -> dialogs.open("Open an image", FileDialogs.Kind.IMAGE)
                .ifPresent(e::loadFile));
        editor.pasteButton().setOnAction(x -> paste());
        trainingPanel.datasetsButton().setOnAction(x -> openDatasetManager());
        trainingPanel.modelsButton().setOnAction(x -> openModelPicker());

        root.addEventHandler(DragEvent.DRAG_OVER, this::dragOver);
        root.addEventHandler(DragEvent.DRAG_DROPPED, this::dropped);
        presenterItem.selectedProperty().addListener((obs, was, on) -> applyPresenterMode(on));
    }

    /**
     * Starts loading what the command line asked for, then puts the window on the stage: the data
     * loads on the I/O thread while this thread styles and lays out the window for the first time.
     */
    public void show(Stage s) {
        this.stage = s;
        AppOptions o = context.options();
        if (o.opensDefaultModel()) {
            training.openDefaultModel(context.models());
        } else if (o.model().isPresent()) {
            training.openModel(o.model().get());
        } else {
            training.loadDataset(o.dataset().orElseThrow());
        }
        if (o.startupReport()) {
            reportWhenReady();
        }
        // no higher than the screen leaves (a projector's 720 less the title bar: the panel scrolls); the layout
        // is made for 1280 wide, so a narrower screen gets that width all the same
        Scene scene = new Scene(root, WIDTH, ScreenFit.sceneSize(WIDTH, HEIGHT, Screen.getPrimary().getVisualBounds())
                .getHeight());
        scene.getStylesheets().add(MainWindow.class.getResource("latentlab.css").toExternalForm());
        installShortcuts(scene);
        s.setScene(scene);
        s.getIcons().add(AppIcon.render(AppIcon.SIZE));
        s.titleProperty().bind(Bindings.createStringBinding(() -> "Latent Lab \u2014 "
                        + training.modelDescriptionProperty().get() + (training.unsavedProperty().get() ? " *" : ""),
                training.modelDescriptionProperty(), training.unsavedProperty()));
        s.show();
        frames.wake();
        prepareLockedStylesOnceShown();
    }

    /**
     * Once the window shows its first manifold and a second has passed (the start's work done), computes the
     * locked settings' styles ahead of the first Train ({@link TrainingPanel#prepareLockedStyles}), trying
     * again each second while it waits (a run on, or a popup open).
     */
    private void prepareLockedStylesOnceShown() {
        InvalidationListener onFirstGrid = new InvalidationListener() {
            @Override
            public void invalidated(Observable rendered) {
                if (manifold.viewModel().renderedProperty().get() != null) {
                    rendered.removeListener(this);
                    lockedStyles.playFromStart(LOCKED_STYLES_WAIT_MILLIS);
                }
            }
        };
        manifold.viewModel().renderedProperty().addListener(onFirstGrid);
    }

    private void prepareLockedStyles() {
        if (!shutDown && !trainingPanel.prepareLockedStyles()) {
            lockedStyles.playFromStart(LOCKED_STYLES_WAIT_MILLIS);
        }
    }

    /**
     * For {@code --startup-report}: once the window shows a model with its manifold drawn, prints the
     * milliseconds since the process started ({@link ProcessClock}) and the time of day in epoch
     * milliseconds (for a script that noted when it started the launcher), then closes the app.
     */
    private void reportWhenReady() {
        manifold.viewModel().renderedProperty().addListener((obs, was, now) -> {
            if (now != null && workspace.session() != null) {
                long epochMillis = System.currentTimeMillis();
                System.out.println("window_ready_ms=" + ProcessClock.millisSinceStart()
                        + " window_ready_epoch_ms=" + epochMillis
                        + " model=" + training.modelDescriptionProperty().get().replace(' ', '_')
                        + PackedNatives.last().map(o -> " natives_unpack_ms=" + o.millis()).orElse(""));
                System.out.flush();
                Platform.exit();
            }
        });
    }

    /** Stops training (waiting for its current step), the views' workers and the per-frame updates; on close. */
    public void shutdown() {
        shutDown = true;
        frames.close();
        lockedStyles.stop();
        if (stage != null) {
            stage.titleProperty().unbind();                                      // the stage may be used again (tests)
        }
        closeChildWindows();
        editor.shutdown();
        editor.viewModel().shutdown();
        manifold.viewModel().shutdown();
        latentMap.viewModel().shutdown();
        training.shutdown();
    }

    // --- Parts, for tests and the benchmark ------------------------------------------------------

    /** Whether the per-frame updates run (they sleep while nothing changes); on the FX thread. */
    public boolean frameLoopRunning() {
        return frames.running();
    }

    public BorderPane root() {
        return root;
    }

    public Workspace workspace() {
        return workspace;
    }

    public TrainingViewModel training() {
        return training;
    }

    public ManifoldView manifold() {
        return manifold;
    }

    public LatentMapView latentMap() {
        return latentMap;
    }

    public EditorView editor() {
        return editor;
    }

    public LossChartPane chart() {
        return chartPane;
    }

    public MessageBar messages() {
        return messages;
    }

    /** Large fonts and high contrast for a projector (F11). */
    public void setPresenterMode(boolean on) {
        presenterItem.setSelected(on);
    }

    // --- Internals -----------------------------------------------------------------------------

    /**
     * Everything that happens once per frame: the trainer's queued events are drained every frame;
     * while training, the chart is redrawn only in the frames where the figures change (twice a
     * second), because each redraw costs the software renderer time that training would otherwise get,
     * and one redraw of both is cheaper than two.
     *
     * @return whether more frames are wanted: a run is on, or its last events were shown in this one
     */
    private boolean frame() {
        boolean drained = training.frame();
        long figures = training.figuresShownNanos();
        boolean live = workspace.isTraining();
        if (!live || figures != lastChartRedraw) {
            lastChartRedraw = figures;
            chartPane.chart().redrawIfNeeded();
        }
        return live || drained;
    }

    private void applyPresenterMode(boolean on) {
        root.getStyleClass().remove(PRESENTER);
        if (on) {
            root.getStyleClass().add(PRESENTER);
        }
        double panel = on ? PRESENTER_PANEL_WIDTH : PANEL_WIDTH;
        double editorWidth = on ? PRESENTER_EDITOR_WIDTH : EDITOR_WIDTH;
        panelScroll.setMinWidth(panel);
        panelScroll.setPrefWidth(panel);
        editor.setMinWidth(editorWidth);
        editor.setPrefWidth(editorWidth);
        content.setDividerPositions(panel / WIDTH, 1 - editorWidth / WIDTH);
        fitChild(datasetStage, on, DATASETS_WIDTH, DATASETS_HEIGHT);
        fitChild(modelStage, on, MODELS_WIDTH, MODELS_HEIGHT);
        trainingPanel.setSettingsExpanded(!on);
        CanvasTheme theme = on ? CanvasTheme.PRESENTER : CanvasTheme.NORMAL;
        chartPane.setTheme(theme);
        latentMap.canvas().themeProperty().set(theme);
    }

    private MenuBar menus() {
        Menu file = new Menu("File");
        Menu export = new Menu("Export");
        export.getItems().addAll(
                item("Loss chart as PNG\u2026", null, () -> exportView(chartPane.chart(), "loss-chart")),
                item("Loss history as CSV\u2026", null, this::exportLossCsv),
                item("Manifold as PNG\u2026", null, this::exportManifold),
                item("Latent map as PNG\u2026", null, () -> exportView(latentMap.canvas(), "latent-map")),
                item("Editor as PNG\u2026", null, () -> exportView(editor, "editor")),
                item("Whole window as PNG\u2026", null, () -> exportView(root, "latent-lab")));
        file.getItems().addAll(
                item("Open model\u2026", "Shortcut+O", trainingPanel::openModel),
                item("Models\u2026", "Shortcut+M", this::openModelPicker),
                item("Save model", "Shortcut+S", trainingPanel::saveModel),
                item("Save model as\u2026", "Shortcut+Shift+S", trainingPanel::saveModelAs),
                new SeparatorMenuItem(),
                item("Open image\u2026", null, () -> editor.openImageButton().fire()),
                item("Paste image", "Shortcut+V", this::paste),
                export,
                new SeparatorMenuItem(),
                item("Quit", "Shortcut+Q", () -> {
                    if (stage != null) {
                        stage.fireEvent(new javafx.stage.WindowEvent(stage, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST));
                        stage.close();
                    }
                }));
        Menu trainMenu = new Menu("Training");
        trainMenu.getItems().addAll(item("Train", "F5", training::train),
                item("Pause / resume", "F6", training::togglePause),
                item("Stop", "F7", training::stop),
                item("New model", "F8", training::resetModel));
        Menu data = new Menu("Data");
        data.getItems().add(item("Datasets\u2026", "Shortcut+D", this::openDatasetManager));
        Menu view = new Menu("View");
        presenterItem.setAccelerator(new KeyCodeCombination(KeyCode.F11));
        view.getItems().addAll(presenterItem, item("Reset the editor's sliders", "Shortcut+R",
                () -> editor.viewModel().reset()), item("Compare AE and VAE\u2026", null, this::openCompare));
        Menu help = new Menu("Help");
        help.getItems().add(item("Keyboard shortcuts", "F1", () -> messages.post(Message.info(SHORTCUTS))));
        MenuBar bar = new MenuBar(file, trainMenu, data, view, help);
        bar.setId("menu-bar");
        return bar;
    }

    /**
     * Opens the Compare view, an AE and a VAE side by side, in a window of its own on the explorer's
     * dataset, or on the synthetic one when the explorer's is not on this computer.
     */
    private void openCompare() {
        Workspace.Session s = workspace.session();
        String dataset = s == null || s.dataset().isAbsent() ? DatasetCatalog.SYNTHETIC : s.dataset().name();
        new CompareWindow(context.datasets(), context.dialogs(), dataset, context.models().userDir()).show(new Stage());
    }

    private static MenuItem item(String text, String accelerator, Runnable action) {
        MenuItem item = new MenuItem(text);
        if (accelerator != null) {
            item.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        item.setOnAction(e -> action.run());
        return item;
    }

    /** Function keys work wherever the focus is, also while a menu is not open. */
    private void installShortcuts(Scene scene) {
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F5), training::train);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F6), training::togglePause);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F7), training::stop);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F8), training::resetModel);
    }

    private StatusBar statusBar() {
        StatusBar bar = new StatusBar();
        bar.setId("status-bar");
        // A message longer than the bar is cut off at its edge. Without the clip, the bar's contents overflow
        // to the right, the root's bounds grow with them, and JavaFX repaints the whole window: in software,
        // a frame of about 100 ms, at every run's start and end.
        Clips.toOwnBounds(bar);
        bar.textProperty().bind(Bindings.createStringBinding(() -> {
            String busy = training.busyProperty().get();
            if (!busy.isEmpty()) {
                return busy;
            }
            return messages.lastProperty().get() == null ? "Ready" : messages.lastProperty().get().text();
        }, training.busyProperty(), messages.lastProperty()));
        bar.progressProperty().bind(Bindings.createDoubleBinding(() -> !training.busyProperty().get().isEmpty() ? -1
                        : training.stateProperty().get().running() ? training.progressProperty().get() : 0,
                training.busyProperty(), training.stateProperty(), training.progressProperty()));
        Label state = new Label();
        state.setId("state-text");
        state.textProperty().bind(Bindings.createStringBinding(() -> switch (training.state()) {
            case EMPTY -> "no data";
            case READY -> "ready";
            case TRAINING -> "training";
            case PAUSED -> "paused";
            case STOPPING -> "stopping\u2026";
        }, training.stateProperty()));
        bar.getRightItems().add(state);
        return bar;
    }

    // --- The dataset manager and the model picker -------------------------------------------------

    /**
     * Shows the dataset manager (made at its first use) and looks again at which datasets are here.
     * Closing it cancels its downloads; what they fetched is kept for a resume.
     */
    public DatasetManagerView openDatasetManager() {
        if (datasetManager == null) {
            downloadThreads = Executors.newCachedThreadPool(BackgroundExecutors.named("latentlab-download"));
            DatasetManagerViewModel vm = new DatasetManagerViewModel(context.downloads(), downloadThreads,
                    context.threads().ui(), training::loadDataset);
            vm.canUseProperty().bind(training.idleBinding());
            datasetManager = new DatasetManagerView(vm);
            datasetStage = childStage("Datasets \u2014 Latent Lab", datasetManager, DATASETS_WIDTH, DATASETS_HEIGHT);
            datasetStage.setOnHidden(e -> vm.cancelAll());
            datasetManager.setOnClose(datasetStage::hide);
        }
        datasetManager.viewModel().refresh();
        showChild(datasetStage);
        return datasetManager;
    }

    /** Shows the model picker (made at its first use) with a fresh listing of the model folders. */
    public ModelPickerView openModelPicker() {
        if (modelPicker == null) {
            ModelPickerViewModel vm = new ModelPickerViewModel(context.models(), context.datasets()::present,
                    context.threads(), training::openCatalogEntry);
            vm.canOpenProperty().bind(training.idleBinding());
            modelPicker = new ModelPickerView(vm);
            modelStage = childStage("Models \u2014 Latent Lab", modelPicker, MODELS_WIDTH, MODELS_HEIGHT);
            modelPicker.setOnClose(modelStage::hide);
        }
        modelPicker.viewModel().refresh();
        showChild(modelStage);
        return modelPicker;
    }

    /** A window of its own, owned by this one, with the same style sheet and presenter mode. */
    private Stage childStage(String title, Parent content, double width, double height) {
        Stage child = new Stage();
        if (stage != null) {
            child.initOwner(stage);
            child.getIcons().addAll(stage.getIcons());
        }
        child.setTitle(title);
        boolean presenter = presenterItem.isSelected();
        var size = ScreenFit.sceneSize(presenter ? PRESENTER_CHILD_WIDTH : width,
                presenter ? PRESENTER_CHILD_HEIGHT : height, Screen.getPrimary().getVisualBounds());
        Scene scene = new Scene(content, size.getWidth(), size.getHeight());
        scene.getStylesheets().add(MainWindow.class.getResource("latentlab.css").toExternalForm());
        child.setScene(scene);
        stylePresenter(content, presenter);
        return child;
    }

    private static void showChild(Stage child) {
        child.show();
        child.toFront();
    }

    /** Presenter mode's style and size for a window of the dataset manager or the model picker. */
    private static void fitChild(Stage child, boolean presenter, double width, double height) {
        if (child != null) {
            stylePresenter(child.getScene().getRoot(), presenter);
            child.setWidth(presenter ? PRESENTER_CHILD_WIDTH : width);
            child.setHeight(presenter ? PRESENTER_CHILD_HEIGHT : height);
        }
    }

    private static void stylePresenter(Parent root, boolean on) {
        root.getStyleClass().remove(PRESENTER);
        if (on) {
            root.getStyleClass().add(PRESENTER);
        }
    }

    /** Cancels the downloads, waiting briefly for them to let go of their files, and closes the other windows. */
    private void closeChildWindows() {
        if (datasetManager != null) {
            datasetManager.viewModel().shutdown();
            downloadThreads.shutdown();
            try {
                downloadThreads.awaitTermination(DOWNLOAD_STOP_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            downloadThreads.shutdownNow();
            datasetStage.hide();
        }
        if (modelStage != null) {
            modelStage.hide();
        }
    }

    // --- Images in: drop and paste ---------------------------------------------------------------

    private void dragOver(DragEvent e) {
        if (e.getDragboard().hasFiles() || e.getDragboard().hasImage()) {
            e.acceptTransferModes(TransferMode.COPY);
        }
        e.consume();
    }

    private void dropped(DragEvent e) {
        boolean used = useClipboard(e.getDragboard());
        e.setDropCompleted(used);
        e.consume();
    }

    /** Uses the system clipboard's image or image file in the editor. */
    public void paste() {
        if (!useClipboard(Clipboard.getSystemClipboard())) {
            messages.post(Message.warning("The clipboard holds no image or image file to paste."));
        }
    }

    private boolean useClipboard(Clipboard clipboard) {
        if (clipboard.hasFiles() && !clipboard.getFiles().isEmpty()) {
            editor.viewModel().loadFile(clipboard.getFiles().get(0).toPath());
            return true;
        }
        if (clipboard.hasImage() && clipboard.getImage() != null) {
            BufferedImage image = SwingFXUtils.fromFXImage(clipboard.getImage(), null);
            editor.viewModel().loadImage(image, "pasted image");
            return true;
        }
        return false;
    }

    // --- Export --------------------------------------------------------------------------------

    /** Saves what a view shows as a PNG: the snapshot on the FX thread, the file on the I/O thread. */
    private void exportView(Node node, String name) {
        dialogs.save("Save as PNG", FileDialogs.Kind.PNG, name + ".png").ifPresent(file -> {
            BufferedImage image = FxImages.snapshot(node);
            write(file, f -> ImageTiles.writePng(image, f));
        });
    }

    private void exportManifold() {
        ManifoldViewModel.Rendered r = manifold.viewModel().renderedProperty().get();
        if (r == null) {
            messages.post(Message.warning("There is no manifold to export yet."));
            return;
        }
        dialogs.save("Save the manifold as PNG", FileDialogs.Kind.PNG, "manifold.png")
                .ifPresent(file -> write(file, f -> ManifoldViewModel.writePng(r, f)));
    }

    private void exportLossCsv() {
        LossHistory copy = history.copy();
        dialogs.save("Save the loss history as CSV", FileDialogs.Kind.CSV, "loss-history.csv")
                .ifPresent(file -> write(file, f -> writeCsv(copy, f)));
    }

    private static void writeCsv(LossHistory h, Path file) {
        try {
            AtomicFiles.write(file, out -> {
                BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                h.writeCsv(w);
                w.flush();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    private void write(Path file, Consumer<Path> writer) {
        context.threads().background(context.threads().io(), () -> {
            writer.accept(file);
            return file;
        }, f -> messages.post(Message.info("Saved " + f + ".")), e -> messages.post(Message.error(e)));
    }

    /** The views as laid out in the window (the panel in its scroll pane), for screenshots and layout tests. */
    public List<Node> views() {
        return List.of(panelScroll, chartPane, manifold, latentMap, editor);
    }
}

package latentlab.app.compare;

import javafx.application.Platform;
import javafx.geometry.Dimension2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.ScrollPane;
import javafx.stage.Screen;
import javafx.stage.Stage;
import latentlab.app.AppIcon;
import latentlab.app.DatasetSource;
import latentlab.app.MainWindow;
import latentlab.app.common.BackgroundExecutors;
import latentlab.app.common.FileDialogs;
import latentlab.app.common.FrameLoop;
import latentlab.app.common.FxFileDialogs;
import latentlab.app.common.MessageBar;
import latentlab.app.common.ScreenFit;
import latentlab.app.common.ScrollPanes;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The Compare window: an AE and a VAE side by side, in a window of its own with its own background
 * threads (so that its training and measuring never queue behind the explorer's), stopped when it closes.
 */
public final class CompareWindow {
    /** The window's size: two columns of map, grid, samples and chart. */
    public static final double WIDTH = 1280;
    /** See {@link #WIDTH}. */
    public static final double HEIGHT = 860;

    private final BackgroundExecutors executors = BackgroundExecutors.create();
    private final CompareView view;
    private final MessageBar messages;
    private final FrameLoop frames;
    private Stage stage;

    /**
     * @param datasets where datasets come from
     * @param dialogs  file choosers; empty for the platform's own
     * @param dataset  the dataset to load first (the explorer's)
     * @param modelsFolder where the platform's file choosers start for model files
     */
    public CompareWindow(DatasetSource datasets, Optional<FileDialogs> dialogs, String dataset, Path modelsFolder) {
        CompareViewModel vm = new CompareViewModel(executors.threads(Platform::runLater), datasets,
                this::post);
        vm.datasetNameProperty().set(dataset);
        this.view = new CompareView(vm, dialogs.orElseGet(() -> new FxFileDialogs(() -> stage, modelsFolder)));
        // on a screen lower than the window (a 1280x720 projector) it is made to fit, and its columns scroll
        ScrollPane scroll = ScrollPanes.uncached(view);
        scroll.setId("compare-scroll");
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        this.messages = new MessageBar(scroll);
        this.frames = new FrameLoop(view::frame);                                    // asleep until something changes
        vm.runningProperty().addListener((obs, was, on) -> {
            if (on) {
                frames.wake();
            }
        });
        view.ae().chart().history().setOnChange(frames::wake);
        view.vae().chart().history().setOnChange(frames::wake);
    }

    /** Whether the per-frame updates run; for tests, on the FX thread. */
    boolean frameLoopRunning() {
        return frames.running();
    }

    /** Shows a message in the window (the view-model posts them on the FX thread, after construction). */
    private void post(latentlab.app.common.Message m) {
        messages.post(m);
    }

    /** Puts the window on the stage and loads the dataset. */
    public void show(Stage s) {
        this.stage = s;
        Dimension2D size = sceneSize(Screen.getPrimary().getVisualBounds());
        Scene scene = new Scene(messages.pane(), size.getWidth(), size.getHeight());
        scene.getStylesheets().add(MainWindow.class.getResource("latentlab.css").toExternalForm());
        s.setScene(scene);
        s.setTitle("Latent Lab \u2014 AE vs VAE: the holes in the latent space");
        s.getIcons().add(AppIcon.render(AppIcon.SIZE));
        s.setOnHidden(e -> shutdown());
        s.show();
        frames.wake();
        view.viewModel().loadDataset();
    }

    /**
     * The scene's size on a screen whose free area is {@code screen}: {@link #WIDTH} x {@link #HEIGHT}, or
     * less where the screen is smaller (at 860 high, the window's top and its controls were off a 1280x720
     * projector's screen).
     */
    static Dimension2D sceneSize(Rectangle2D screen) {
        return ScreenFit.sceneSize(WIDTH, HEIGHT, screen);
    }

    /** Stops training and measuring and the window's threads; on close. */
    public void shutdown() {
        frames.close();
        view.viewModel().shutdown();
        executors.shutdown(5_000);
    }

    public CompareView view() {
        return view;
    }

    public MessageBar messages() {
        return messages;
    }
}

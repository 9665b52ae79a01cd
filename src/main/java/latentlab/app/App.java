package latentlab.app;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import latentlab.app.common.BackgroundExecutors;
import latentlab.core.model.ModelCatalog;

import java.util.Optional;

/**
 * The JavaFX application. Started by {@link latentlab.Main} (a plain class, so that JavaFX starts
 * correctly from the class path) with the app's command line ({@link AppOptions}).
 */
public final class App extends Application {
    /**
     * JavaFX's pulse rate for the window, in pulses per second (its own default is 60). A slider's new
     * image reaches the screen at the next pulse, so at 120 the wait halves: app-bench measured slider to
     * screen at 13.6 / 18.5 ms (median / p99) with 60 and 6.7 / 14.0 ms with 120, with the same training
     * speed; an idle window uses 2.4 % of a core instead of 1.4 %.
     */
    public static final int PULSES_PER_SECOND = 120;
    private static final String PULSE_PROPERTY = "javafx.animation.pulse";

    /** Sets the pulse rate ({@link #PULSES_PER_SECOND}) unless the command line chose one; before JavaFX starts. */
    public static void choosePulseRate() {
        if (System.getProperty(PULSE_PROPERTY) == null) {
            System.setProperty(PULSE_PROPERTY, Integer.toString(PULSES_PER_SECOND));
        }
    }

    /** How long closing waits for background work (a save in progress finishes first). */
    private static final long SHUTDOWN_MILLIS = 10_000;

    private BackgroundExecutors executors;
    private MainWindow window;

    @Override
    public void start(Stage stage) {
        AppOptions options = AppOptions.parse(getParameters().getRaw());
        executors = BackgroundExecutors.create();
        // ND4J's native libraries were loaded by Main before JavaFX started (see there)
        window = new MainWindow(new AppContext(executors.threads(Platform::runLater), options.datasetSource(),
                Optional.empty(), options, ModelCatalog.forThisUser()));
        window.setPresenterMode(options.presenter());
        stage.setOnCloseRequest(e -> window.shutdown());
        window.show(stage);
    }

    @Override
    public void stop() {
        if (window != null) {
            window.shutdown();
        }
        if (executors != null) {
            executors.shutdown(SHUTDOWN_MILLIS);
        }
    }
}

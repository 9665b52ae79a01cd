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

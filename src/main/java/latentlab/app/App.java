package latentlab.app;

import latentlab.core.model.ModelCatalog;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import latentlab.app.common.BackgroundExecutors;
import latentlab.core.train.NativeThreads;

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
        // ND4J's first use loads its native libraries (a second or two): on the I/O thread, before the
        // dataset that the window queues there, while this thread builds and shows the window
        executors.io().execute(() -> NativeThreads.use(BackgroundExecutors.nativeThreads()));
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

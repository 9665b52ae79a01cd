package latentlab.app;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.stage.Stage;
import latentlab.app.AppTestSupport.ScriptedDialogs;
import latentlab.app.chart.LossSeries;
import latentlab.app.common.BackgroundExecutors;
import latentlab.app.common.FxImages;
import latentlab.app.train.TrainingState;
import latentlab.core.data.DataLocator;
import latentlab.core.explore.ImageTiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static latentlab.app.AppTestSupport.onFx;
import static latentlab.app.AppTestSupport.runFx;
import static latentlab.app.AppTestSupport.sleep;
import static latentlab.app.AppTestSupport.waitFor;

/**
 * Takes the README's screenshots from the real window on MNIST. Not part of the suite: run with
 * {@code mvn test -Dtest=ReadmeScreenshots -Dlatentlab.screenshots=assets/screenshots}.
 */
@ExtendWith(ApplicationExtension.class)
@EnabledIfSystemProperty(named = "latentlab.screenshots", matches = ".+")
class ReadmeScreenshots {
    private static final int TRAIN_IMAGES = 20_000;
    private static final int TEST_IMAGES = 5_000;
    private static final int EPOCHS = 6;

    private BackgroundExecutors executors;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        executors = BackgroundExecutors.create();
        Path data = Path.of(System.getProperty("latentlab.sharedDatasets", "../shared/datasets"));
        DatasetSource mnist = DatasetSource.catalog(DataLocator.forThisUser(Optional.of(data)))
                .limitedTo(TRAIN_IMAGES, TEST_IMAGES);
        AppOptions options = new AppOptions(Optional.empty(), Optional.of("mnist"), Optional.of(data), 0, false, false);
        window = new MainWindow(new AppContext(executors.threads(Platform::runLater), mnist,
                Optional.of(new ScriptedDialogs()), options, latentlab.core.model.ModelCatalog.forThisUser()));
        window.training().settings().epochsProperty().set(EPOCHS);
        window.show(stage);
    }

    @Test
    void takeScreenshots() {
        Path dir = Path.of(System.getProperty("latentlab.screenshots"));
        waitFor(120, "MNIST", () -> window.training().state() == TrainingState.READY
                && window.training().busyProperty().get().isEmpty());
        runFx(window.training()::train);
        waitFor(1200, "training", () -> window.training().state() == TrainingState.READY
                && window.chart().chart().history().size(LossSeries.TEST) == EPOCHS);
        runFx(() -> window.editor().viewModel().pickTestImage(0));
        sleep(1500);
        runFx(() -> {
            window.editor().viewModel().setA();
            window.editor().viewModel().pickTestImage(1);
        });
        sleep(1000);
        runFx(() -> window.editor().viewModel().setB());
        runFx(() -> window.messages().hide());
        sleep(1500);
        shoot(window.root(), dir.resolve("window.png"));
        List<Node> views = onFx(window::views);
        List<String> names = List.of("training-panel", "loss-chart", "manifold", "latent-map", "editor");
        for (int i = 0; i < views.size(); i++) {
            shoot(views.get(i), dir.resolve(names.get(i) + ".png"));
        }
        runFx(() -> window.setPresenterMode(true));
        sleep(1500);
        runFx(() -> window.messages().hide());
        sleep(800);
        shoot(window.root(), dir.resolve("presenter-mode.png"));
        runFx(window::shutdown);
        executors.shutdown(5_000);
    }

    private static void shoot(Node node, Path file) {
        runFx(() -> ImageTiles.writePng(FxImages.snapshot(node), file));
    }
}

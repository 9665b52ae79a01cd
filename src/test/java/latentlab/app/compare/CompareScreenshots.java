package latentlab.app.compare;

import javafx.stage.Stage;
import latentlab.app.AppTestSupport.ScriptedDialogs;
import latentlab.app.DatasetSource;
import latentlab.app.chart.LossSeries;
import latentlab.app.common.FxImages;
import latentlab.core.data.DataLocator;
import latentlab.core.data.DatasetCatalog;
import latentlab.core.explore.ImageTiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.Optional;

import static latentlab.app.AppTestSupport.runFx;
import static latentlab.app.AppTestSupport.sleep;
import static latentlab.app.AppTestSupport.waitFor;

/**
 * Takes the README's screenshots of the Compare window, trained in the window on the full MNIST and
 * Fashion-MNIST with the default settings (784-512-2, 5 epochs). Not part of the suite: run with
 * {@code mvn test -Dtest=CompareScreenshots -Dlatentlab.screenshots=assets/screenshots}.
 */
@ExtendWith(ApplicationExtension.class)
@EnabledIfSystemProperty(named = "latentlab.screenshots", matches = ".+")
class CompareScreenshots {
    private CompareWindow window;

    @Start
    void start(Stage stage) {
        Path data = Path.of(System.getProperty("latentlab.sharedDatasets", "../shared/datasets"));
        DatasetSource source = DatasetSource.catalog(DataLocator.forThisUser(Optional.of(data)));
        window = new CompareWindow(source, Optional.of(new ScriptedDialogs()), DatasetCatalog.MNIST, java.nio.file.Path.of("target"));
        window.show(stage);
        // the headless screen is 1000 wide, and the window fits itself to the screen: the README's pictures
        // are of the window at its own size
        stage.setWidth(CompareWindow.WIDTH);
        stage.setHeight(CompareWindow.HEIGHT);
    }

    @Test
    void takeScreenshots() {
        Path dir = Path.of(System.getProperty("latentlab.screenshots"));
        CompareViewModel vm = window.view().viewModel();
        trainAndShoot(vm, dir.resolve("compare-mnist.png"));
        runFx(() -> vm.regionProperty().set(CompareRenderer.Region.OWN));
        waitUntilMeasured(vm);
        shoot(dir.resolve("compare-mnist-sampling-rule.png"));
        runFx(() -> {
            vm.regionProperty().set(CompareRenderer.Region.AE_RANGE);
            vm.datasetNameProperty().set(DatasetCatalog.FASHION_MNIST);
            vm.loadDataset();
        });
        trainAndShoot(vm, dir.resolve("compare-fashion-mnist.png"));
        runFx(window::shutdown);
    }

    private void trainAndShoot(CompareViewModel vm, Path file) {
        waitFor(120, "the dataset", () -> vm.datasetProperty().get() != null && !vm.busyProperty().get()
                && vm.datasetProperty().get().name().equals(vm.datasetNameProperty().get()));
        runFx(vm::trainBoth);
        waitFor(1800, "training", () -> !vm.runningProperty().get()
                && vm.vae().history().size(LossSeries.TEST) == CompareViewModel.DEFAULT_EPOCHS);
        waitUntilMeasured(vm);
        shoot(file);
    }

    private void waitUntilMeasured(CompareViewModel vm) {
        sleep(500);
        waitFor(600, "the measurement", () -> !vm.measuringProperty().get() && vm.ae().panelProperty().get() != null);
        runFx(() -> window.messages().hide());
        sleep(1500);
    }

    private void shoot(Path file) {
        runFx(() -> ImageTiles.writePng(FxImages.snapshot(window.messages().pane()), file));
    }
}

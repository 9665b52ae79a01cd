package latentlab.app;

import javafx.application.Platform;
import javafx.stage.Stage;
import latentlab.app.AppTestSupport.ScriptedDialogs;
import latentlab.app.common.BackgroundExecutors;
import latentlab.app.common.Message;
import latentlab.app.train.TrainingState;
import latentlab.core.data.Dataset;
import latentlab.core.data.DatasetException;
import latentlab.core.model.ModelCatalog;
import latentlab.core.model.ModelKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static latentlab.app.AppTestSupport.onFx;
import static latentlab.app.AppTestSupport.runFx;
import static latentlab.app.AppTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window as a classroom without network and without datasets sees it: started with no options,
 * it opens the shipped MNIST 2-D VAE, and the manifold and the editor work at once.
 */
@ExtendWith(ApplicationExtension.class)
class DefaultModelTest {
    /** A computer with no dataset at all on disk. */
    private static final DatasetSource NOTHING_ON_DISK = new DatasetSource() {
        @Override
        public Dataset load(String name) {
            throw new DatasetException(name + " is not on this computer (test)");
        }

        @Override
        public boolean present(String name) {
            return false;
        }
    };

    private BackgroundExecutors executors;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        executors = BackgroundExecutors.create();
        ModelCatalog shipped = new ModelCatalog(Optional.of(Path.of("models")), Path.of("target/no-user-models"));
        window = new MainWindow(new AppContext(executors.threads(Platform::runLater), NOTHING_ON_DISK,
                Optional.of(new ScriptedDialogs()), AppOptions.parse(List.of()), shipped));
        window.show(stage);
    }

    @AfterEach
    void stop() {
        runFx(window::shutdown);
        executors.shutdown(5_000);
    }

    @Test
    void withNoOptionsAndNoDataTheWindowOpensTheMnist2dVaeAndDecodesAtOnce() {
        waitFor(60, "the default model with its manifold and decoded image", () -> window.workspace().session() != null
                && window.manifold().viewModel().renderedProperty().get() != null
                && window.editor().viewModel().decodedProperty().get() != null);
        Workspace.Session s = onFx(() -> window.workspace().session());
        assertEquals("mnist", s.model().datasetName());
        assertEquals(ModelKind.VAE, s.model().config().kind());
        assertEquals(2, s.model().config().latent());
        assertTrue(s.model().epochsTrained() > 0, "the shipped model is trained");
        assertTrue(s.dataset().isAbsent(), "no MNIST on disk");
        assertEquals(10, s.dataset().classNames().size(), "the legend still knows the digits");
        assertEquals(TrainingState.READY, onFx(() -> window.training().state()));
        assertEquals(null, onFx(() -> window.training().modelFileProperty().get()),
                "Save must not overwrite the shipped file");
        Message m = onFx(() -> window.messages().lastProperty().get());
        assertTrue(m.text().contains("not on this computer") && m.text().contains("Datasets"), m.text());

        String mapNote = onFx(() -> window.latentMap().viewModel().emptyReasonProperty().get());
        assertTrue(mapNote.contains("not on this computer"), "the empty latent map says why: " + mapNote);

        float[] decoded = onFx(() -> window.editor().viewModel().decodedProperty().get().pixels());
        double mean = 0;
        for (float v : decoded) {
            mean += v;
        }
        mean /= decoded.length;
        assertTrue(mean > 0.03 && mean < 0.5, "a digit-like image: dark background, some ink; mean " + mean);
    }

    @Test
    void sampleDrawsACodeFromThePriorAndDecodesItWhileTestImagesAreOffWithoutData(FxRobot robot) {
        waitFor(60, "the default model decoded", () -> window.editor().viewModel().decodedProperty().get() != null);
        assertTrue(robot.lookup("#random-test-image").queryButton().isDisabled(), "no test images to pick");
        float[] before = onFx(() -> window.editor().viewModel().decodedProperty().get().pixels());
        runFx(() -> robot.lookup("#sample-code").queryButton().fire());
        waitFor(10, "a new decoded image", () -> window.editor().viewModel().decodedProperty().get().pixels() != before);
        float[] z = onFx(() -> window.editor().viewModel().codeProperty().get());
        assertEquals(2, z.length);
        assertTrue(z[0] != 0 || z[1] != 0, "a random code, not the origin");
        assertTrue(Math.abs(z[0]) < 6 && Math.abs(z[1]) < 6, "a draw from N(0, I): " + z[0] + ", " + z[1]);
        assertFalse(java.util.Arrays.equals(before, onFx(() -> window.editor().viewModel().decodedProperty().get().pixels())));
    }

    @Test
    void theShippedAutoencoderWithoutDataSpansTheCodeRangeItsFileRecords() {
        waitFor(60, "the default model", () -> window.workspace().session() != null
                && window.training().busyProperty().get().isEmpty());
        runFx(() -> window.training().openModel(Path.of("models/mnist-ae-2d.llab")));
        waitFor(60, "the AE opened", () -> window.workspace().session().model().config().kind() == ModelKind.AE
                && window.training().busyProperty().get().isEmpty());
        latentlab.core.model.EpochRecord last = onFx(() -> {
            var h = window.workspace().session().model().history();
            return h.get(h.size() - 1);
        });
        assertTrue(last.hasCodeBox(), "the shipped AE records its code range");
        waitFor(30, "the grid over the recorded range", () -> {
            if (window.manifold().viewModel().renderedProperty().get() == null) {
                return false;
            }
            double[] xs = window.manifold().viewModel().renderedProperty().get().grid().xs();
            double cell = (last.codeHigh().get(0) - last.codeLow().get(0)) / xs.length;
            return Math.abs(xs[0] - (last.codeLow().get(0) + cell / 2)) < 1e-6
                    && Math.abs(xs[xs.length - 1] - (last.codeHigh().get(0) - cell / 2)) < 1e-6;
        });
    }

    @Test
    void aModelWithTwentyDimensionsOpensOnTheTwoItUsesMostInTheManifoldAndTheMap() {
        waitFor(60, "the default model", () -> window.workspace().session() != null
                && window.training().busyProperty().get().isEmpty());
        runFx(() -> window.training().openModel(Path.of("models/mnist-vae-20d.llab")));
        waitFor(60, "the 20-dimensional VAE opened", () -> window.workspace().session().model().config().latent() == 20
                && window.training().busyProperty().get().isEmpty());
        latentlab.core.model.EpochRecord last = onFx(() -> {
            var h = window.workspace().session().model().history();
            return h.get(h.size() - 1);
        });
        // the oracle: the two dimensions whose recorded code means spread widest
        Integer[] byWidth = java.util.stream.IntStream.range(0, 20).boxed().toArray(Integer[]::new);
        java.util.Arrays.sort(byWidth, java.util.Comparator.comparingDouble(
                (Integer j) -> last.codeHigh().get(j) - last.codeLow().get(j)).reversed());
        assertFalse(byWidth[0] == 0 && byWidth[1] == 1, "this model's first two dimensions are not its widest");
        assertEquals(byWidth[0], onFx(() -> window.manifold().viewModel().dimXProperty().get()));
        assertEquals(byWidth[1], onFx(() -> window.manifold().viewModel().dimYProperty().get()));
        assertEquals(latentlab.app.latentmap.Projection.dims(byWidth[0], byWidth[1]),
                onFx(() -> window.latentMap().viewModel().projectionProperty().get()));
    }

    @Test
    void pressingTrainWithoutTheDataSaysWhatToDoAndStartsNothing() {
        waitFor(60, "the default model", () -> window.workspace().session() != null
                && window.training().busyProperty().get().isEmpty());
        runFx(window.training()::train);
        Message m = onFx(() -> window.messages().lastProperty().get());
        assertTrue(m.text().contains("nothing to train on") && m.text().contains("synthetic"), m.text());
        assertEquals(TrainingState.READY, onFx(() -> window.training().state()));
        assertFalse(onFx(() -> window.workspace().isTraining()));
    }
}

package latentlab.app.train;

import latentlab.app.AppTestSupport;
import latentlab.app.Workspace;
import latentlab.app.chart.LossHistory;
import latentlab.app.chart.LossSeries;
import latentlab.app.common.Message;
import latentlab.app.common.Threads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training panel's logic without a window: everything runs on the test's thread. */
class TrainingViewModelTest {
    private final Workspace workspace = new Workspace();
    private final LossHistory history = new LossHistory();
    private final List<Message> messages = new ArrayList<>();
    private final TrainingViewModel vm = new TrainingViewModel(workspace, Threads.direct(),
            AppTestSupport.smallDatasets(), messages::add, history);

    @TempDir
    Path tmp;

    private void loadTinyModel() {
        vm.settings().hiddenProperty().set("16");
        vm.loadDataset("synthetic");
        assertEquals(TrainingState.READY, vm.state());
    }

    @Test
    void trainingFillsTheHistoryAndEndsReadyWithTheTestElbo() {
        loadTinyModel();
        vm.settings().epochsProperty().set(2);
        vm.train();
        vm.frame();
        assertEquals(TrainingState.READY, vm.state());
        assertEquals(2 * AppTestSupport.TRAIN_IMAGES / 100, history.size(LossSeries.TOTAL));
        assertEquals(2, history.size(LossSeries.TEST));
        assertEquals(2.0, history.xs(LossSeries.TOTAL)[history.size(LossSeries.TOTAL) - 1], 1e-9, "x is in epochs");
        assertTrue(vm.elboTextProperty().get().contains("test ELBO"), vm.elboTextProperty().get());
        assertTrue(messages.getLast().text().startsWith("Trained 2 epochs"), messages.getLast().text());
        assertTrue(vm.unsavedProperty().get());
    }

    @Test
    void anEpochsTextsChangeOnlyInTheFramesWhereTheFiguresChangeOrTheRunEnds() throws InterruptedException {
        ExecutorService trainer = Executors.newSingleThreadExecutor();
        try {
            Executor direct = Runnable::run;
            TrainingViewModel live = new TrainingViewModel(new Workspace(), new Threads(trainer, direct, direct, direct),
                    AppTestSupport.smallDatasets(), m -> { }, new LossHistory());
            live.settings().hiddenProperty().set("16");
            live.loadDataset("synthetic");
            live.settings().epochsProperty().set(20);
            live.train();
            List<String> alone = new ArrayList<>();
            List<String> texts = texts(live);
            long figures = live.figuresShownNanos();
            int frames = 0;
            while (live.state() == TrainingState.TRAINING) {
                live.frame();
                frames++;
                List<String> now = texts(live);
                boolean ended = live.state() != TrainingState.TRAINING;
                if (!now.equals(texts) && live.figuresShownNanos() == figures && !ended) {
                    alone.add(now.toString());
                }
                texts = now;
                figures = live.figuresShownNanos();
                Thread.sleep(1);
            }

            assertTrue(frames >= 5, "the run lasted " + frames + " frames");
            assertEquals(List.of(), alone, "texts that changed in a frame of their own");
            assertEquals(List.of("epoch 20 (20 of 20)", "test ELBO", "20 epochs"),
                    List.of(texts.get(0), texts.get(1).substring(0, 9), texts.get(2).substring(texts.get(2).length() - 9)),
                    "the end shows the last epoch's texts: " + texts);
        } finally {
            trainer.shutdownNow();
        }
    }

    private static List<String> texts(TrainingViewModel vm) {
        return List.of(vm.epochTextProperty().get(), vm.elboTextProperty().get(), vm.modelDescriptionProperty().get());
    }

    @Test
    void aMissingDatasetIsExplainedAndTheLoadedOneStays() {
        loadTinyModel();
        vm.loadDataset("folder:" + tmp.resolve("no-such-folder"));
        assertEquals(Message.Severity.ERROR, messages.getLast().severity());
        assertTrue(messages.getLast().text().contains("no-such-folder"), messages.getLast().text());
        assertEquals("synthetic", vm.datasetNameProperty().get());
        assertEquals(TrainingState.READY, vm.state());
    }

    @Test
    void wrongSettingsSayWhatIsWrongAndDoNotTrain() {
        loadTinyModel();
        vm.settings().hiddenProperty().set("512,abc");
        vm.train();
        assertEquals(Message.Severity.ERROR, messages.getLast().severity());
        assertTrue(messages.getLast().text().contains("Hidden sizes"), messages.getLast().text());
        assertEquals(0, history.size(LossSeries.TOTAL));
    }

    @Test
    void aSettingsEditThatSettlesAfterShutdownStartsNoNewModel() {
        loadTinyModel();
        var before = workspace.session().model();
        vm.settings().latentProperty().set(3);
        vm.shutdown();                                                                // the window closed; its executors end
        vm.applySettingsIfUntrained();                                                // the edit's settle comes late
        assertSame(before, workspace.session().model());
        assertEquals(2, workspace.session().model().config().latent());
    }

    @Test
    void changedArchitectureStartsANewModelWhenTraining() {
        loadTinyModel();
        vm.settings().latentProperty().set(3);
        vm.settings().epochsProperty().set(1);
        vm.train();
        vm.frame();
        assertEquals(3, workspace.session().model().config().latent());
        assertTrue(messages.stream().anyMatch(m -> m.text().contains("Started a new")), messages.toString());
    }

    @Test
    void aSavedModelOpensWithItsSettingsAndHistory() {
        loadTinyModel();
        vm.settings().epochsProperty().set(1);
        vm.train();
        vm.frame();
        Path file = tmp.resolve("tiny.llab");
        vm.saveModel(file);
        assertTrue(Files.isRegularFile(file));
        vm.settings().hiddenProperty().set("8");
        vm.resetModel();
        assertEquals(0, workspace.session().model().epochsTrained());
        vm.openModel(file);
        assertEquals("16", vm.settings().hiddenProperty().get());
        assertEquals(1, workspace.session().model().epochsTrained());
        assertEquals(1, history.size(LossSeries.TEST));
        assertEquals(file, vm.modelFileProperty().get());
    }

    @Test
    void aDivergingRunSaysSoAndKeepsTheLastGoodWeights() {
        loadTinyModel();
        vm.settings().learningRateProperty().set(1e12);
        vm.settings().epochsProperty().set(3);
        vm.train();
        vm.frame();
        assertEquals(TrainingState.READY, vm.state());
        Message last = messages.getLast();
        if (last.severity() == Message.Severity.ERROR) {
            assertTrue(last.text().contains("diverged"), last.text());
        }
        float[] params = workspace.session().model().params().toFloatVector();
        for (float p : params) {
            assertTrue(Float.isFinite(p), "weights stay finite");
        }
    }
}

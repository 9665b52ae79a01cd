package latentlab.app.compare;

import latentlab.app.AppTestSupport;
import latentlab.app.chart.LossSeries;
import latentlab.app.common.Message;
import latentlab.app.common.Threads;
import latentlab.core.data.DatasetCatalog;
import latentlab.core.model.ModelFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Compare view-model without a window: every executor is the calling thread, so each command has
 * trained and measured by the time it returns (and {@link CompareViewModel#frame()} has drained).
 */
class CompareViewModelTest {
    private final List<Message> messages = new ArrayList<>();
    private CompareViewModel vm;

    @TempDir
    Path dir;

    @BeforeEach
    void loadTheSyntheticFaces() {
        vm = new CompareViewModel(Threads.direct(), AppTestSupport.smallDatasets(), messages::add);
        vm.datasetNameProperty().set(DatasetCatalog.SYNTHETIC);
        vm.hiddenProperty().set("16");
        vm.epochsProperty().set(1);
        vm.loadDataset();
        assertNotNull(vm.datasetProperty().get(), "loaded: " + messages);
    }

    private void trainBoth() {
        vm.trainBoth();
        vm.frame();
    }

    @Test
    void trainingBothFillsBothCurvesAndMeasuresBothModels() {
        trainBoth();
        assertFalse(vm.runningProperty().get());
        for (CompareViewModel.Side side : List.of(vm.ae(), vm.vae())) {
            assertEquals(1, side.model().epochsTrained(), side.kind() + " trained");
            assertEquals(1, side.history().size(LossSeries.TEST), side.kind() + ": one test point");
            assertTrue(side.history().size(LossSeries.TOTAL) > 0, side.kind() + ": step points");
            assertNotNull(side.panelProperty().get(), side.kind() + " measured");
            assertTrue(side.summaryProperty().get().startsWith("Holes: "), side.summaryProperty().get());
        }
        assertSame(vm.ae().panelProperty().get().shown().grid(), vm.vae().panelProperty().get().shown().grid(),
                "the default region is one grid for both");
        assertTrue(messages.stream().noneMatch(m -> m.severity() == Message.Severity.ERROR), messages.toString());
    }

    @Test
    void bothModelsShareTheArchitectureAndSeed() {
        trainBoth();
        var a = vm.ae().model().config();
        var v = vm.vae().model().config();
        assertEquals(a.hidden(), v.hidden());
        assertEquals(a.latent(), v.latent());
        assertEquals(a.seed(), v.seed());
        assertEquals(a.withKind(v.kind()).withBeta(v.beta()), v);
    }

    @Test
    void continuingTheVaeTrainsItFurtherWithTheNewBetaAndLeavesTheAe() {
        trainBoth();
        vm.betaProperty().set(0);
        vm.continueVae();
        vm.frame();
        assertEquals(2, vm.vae().model().epochsTrained());
        assertEquals(0.0, vm.vae().model().config().beta(), 0.0);
        assertEquals(2, vm.vae().history().size(LossSeries.TEST), "the curve goes on");
        assertEquals(1, vm.ae().model().epochsTrained());
    }

    @Test
    void retrainingTheVaeStartsItAfresh() {
        trainBoth();
        vm.betaProperty().set(2);
        vm.retrainVae();
        vm.frame();
        assertEquals(1, vm.vae().model().epochsTrained());
        assertEquals(2.0, vm.vae().model().config().beta(), 0.0);
        assertTrue(vm.vae().titleProperty().get().startsWith("VAE beta=2"), vm.vae().titleProperty().get());
    }

    @Test
    void theSamplingRuleRegionShowsEachModelsOwnGrid() {
        trainBoth();
        vm.regionProperty().set(CompareRenderer.Region.OWN);
        for (CompareViewModel.Side side : List.of(vm.ae(), vm.vae())) {
            CompareRenderer.Panel p = side.panelProperty().get();
            assertSame(p.analysis().own(), p.shown(), side.kind().name());
        }
        assertTrue(vm.regionTextProperty().get().contains("sampling rule"));
    }

    @Test
    void aDrawnBoxBecomesTheSharedRegion() {
        trainBoth();
        vm.customBoxProperty().set(new double[]{-1, 2, -3, 4});
        vm.regionProperty().set(CompareRenderer.Region.CUSTOM);
        double[] extent = vm.vae().panelProperty().get().shown().grid().extent();
        assertEquals(-1, extent[0], 1e-9);
        assertEquals(2, extent[1], 1e-9);
        assertEquals(-3, extent[2], 1e-9);
        assertEquals(4, extent[3], 1e-9);
    }

    @Test
    void loadsTwoSavedModelsWithTheirHistories() {
        trainBoth();
        Path ae = dir.resolve("ae.llab");
        Path vae = dir.resolve("vae.llab");
        ModelFile.save(vm.ae().model(), ae);
        ModelFile.save(vm.vae().model(), vae);
        vm.continueVae();                                                            // now two epochs
        vm.frame();
        assertEquals(2, vm.vae().model().epochsTrained());
        vm.loadModels(ae, vae);
        assertEquals(1, vm.vae().model().epochsTrained(), "the saved VAE");
        assertEquals(1, vm.vae().history().size(LossSeries.TEST), "its saved epoch is charted");
        assertEquals(1, vm.ae().history().size(LossSeries.TEST));
        assertNotNull(vm.vae().panelProperty().get());
    }

    @Test
    void loadingAVaeAsTheAeSaysWhichIsWhich() {
        trainBoth();
        Path ae = dir.resolve("ae.llab");
        Path vae = dir.resolve("vae.llab");
        ModelFile.save(vm.ae().model(), ae);
        ModelFile.save(vm.vae().model(), vae);
        vm.loadModels(vae, ae);
        assertTrue(messages.stream().anyMatch(m -> m.severity() == Message.Severity.ERROR
                && m.text().contains("Choose an AE first")), messages.toString());
    }

    @Test
    void hiddenSizesAreReadOrRefusedWithAMessage() {
        assertEquals(List.of(512, 256), CompareViewModel.parseHidden("512, 256"));
        assertThrows(IllegalArgumentException.class, () -> CompareViewModel.parseHidden("wide"));
        vm.hiddenProperty().set("0");
        vm.trainBoth();
        assertTrue(messages.stream().anyMatch(m -> m.text().contains("Hidden layers")), messages.toString());
    }
}

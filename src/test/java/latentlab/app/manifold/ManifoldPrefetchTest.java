package latentlab.app.manifold;

import latentlab.app.Workspace;
import latentlab.app.common.Message;
import latentlab.app.common.Threads;
import latentlab.core.data.Dataset;
import latentlab.core.data.SyntheticFaces;
import latentlab.core.model.Activation;
import latentlab.core.model.DecoderKind;
import latentlab.core.model.Model;
import latentlab.core.model.ModelConfig;
import latentlab.core.model.ModelKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The manifold's first grid of a model just read is decoded ahead, while the window is still being shown
 * ({@link ManifoldViewModel#prefetch}); it is used only when it is exactly what a fresh decode would draw.
 * Everything runs on the test's thread, so the decode ahead has ended when prefetch returns.
 */
class ManifoldPrefetchTest {
    private static Dataset data;

    private final List<Message> messages = new ArrayList<>();
    private final Workspace workspace = new Workspace();
    private final ManifoldViewModel vm = new ManifoldViewModel(workspace, Threads.direct(), messages::add);

    @BeforeAll
    static void makeData() {
        data = SyntheticFaces.dataset(300, 100, 5L);
    }

    private static Workspace.Session session(long seed) {
        Model model = Model.initialise(new ModelConfig(ModelKind.VAE, data.shape(), List.of(32), 2, Activation.RELU,
                DecoderKind.BERNOULLI, 1.0, seed), data);
        return new Workspace.Session(data, model);
    }

    /** The images a view-model that decoded nothing ahead draws for this session (its default grid). */
    private static float[] freshlyDecoded(Workspace.Session s) {
        Workspace w = new Workspace();
        ManifoldViewModel other = new ManifoldViewModel(w, Threads.direct(), m -> { });
        w.setSession(s);
        assertEquals(1, other.decodes());
        return other.renderedProperty().get().images();
    }

    @Test
    void theFirstGridOfAModelJustReadIsNotDecodedAgainWhenShownAndIsWhatAFreshDecodeDraws() {
        Workspace.Session s = session(1);
        vm.prefetch(s);
        assertEquals(1, vm.decodes(), "decoded ahead");
        workspace.setSession(s);
        ManifoldViewModel.Rendered r = vm.renderedProperty().get();
        assertNotNull(r);
        assertEquals(1, vm.decodes(), "shown without decoding again");
        assertEquals(ManifoldViewModel.DEFAULT_N, r.grid().n());
        assertArrayEquals(freshlyDecoded(s), r.images());
        assertEquals(List.of(), messages);
    }

    @Test
    void weightsThatChangedAfterTheDecodeAheadAreDecodedAfresh() {
        Workspace.Session s = session(1);
        vm.prefetch(s);
        s.model().params().addi(0.25f);
        workspace.setSession(s);
        assertEquals(2, vm.decodes());
        assertArrayEquals(freshlyDecoded(s), vm.renderedProperty().get().images());
    }

    @Test
    void anotherGridSizeAskedForBeforeTheModelIsShownIsDecodedAfresh() {
        Workspace.Session s = session(1);
        vm.prefetch(s);
        vm.nProperty().set(8);
        workspace.setSession(s);
        assertEquals(2, vm.decodes());
        assertEquals(8, vm.renderedProperty().get().grid().n());
    }

    @Test
    void aGridDecodedAheadForAnotherModelIsNotShown() {
        Workspace.Session a = session(1);
        Workspace.Session b = session(2);
        vm.prefetch(a);
        workspace.setSession(b);
        assertEquals(2, vm.decodes());
        float[] shown = vm.renderedProperty().get().images();
        assertArrayEquals(freshlyDecoded(b), shown);
        assertFalse(java.util.Arrays.equals(freshlyDecoded(a), shown), "the two models draw different grids");
    }
}

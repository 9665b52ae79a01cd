package latentlab.core.train;

import latentlab.core.data.Dataset;
import latentlab.core.data.SyntheticFaces;
import latentlab.core.model.Activation;
import latentlab.core.model.DecoderKind;
import latentlab.core.model.EpochRecord;
import latentlab.core.model.Model;
import latentlab.core.model.ModelConfig;
import latentlab.core.model.ModelKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Two threads train the model that one thread trains, to float rounding, and reproducibly. */
class ParallelTrainingTest {
    private static Dataset data;

    @BeforeAll
    static void makeData() {
        data = SyntheticFaces.dataset(600, 200, 9L);
    }

    @AfterEach
    void restoreThreads() {
        NativeThreads.use(NativeThreads.available());
        NativeThreads.useForTraining(NativeThreads.available());
    }

    private static Model train(int threads, int epochs) {
        NativeThreads.use(threads);
        NativeThreads.useForTraining(threads);
        Model model = Model.initialise(new ModelConfig(ModelKind.VAE, data.shape(), List.of(64), 2, Activation.RELU,
                DecoderKind.BERNOULLI, 1.0, 3L), data);
        TrainingOutcome outcome = new Trainer(Runnable::run).start(model, data, new TrainConfig(epochs, 100, 3e-3, 0, 4L),
                TrainingListener.NONE).outcome().join();
        assertEquals(TrainingOutcome.Status.COMPLETED, outcome.status(), outcome.message());
        return model;
    }

    @Test
    void twoThreadsFollowTheLossCurveOfOne() {
        List<EpochRecord> one = train(1, 3).history();
        List<EpochRecord> two = train(2, 3).history();
        for (int e = 0; e < 3; e++) {
            assertEquals(one.get(e).trainRecon(), two.get(e).trainRecon(),
                    1e-4 * Math.abs(one.get(e).trainRecon()), "train reconstruction, epoch " + (e + 1));
            assertEquals(one.get(e).testElbo(), two.get(e).testElbo(), 1e-4 * Math.abs(one.get(e).testElbo()),
                    "test ELBO, epoch " + (e + 1));
        }
    }

    @Test
    void aTwoThreadRunIsReproducible() {
        float[] first = train(2, 1).params().data().asFloat();
        float[] second = train(2, 1).params().data().asFloat();
        assertArrayEquals(first, second, 0f);
    }

    @Test
    void theWindowsSplitTrainsOnItsTrainingThreadsAndPutsBackItsOwnBlasThreads() {
        // the window: one thread for its own products, every core for training (here 2)
        NativeThreads.use(1);
        NativeThreads.useForTraining(2);
        assertEquals(2, NativeThreads.training());
        Model model = Model.initialise(new ModelConfig(ModelKind.VAE, data.shape(), List.of(64), 2, Activation.RELU,
                DecoderKind.BERNOULLI, 1.0, 3L), data);
        new Trainer(Runnable::run).start(model, data, new TrainConfig(1, 100, 3e-3, 0, 4L), TrainingListener.NONE)
                .outcome().join();
        float[] split = model.params().data().asFloat();
        assertArrayEquals(train(2, 1).params().data().asFloat(), split, 0f, "the same model as a 2-thread run");
        assertFalse(java.util.Arrays.equals(train(1, 1).params().data().asFloat(), split),
                "and not the 1-thread one (they differ in float rounding), so 2 threads trained it");
    }
}

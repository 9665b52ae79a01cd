package latentlab.core.model;

import latentlab.core.data.Dataset;
import latentlab.core.data.SyntheticFaces;
import latentlab.core.train.TrainConfig;
import latentlab.core.train.Trainer;
import latentlab.core.train.TrainingEvent;
import latentlab.core.train.TrainingListener;
import latentlab.core.train.TrainingOutcome;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Arrays given back by one training run and taken by the next. */
class FloatArraysTest {
    /** A length no other test's networks use. */
    private static final int N = 12_347;

    @Test
    void anArrayGivenBackIsTakenAgainAndComesBackZeroed() {
        float[] a = FloatArrays.zeros(N);
        java.util.Arrays.fill(a, 3f);
        FloatArrays.giveBack(a);
        float[] b = FloatArrays.zeros(N);
        assertSame(a, b);
        assertArrayEquals(new float[N], b, 0f);
    }

    @Test
    void anArrayGivenBackTwiceIsHandedOutOnlyOnce() {
        float[] a = FloatArrays.zeros(N + 1);
        FloatArrays.giveBack(a);
        FloatArrays.giveBack(a);
        assertEquals(1, FloatArrays.kept(N + 1));
        float[] first = FloatArrays.zeros(N + 1);
        float[] second = FloatArrays.zeros(N + 1);
        assertSame(a, first);
        assertNotSame(first, second);
    }

    @Test
    void aCopyInAGivenBackArrayHoldsTheSourcesValues() {
        float[] sevens = FloatArrays.zeros(N + 2);
        java.util.Arrays.fill(sevens, 7f);
        FloatArrays.giveBack(sevens);
        float[] source = new float[N + 2];
        for (int i = 0; i < source.length; i++) {
            source[i] = i * 0.5f;
        }
        assertArrayEquals(source, FloatArrays.copyOf(source), 0f);
        assertArrayEquals(source, FloatArrays.copyOf(source), 0f);                        // and in a new one
    }

    @Test
    void aRunOnTheBuffersAnEarlierRunGaveBackTrainsExactlyAsThatRun() {
        Dataset data = SyntheticFaces.dataset(600, 200, 5L);
        ModelConfig config = new ModelConfig(ModelKind.VAE, data.shape(), List.of(48), 2, Activation.RELU,
                DecoderKind.BERNOULLI, 1.0, 9L);
        int p = Math.toIntExact(ParameterLayout.of(config).size());
        Model first = Model.initialise(config, data);
        train(first, data, TrainingListener.NONE);
        // the parameters, both moments, the gradient and the last good weights, all [P]
        int kept = FloatArrays.kept(p);
        assertTrue(kept >= 5, "arrays of the parameters' length given back: " + kept);

        FloatArrays.fillKept(Float.NaN);                                                  // no taker may see this
        Model second = Model.initialise(config, data);
        AtomicInteger keptDuringRun = new AtomicInteger(-1);
        train(second, data, event -> {
            if (event instanceof TrainingEvent.Iteration) {
                keptDuringRun.compareAndSet(-1, FloatArrays.kept(p));
            }
        });
        assertEquals(kept - 5, keptDuringRun.get(), "the second run took the five arrays back");
        assertArrayEquals(first.params().data().asFloat(), second.params().data().asFloat(), 0f);
        assertEquals(first.history().getLast().testElbo(), second.history().getLast().testElbo(), 0.0);
    }

    @Test
    void aNetworkThatIsNeverReleasedTakesNoneOfTheArraysARunGaveBack() {
        Dataset data = SyntheticFaces.dataset(300, 100, 6L);
        ModelConfig config = new ModelConfig(ModelKind.VAE, data.shape(), List.of(40), 3, Activation.RELU,
                DecoderKind.BERNOULLI, 1.0, 2L);
        train(Model.initialise(config, data), data, TrainingListener.NONE);
        int firstLayer = data.shape().pixels() * 40;                                     // the restricted weights [D, H]
        int kept = FloatArrays.kept(firstLayer);
        assertTrue(kept >= 2, "first-layer buffers given back: " + kept);
        Model model = Model.initialise(config, data);
        model.network().encode(latentlab.core.model.Batches.matrix(data.test()));        // a view's network
        assertEquals(kept, FloatArrays.kept(firstLayer));
    }

    private static void train(Model model, Dataset data, TrainingListener listener) {
        TrainingOutcome outcome = new Trainer(Runnable::run).start(model, data, new TrainConfig(2, 100, 3e-3, 0, 4L),
                listener).outcome().join();
        assertEquals(TrainingOutcome.Status.COMPLETED, outcome.status(), outcome.message());
    }
}

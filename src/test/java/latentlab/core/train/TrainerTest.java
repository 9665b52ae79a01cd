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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trainer's events, its control from another thread, divergence and KL warm-up. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TrainerTest {
    private static final int BATCH = 100;
    private static Dataset data;
    private ExecutorService executor;

    @BeforeAll
    static void makeData() {
        data = SyntheticFaces.dataset(600, 200, 5L);
    }

    @BeforeEach
    void startExecutor() {
        executor = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void stopExecutor() throws InterruptedException {
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(30, TimeUnit.SECONDS), "the training thread did not end");
    }

    private static Model vae(DecoderKind decoder) {
        return Model.initialise(new ModelConfig(ModelKind.VAE, data.shape(), List.of(64), 2, Activation.RELU,
                decoder, 1.0, 1L), data);
    }

    private static int stepsPerEpoch() {
        return (data.train().size() + BATCH - 1) / BATCH;
    }

    /** Records every event, thread-safely. */
    private static final class Recorder implements TrainingListener {
        final List<TrainingEvent> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onEvent(TrainingEvent event) {
            events.add(event);
        }

        List<TrainingEvent.Iteration> iterations() {
            synchronized (events) {
                return events.stream().filter(e -> e instanceof TrainingEvent.Iteration)
                        .map(e -> (TrainingEvent.Iteration) e).toList();
            }
        }

        List<TrainingEvent.Epoch> epochs() {
            synchronized (events) {
                return events.stream().filter(e -> e instanceof TrainingEvent.Epoch)
                        .map(e -> (TrainingEvent.Epoch) e).toList();
            }
        }

        int iterationCount() {
            return iterations().size();
        }
    }

    private static void awaitTrue(BooleanSupplier condition, long timeoutMillis, String what) throws InterruptedException {
        long end = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void aCompletedRunReportsEveryStepThenEveryEpochThenTheOutcome() {
        Recorder rec = new Recorder();
        Model model = vae(DecoderKind.BERNOULLI);
        TrainingOutcome outcome = new Trainer(Runnable::run).start(model, data,
                new TrainConfig(3, BATCH, 3e-3, 0, 1L), rec).outcome().join();

        assertEquals(TrainingOutcome.Status.COMPLETED, outcome.status(), outcome.message());
        assertEquals(3, outcome.epochs());
        List<TrainingEvent.Iteration> its = rec.iterations();
        assertEquals(3 * stepsPerEpoch(), its.size());
        for (int i = 0; i < its.size(); i++) {
            assertEquals(i + 1, its.get(i).iteration());
            assertEquals(1 + i / stepsPerEpoch(), its.get(i).epoch());
            assertTrue(Double.isFinite(its.get(i).reconstruction()) && Double.isFinite(its.get(i).kl()));
        }
        assertEquals(1.0, its.get(its.size() - 1).fractionDone(), 1e-12);
        List<TrainingEvent.Epoch> epochs = rec.epochs();
        assertEquals(3, epochs.size());
        for (int e = 0; e < 3; e++) {
            assertEquals(e + 1, epochs.get(e).record().epoch());
            assertTrue(Double.isFinite(epochs.get(e).record().testElbo()));
        }
        assertEquals(0.0, epochs.get(2).secondsRemaining(), 0.0);
        TrainingEvent last = rec.events.get(rec.events.size() - 1);
        assertInstanceOf(TrainingEvent.Finished.class, last);
        assertEquals(outcome, ((TrainingEvent.Finished) last).outcome());
        assertEquals(3, model.history().size());
        assertEquals(3L * stepsPerEpoch(), model.optimizerState().iteration());
    }

    @Test
    void theTestElboImprovesOverThreeEpochs() {
        Recorder rec = new Recorder();
        new Trainer(Runnable::run).start(vae(DecoderKind.BERNOULLI), data, new TrainConfig(3, BATCH, 3e-3, 0, 1L), rec)
                .outcome().join();
        List<EpochRecord> r = rec.epochs().stream().map(TrainingEvent.Epoch::record).toList();
        System.out.printf("trainer: test ELBO by epoch %.2f %.2f %.2f%n", r.get(0).testElbo(), r.get(1).testElbo(),
                r.get(2).testElbo());
        assertTrue(r.get(1).testElbo() > r.get(0).testElbo(), "epoch 2 " + r.get(1).testElbo() + " vs 1 " + r.get(0).testElbo());
        assertTrue(r.get(2).testElbo() > r.get(1).testElbo(), "epoch 3 " + r.get(2).testElbo() + " vs 2 " + r.get(1).testElbo());
    }

    @Test
    void startReturnsBeforeTrainingCompletes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch firstStep = new CountDownLatch(1);
        TrainingRun run = new Trainer(executor).start(vae(DecoderKind.BERNOULLI), data,
                new TrainConfig(1, BATCH, 1e-3, 0, 1L), e -> {
                    if (e instanceof TrainingEvent.Iteration) {
                        firstStep.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException ex) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
        assertFalse(run.isDone(), "start() waited for training");
        assertTrue(firstStep.await(30, TimeUnit.SECONDS), "training did not begin");
        assertFalse(run.outcome().isDone());
        release.countDown();
        TrainingOutcome outcome = run.outcome().get(60, TimeUnit.SECONDS);
        assertEquals(TrainingOutcome.Status.COMPLETED, outcome.status());
    }

    @Test
    void pauseHoldsTrainingAndResumeContinuesIt() throws Exception {
        Recorder rec = new Recorder();
        TrainingRun run = new Trainer(executor).start(vae(DecoderKind.BERNOULLI), data,
                new TrainConfig(1000, BATCH, 1e-3, 0, 1L), rec);
        awaitTrue(() -> rec.iterationCount() >= 3, 30_000, "three steps");
        run.pause();
        assertTrue(run.isPaused());
        Thread.sleep(300);                                                         // the step in flight ends
        int held = rec.iterationCount();
        Thread.sleep(700);
        assertEquals(held, rec.iterationCount(), "steps went on while paused");
        assertFalse(run.isDone());

        run.resume();
        assertFalse(run.isPaused());
        awaitTrue(() -> rec.iterationCount() >= held + 3, 30_000, "steps after resume");
        run.cancel();
        assertEquals(TrainingOutcome.Status.CANCELLED, run.outcome().get(30, TimeUnit.SECONDS).status());
    }

    @Test
    void cancelEndsTheRunPromptlyAndKeepsTheTrainedWeights() throws Exception {
        Recorder rec = new Recorder();
        Model model = vae(DecoderKind.BERNOULLI);
        float[] initial = model.params().toFloatVector();
        TrainingRun run = new Trainer(executor).start(model, data, new TrainConfig(1000, BATCH, 1e-3, 0, 1L), rec);
        awaitTrue(() -> rec.iterationCount() >= 5, 30_000, "five steps");
        long t0 = System.nanoTime();
        run.cancel();
        TrainingOutcome outcome = run.outcome().get(10, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 2, "cancel took " + seconds + " s");
        assertEquals(TrainingOutcome.Status.CANCELLED, outcome.status());
        assertTrue(outcome.message().contains("stopped"), outcome.message());
        assertTrue(run.isCancelled());

        int steps = rec.iterationCount();
        assertEquals(steps, model.optimizerState().iteration(), "the model's step count and the reported steps differ");
        float[] now = model.params().toFloatVector();
        assertFalse(java.util.Arrays.equals(initial, now), "the weights were not trained");
        for (float v : now) {
            assertTrue(Float.isFinite(v));
        }
        assertInstanceOf(TrainingEvent.Finished.class, rec.events.get(rec.events.size() - 1));
    }

    @Test
    void cancellingWhilePausedEndsTheRun() throws Exception {
        Recorder rec = new Recorder();
        TrainingRun run = new Trainer(executor).start(vae(DecoderKind.BERNOULLI), data,
                new TrainConfig(1000, BATCH, 1e-3, 0, 1L), rec);
        awaitTrue(() -> rec.iterationCount() >= 2, 30_000, "two steps");
        run.pause();
        Thread.sleep(200);
        run.cancel();
        assertEquals(TrainingOutcome.Status.CANCELLED, run.outcome().get(10, TimeUnit.SECONDS).status());
    }

    @Test
    void aRunWithAHugeLearningRateDivergesAndKeepsFiniteWeights() {
        Recorder rec = new Recorder();
        Model model = vae(DecoderKind.GAUSSIAN);
        TrainingOutcome outcome = new Trainer(Runnable::run).start(model, data,
                new TrainConfig(20, BATCH, 1e6, 0, 1L), rec).outcome().join();
        assertEquals(TrainingOutcome.Status.DIVERGED, outcome.status(), outcome.message());
        assertTrue(outcome.message().contains("learning rate"), outcome.message());
        assertTrue(outcome.message().contains("1.00000e+06"), outcome.message());
        for (float v : model.params().toFloatVector()) {
            assertTrue(Float.isFinite(v), "non-finite weight kept after divergence");
        }
        assertTrue(Double.isFinite(model.network().loss(
                latentlab.core.model.Batches.rows(latentlab.core.model.Batches.matrix(data.test()), 0, 10),
                org.nd4j.linalg.factory.Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 10, 2), 1.0).objective()),
                "the kept weights do not give a finite loss");
        assertInstanceOf(TrainingEvent.Finished.class, rec.events.get(rec.events.size() - 1));
    }

    @Test
    void klWarmUpRaisesBetaLinearlyFromZeroToTheTarget() {
        Recorder rec = new Recorder();
        Model model = Model.initialise(new ModelConfig(ModelKind.VAE, data.shape(), List.of(32), 2, Activation.RELU,
                DecoderKind.BERNOULLI, 0.8, 1L), data);
        new Trainer(Runnable::run).start(model, data, new TrainConfig(3, BATCH, 1e-3, 2, 1L), rec).outcome().join();
        List<TrainingEvent.Iteration> its = rec.iterations();
        int steps = stepsPerEpoch();
        assertEquals(3 * steps, its.size());
        assertEquals(0.0, its.get(0).beta(), 1e-12, "beta of the very first step");
        assertEquals(0.4, its.get(steps).beta(), 1e-12, "beta at the start of epoch 2, half-way through the warm-up");
        double previous = -1;
        for (int i = 0; i < its.size(); i++) {
            double epochsDone = (double) i / steps;
            double expected = 0.8 * Math.min(1, epochsDone / 2);
            assertEquals(expected, its.get(i).beta(), 1e-12, "step " + (i + 1));
            assertTrue(its.get(i).beta() >= previous);
            previous = its.get(i).beta();
        }
        for (int i = 2 * steps; i < 3 * steps; i++) {
            assertEquals(0.8, its.get(i).beta(), 1e-12, "after the warm-up, step " + (i + 1));
        }
        assertEquals(0.8, model.history().get(2).beta(), 1e-12);
    }

    @Test
    void warmUpContinuesWhereItStoppedWhenTrainingResumes() {
        Recorder rec = new Recorder();
        Model model = vae(DecoderKind.BERNOULLI);
        TrainConfig cfg = new TrainConfig(1, BATCH, 1e-3, 4, 1L);
        new Trainer(Runnable::run).start(model, data, cfg, TrainingListener.NONE).outcome().join();
        new Trainer(Runnable::run).start(model, data, cfg, rec).outcome().join();
        assertEquals(0.25, rec.iterations().get(0).beta(), 1e-12, "the second run starts a quarter into the warm-up");
    }

    @Test
    void anAutoencoderReportsNoKlAndNoBeta() {
        Recorder rec = new Recorder();
        Model model = Model.initialise(new ModelConfig(ModelKind.AE, data.shape(), List.of(32), 2, Activation.RELU,
                DecoderKind.BERNOULLI, 1.0, 1L), data);
        TrainingOutcome outcome = new Trainer(Runnable::run).start(model, data, new TrainConfig(1, BATCH, 1e-3, 0, 1L), rec)
                .outcome().join();
        assertEquals(TrainingOutcome.Status.COMPLETED, outcome.status());
        for (TrainingEvent.Iteration it : rec.iterations()) {
            assertEquals(0.0, it.kl(), 0.0);
            assertEquals(0.0, it.beta(), 0.0);
        }
        assertEquals(0.0, model.history().get(0).testKl(), 0.0);
    }

    @Test
    void eachEpochRecordsTheBoxThatTheTestCodesSpan() {
        Model model = Model.initialise(new ModelConfig(ModelKind.AE, data.shape(), List.of(32), 2, Activation.RELU,
                DecoderKind.BERNOULLI, 1.0, 1L), data);
        new Trainer(Runnable::run).start(model, data, new TrainConfig(2, BATCH, 1e-3, 0, 1L), e -> { }).outcome().join();
        EpochRecord last = model.history().get(1);
        assertTrue(last.hasCodeBox());
        // the oracle: the same network's codes for the first test images, min and max per dimension
        int n = Math.min(EpochRecord.CODE_BOX_IMAGES, data.test().size());
        org.nd4j.linalg.api.ndarray.INDArray z = model.network()
                .encode(latentlab.core.model.Batches.matrix(data.test().head(n)))[0];
        for (int j = 0; j < 2; j++) {
            assertEquals(z.getColumn(j).minNumber().doubleValue(), last.codeLow().get(j), 1e-6);
            assertEquals(z.getColumn(j).maxNumber().doubleValue(), last.codeHigh().get(j), 1e-6);
            assertTrue(last.codeLow().get(j) < last.codeHigh().get(j), "the codes are spread");
        }
    }

    @Test
    void aListenerThatThrowsEndsTheRunAsFailedWithAMessage() throws Exception {
        AtomicInteger finished = new AtomicInteger();
        TrainingRun run = new Trainer(executor).start(vae(DecoderKind.BERNOULLI), data,
                new TrainConfig(1, BATCH, 1e-3, 0, 1L), e -> {
                    if (e instanceof TrainingEvent.Finished) {
                        finished.incrementAndGet();
                    } else {
                        throw new IllegalStateException("listener bug");
                    }
                });
        TrainingOutcome outcome = run.outcome().get(30, TimeUnit.SECONDS);
        assertEquals(TrainingOutcome.Status.FAILED, outcome.status());
        assertTrue(outcome.message().contains("listener bug"), outcome.message());
        assertEquals(1, finished.get());
    }

    @org.junit.jupiter.api.Test
    void onlyFiniteWeightsCanBecomeTheLastGoodOnes() {
        org.junit.jupiter.api.Assertions.assertTrue(Trainer.allFinite(new float[]{0f, -1.5f, 3e38f}));
        org.junit.jupiter.api.Assertions.assertFalse(Trainer.allFinite(new float[]{0f, Float.NaN}));
        org.junit.jupiter.api.Assertions.assertFalse(Trainer.allFinite(new float[]{Float.NEGATIVE_INFINITY, 1f}));
    }
}

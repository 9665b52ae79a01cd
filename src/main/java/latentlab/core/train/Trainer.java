package latentlab.core.train;

import latentlab.core.data.Dataset;
import latentlab.core.model.Batches;
import latentlab.core.model.Elbo;
import latentlab.core.model.EpochRecord;
import latentlab.core.model.LossBreakdown;
import latentlab.core.model.MlpNetwork;
import latentlab.core.model.Model;
import latentlab.core.model.ModelKind;
import latentlab.core.model.OptimizerState;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;

/**
 * Trains a {@link Model} in place with Adam, on an executor it is given, and reports every step and
 * every epoch to a listener. {@link #start} never blocks the caller.
 *
 * <p>Each step: draw a batch (seeded shuffle), draw eps ~ N(0, I), compute the objective
 * reconstruction + beta * KL and its gradient in one pass, and apply one Adam update to the flat
 * parameter vector. If the loss stops being finite, training stops and the weights are rolled back to
 * the last checkpoint whose loss was finite.
 */
public final class Trainer {
    /** How often (in steps) the weights are copied aside as the last known good ones. */
    static final int GOOD_WEIGHTS_EVERY = 25;
    /** Seed of the noise used for the per-epoch test evaluation, fixed so epochs compare fairly. */
    static final long TEST_NOISE_SEED = 12345L;

    private final Executor executor;

    public Trainer(Executor executor) {
        this.executor = Objects.requireNonNull(executor);
    }

    /**
     * Starts training on the executor and returns at once.
     *
     * @param model    trained in place; its optimiser state and history are updated, so it can be saved
     *                 and resumed at any time after the run
     * @param data     train and test splits with the model's image shape
     * @param config   epochs, batch size, learning rate, warm-up, seed
     * @param listener receives events on the training thread
     */
    public TrainingRun start(Model model, Dataset data, TrainConfig config, TrainingListener listener) {
        model.requireCompatible(data);
        TrainingRun run = new TrainingRun();
        executor.execute(() -> {
            TrainingOutcome outcome;
            try {
                outcome = train(model, data, config, listener, run);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcome = new TrainingOutcome(TrainingOutcome.Status.CANCELLED, "Training was interrupted.", model, 0);
            } catch (RuntimeException | OutOfMemoryError e) {
                outcome = new TrainingOutcome(TrainingOutcome.Status.FAILED,
                        "Training failed: " + e + ". The model keeps the weights of the last completed step.",
                        model, 0);
            }
            try {
                listener.onEvent(new TrainingEvent.Finished(outcome));
            } finally {
                run.finish(outcome);
            }
        });
        return run;
    }

    /** Runs training on the calling thread; used by {@link #start} and by the CLI. */
    private TrainingOutcome train(Model model, Dataset data, TrainConfig cfg, TrainingListener listener,
                                  TrainingRun run) throws InterruptedException {
        MlpNetwork net = model.network();
        INDArray params = model.params();                                            // [P]
        long p = params.length();
        INDArray gradient = Nd4j.create(DataType.FLOAT, 1, p);                       // [1, P]
        INDArray gradientFlat = gradient.reshape(p);                                 // [P] view
        INDArray lastGood = params.dup();                                            // [P]
        long lastGoodIteration;

        OptimizerState saved = model.optimizerState();
        INDArray adamState = saved != null ? saved.state().reshape(1, 2 * p).dup()
                : Nd4j.zeros(DataType.FLOAT, 1, 2 * p);                              // [1, 2P]: m then v
        long iteration = saved != null ? saved.iteration() : 0;
        long firstIteration = iteration;
        GradientUpdater<?> adam = new Adam(new RunSchedule(cfg, firstIteration,
                (long) cfg.epochs() * ((data.train().size() + Math.min(cfg.batchSize(), data.train().size()) - 1)
                        / Math.min(cfg.batchSize(), data.train().size()))))
                .instantiate(adamState, saved == null);
        lastGoodIteration = iteration;

        INDArray train = Batches.matrix(data.train());                               // [N, D]
        INDArray test = Batches.matrix(data.test());                                 // [N_test, D]
        int n = data.train().size();
        int batch = Math.min(cfg.batchSize(), n);
        int stepsPerEpoch = (n + batch - 1) / batch;
        int latent = model.config().latent();
        boolean vae = model.config().kind() == ModelKind.VAE;
        double targetBeta = model.config().beta();
        int firstEpoch = model.epochsTrained() + 1;
        int[] perm = new int[n];
        double throughput = 0;
        long runStart = System.nanoTime();

        for (int e = 0; e < cfg.epochs(); e++) {
            int epoch = firstEpoch + e;
            // Batch order and noise depend only on (seed, epoch), so a run resumed from a saved model
            // takes exactly the steps an uninterrupted run would have taken.
            Random order = new Random(cfg.seed() + 31L * epoch);
            SplittableRandom noise = new SplittableRandom(cfg.seed() * 0x9E3779B97F4A7C15L + epoch);
            for (int i = 0; i < n; i++) {
                perm[i] = i;
            }
            shuffle(perm, order);
            long epochStart = System.nanoTime();
            double reconSum = 0;
            double klSum = 0;
            double beta = targetBeta;
            for (int s = 0; s < stepsPerEpoch; s++) {
                if (run.checkpoint()) {
                    return new TrainingOutcome(TrainingOutcome.Status.CANCELLED,
                            String.format(Locale.ROOT, "Training stopped by request during epoch %d; the weights "
                                    + "trained so far are kept.", epoch), model, e);
                }
                long t0 = System.nanoTime();
                int from = s * batch;
                int to = Math.min(n, from + batch);
                int[] idx = java.util.Arrays.copyOfRange(perm, from, to);
                INDArray x = Nd4j.pullRows(train, 1, idx);                           // [B, D]
                INDArray eps = vae ? Batches.gaussian(noise, to - from, latent, DataType.FLOAT) : null; // [B, L]
                beta = vae ? cfg.betaAt((epoch - 1) + (double) s / stepsPerEpoch, targetBeta) : 0;
                LossBreakdown loss;
                synchronized (model) {
                    loss = net.lossAndGradient(x, eps, beta, gradientFlat);
                    if (!loss.isFinite()) {
                        params.assign(lastGood);
                        return diverged(model, cfg, epoch, iteration + 1, lastGoodIteration, loss, e);
                    }
                    iteration++;
                    adam.applyUpdater(gradient, (int) Math.min(Integer.MAX_VALUE, iteration - 1), epoch - 1);
                    params.subi(gradientFlat);
                    if (iteration % GOOD_WEIGHTS_EVERY == 0) {
                        lastGood.assign(params);
                        lastGoodIteration = iteration;
                    }
                    model.setOptimizerState(new OptimizerState(adamState, iteration));
                }
                reconSum += loss.reconstruction() * (to - from);
                klSum += loss.kl() * (to - from);
                double stepSeconds = (System.nanoTime() - t0) / 1e9;
                double rate = (to - from) / Math.max(stepSeconds, 1e-9);
                throughput = throughput == 0 ? rate : 0.9 * throughput + 0.1 * rate;
                double done = (e + (s + 1.0) / stepsPerEpoch) / cfg.epochs();
                listener.onEvent(new TrainingEvent.Iteration(epoch, iteration, done, loss.reconstruction(),
                        loss.kl(), beta, throughput));
            }
            double seconds = (System.nanoTime() - epochStart) / 1e9;
            LossBreakdown testLoss;
            synchronized (model) {
                testLoss = Elbo.evaluate(net, test, TEST_NOISE_SEED);
            }
            EpochRecord record = new EpochRecord(epoch, beta, reconSum / n, klSum / n, testLoss.reconstruction(),
                    testLoss.kl(), seconds);
            model.appendHistory(record);
            double elapsed = (System.nanoTime() - runStart) / 1e9;
            double remaining = elapsed / (e + 1) * (cfg.epochs() - e - 1);
            listener.onEvent(new TrainingEvent.Epoch(record, remaining));
            if (!testLoss.isFinite()) {
                params.assign(lastGood);
                return diverged(model, cfg, epoch, iteration, lastGoodIteration, testLoss, e + 1);
            }
        }
        return new TrainingOutcome(TrainingOutcome.Status.COMPLETED,
                String.format(Locale.ROOT, "Trained %d epochs.", cfg.epochs()), model, cfg.epochs());
    }

    private static TrainingOutcome diverged(Model model, TrainConfig cfg, int epoch, long iteration,
                                            long restoredIteration, LossBreakdown loss, int epochsDone) {
        String what = Double.isNaN(loss.objective()) ? "NaN" : "infinite";
        String msg = String.format(Locale.ROOT, "Training diverged: the loss became %s at epoch %d, step %d. "
                        + "The weights from step %d, the last checkpoint with a finite loss, were kept and can be "
                        + "saved. Lower the learning rate (now %g) and train again.",
                what, epoch, iteration, restoredIteration, cfg.learningRate());
        return new TrainingOutcome(TrainingOutcome.Status.DIVERGED, msg, model, epochsDone);
    }

    /** Adam's learning rate per step of this run, as {@link TrainConfig#learningRateAt} says. */
    private record RunSchedule(TrainConfig cfg, long firstIteration, long totalSteps)
            implements org.nd4j.linalg.schedule.ISchedule {
        @Override
        public double valueAt(int iteration, int epoch) {
            return cfg.learningRateAt(iteration - firstIteration, totalSteps);
        }

        @Override
        public org.nd4j.linalg.schedule.ISchedule clone() {
            return new RunSchedule(cfg, firstIteration, totalSteps);
        }
    }

    private static void shuffle(int[] a, Random rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}

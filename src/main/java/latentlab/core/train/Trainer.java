package latentlab.core.train;

import latentlab.core.data.Dataset;
import latentlab.core.model.Batches;
import latentlab.core.model.Blas;
import latentlab.core.model.Elbo;
import latentlab.core.model.EpochRecord;
import latentlab.core.model.FloatArrays;
import latentlab.core.model.FloatMlp;
import latentlab.core.model.LossBreakdown;
import latentlab.core.model.MlpNetwork;
import latentlab.core.model.Model;
import latentlab.core.model.ModelKind;
import latentlab.core.model.OptimizerState;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
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
 *
 * <p>Speed. The passes are {@link FloatMlp}'s (direct BLAS products, vectorised Java loops) and the
 * update is {@link Adam}'s single pass over Java arrays. With {@link NativeThreads#training()} threads,
 * the trainer starts that many threads minus one for the run: each large product is split by blocks of
 * columns over them (every block a one-threaded BLAS call, OpenMP stays idle), and so are the update
 * and the copies to the model. One and two threads train the same model to float rounding, and a
 * given thread count reproduces a run exactly. The parameters and optimiser state live in the
 * trainer's Java arrays during a run and reach the model every fifth of a second ({@link #PUBLISH_EVERY_NANOS}) and
 * whenever training pauses or ends, always together, so that a snapshot or a save taken during
 * training is one consistent step.
 */
public final class Trainer {
    /** How often (in steps) the weights are copied aside as the last known good ones. */
    static final int GOOD_WEIGHTS_EVERY = 25;
    /** Seed of the noise used for the per-epoch test evaluation, fixed so epochs compare fairly. */
    static final long TEST_NOISE_SEED = 12345L;
    /**
     * How often the trainer copies its parameters and optimiser state to the model during an epoch
     * (also at every pause, cancel, divergence and epoch end): copying 3 x P floats every step would cost
     * as much as the update itself, and a tenth of a second is fresh enough for live views.
     */
    static final long PUBLISH_EVERY_NANOS = 100_000_000L;

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
        int threads = NativeThreads.training();
        Blas.setThreads(1);                                      // the trainer's own threads split the products
        try (Session session = new Session(model, data, cfg, threads)) {
            return session.train(listener, run);
        } finally {
            Blas.setThreads(NativeThreads.current());
        }
    }

    /** The state of one run: the optimiser, the network over its parameters, and the helper threads. */
    private static final class Session implements AutoCloseable {
        private final Model model;
        private final Dataset data;
        private final TrainConfig cfg;
        private final INDArray adamState;                                            // [1, 2P]: m then v, the model's
        private final Adam adam;
        private final Workers workers;
        private final FloatMlp net;                                                  // over adam's parameters
        private final float[] gradient;                                              // [P]
        private final float[] lastGood;                                              // [P]
        private long lastGoodIteration;
        private long iteration;
        private long publishedAt = System.nanoTime();
        private final INDArray test;                                                 // [N_test, D], for the epochs' evaluation
        private final INDArray codeBoxImages;                                        // [min(N_test, 1000), D], or null
        private final MlpNetwork evaluator;                                          // over the model's parameters

        Session(Model model, Dataset data, TrainConfig cfg, int threads) {
            this.model = model;
            this.data = data;
            this.cfg = cfg;
            INDArray params = model.params();                                        // [P]
            long p = params.length();
            OptimizerState saved = model.optimizerState();
            adamState = saved != null ? saved.state().reshape(1, 2 * p).dup() : Nd4j.zeros(DataType.FLOAT, 1, 2 * p);
            iteration = saved != null ? saved.iteration() : 0;
            adam = new Adam(params, adamState);
            lastGood = FloatArrays.copyOf(adam.params());
            lastGoodIteration = iteration;
            gradient = FloatArrays.zeros(adam.size());
            test = Batches.matrix(data.test());
            codeBoxImages = data.test().size() == 0 ? null : Batches.matrix(data.test().head(EpochRecord.CODE_BOX_IMAGES));
            workers = new Workers(threads);                                          // last: threads to close
            net = new FloatMlp(model.config(), MemorySegment.ofArray(adam.params()), workers, true);
            evaluator = new MlpNetwork(model.config(), model.params(), adam.params(), workers);
        }

        TrainingOutcome train(TrainingListener listener, TrainingRun run) throws InterruptedException {
            float[] images = data.train().pixels();                                  // [N, D] row-major
            int n = data.train().size();
            int d = model.config().inputSize();
            int batch = Math.min(cfg.batchSize(), n);
            int stepsPerEpoch = (n + batch - 1) / batch;
            long totalSteps = (long) cfg.epochs() * stepsPerEpoch;
            long firstIteration = iteration;
            int latent = model.config().latent();
            boolean vae = model.config().kind() == ModelKind.VAE;
            double targetBeta = model.config().beta();
            int firstEpoch = model.epochsTrained() + 1;
            int[] perm = new int[n];
            float[] x = new float[batch * d];                                        // [B, D]
            float[] eps = new float[batch * latent];                                 // [B, L]
            MemorySegment gradientSegment = MemorySegment.ofArray(gradient);
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
                    if (run.isPaused() || run.isCancelled()) {
                        publish();                                                   // whoever looks while paused sees the last step
                    }
                    if (run.checkpoint()) {
                        return stopped(epoch, e);
                    }
                    long t0 = System.nanoTime();
                    int from = s * batch;
                    int rows = Math.min(n, from + batch) - from;
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(images, perm[from + r] * d, x, r * d, d);
                    }
                    if (vae) {
                        for (int i = 0; i < rows * latent; i++) {
                            eps[i] = (float) Batches.nextGaussian(noise);             // as Batches.gaussian draws them
                        }
                    }
                    beta = vae ? cfg.betaAt((epoch - 1) + (double) s / stepsPerEpoch, targetBeta) : 0;
                    LossBreakdown loss = net.lossAndGradient(x, eps, rows, beta, gradientSegment);
                    if (!loss.isFinite()) {
                        return rolledBack(epoch, iteration + 1, loss, e);
                    }
                    iteration++;
                    long t = iteration;
                    double lr = cfg.learningRateAt(iteration - 1 - firstIteration, totalSteps);
                    workers.run(k -> adam.step(gradient, lr, t, start(k), start(k + 1)));
                    if (iteration % GOOD_WEIGHTS_EVERY == 0 && allFinite(adam.params())) {
                        System.arraycopy(adam.params(), 0, lastGood, 0, lastGood.length);
                        lastGoodIteration = iteration;
                    }
                    if (System.nanoTime() - publishedAt >= PUBLISH_EVERY_NANOS) {
                        publish();
                    }
                    reconSum += loss.reconstruction() * rows;
                    klSum += loss.kl() * rows;
                    double stepSeconds = (System.nanoTime() - t0) / 1e9;
                    double rate = rows / Math.max(stepSeconds, 1e-9);
                    throughput = throughput == 0 ? rate : 0.9 * throughput + 0.1 * rate;
                    double done = (e + (s + 1.0) / stepsPerEpoch) / cfg.epochs();
                    listener.onEvent(new TrainingEvent.Iteration(epoch, iteration, done, loss.reconstruction(),
                            loss.kl(), beta, throughput));
                }
                double seconds = (System.nanoTime() - epochStart) / 1e9;
                TrainingOutcome diverged = endEpoch(listener, epoch, e, beta, reconSum / n, klSum / n, seconds, runStart);
                if (diverged != null) {
                    return diverged;
                }
            }
            return new TrainingOutcome(TrainingOutcome.Status.COMPLETED,
                    String.format(Locale.ROOT, "Trained %d epochs.", cfg.epochs()), model, cfg.epochs());
        }

        /**
         * Ends epoch {@code epoch} (the {@code e}-th of this run): publishes the weights, evaluates the test
         * ELBO and the code box, appends the epoch's record to the model and reports it. Kept out of the
         * step loop so that the loop's compiled code stays small. Returns the outcome if the test loss is
         * not finite (the last good weights are restored), else null.
         */
        private TrainingOutcome endEpoch(TrainingListener listener, int epoch, int e, double beta, double recon,
                                         double kl, double seconds, long runStart) {
            publish();
            LossBreakdown testLoss;
            INDArray codes;
            synchronized (model) {
                testLoss = Elbo.evaluate(evaluator, test, TEST_NOISE_SEED);
                codes = codeBoxImages == null ? null : evaluator.encode(codeBoxImages)[0]; // [min(N_test, 1000), L]
            }
            EpochRecord record = new EpochRecord(epoch, beta, recon, kl, testLoss.reconstruction(),
                    testLoss.kl(), seconds, columnExtreme(codes, false), columnExtreme(codes, true));
            model.appendHistory(record);
            double elapsed = (System.nanoTime() - runStart) / 1e9;
            double remaining = elapsed / (e + 1) * (cfg.epochs() - e - 1);
            listener.onEvent(new TrainingEvent.Epoch(record, remaining));
            return testLoss.isFinite() ? null : rolledBack(epoch, iteration, testLoss, e + 1);
        }

        /** Training was stopped during {@code epoch}: the weights so far are published and kept. */
        private TrainingOutcome stopped(int epoch, int epochsDone) {
            publish();
            return new TrainingOutcome(TrainingOutcome.Status.CANCELLED,
                    String.format(Locale.ROOT, "Training stopped by request during epoch %d; the weights "
                            + "trained so far are kept.", epoch), model, epochsDone);
        }

        /** The loss stopped being finite at {@code atIteration}: back to the last good weights, published. */
        private TrainingOutcome rolledBack(int epoch, long atIteration, LossBreakdown loss, int epochsDone) {
            adam.setParams(lastGood);
            publish();
            return diverged(model, cfg, epoch, atIteration, lastGoodIteration, loss, epochsDone);
        }

        /**
         * Copies the master parameters and moments to the model, under its lock, so that readers (a
         * snapshot, a save) always see one consistent step, at most {@link #PUBLISH_EVERY_NANOS} old.
         */
        private void publish() {
            synchronized (model) {
                workers.run(k -> adam.publish(start(k), start(k + 1)));
                model.setOptimizerState(new OptimizerState(adamState, iteration));
            }
            publishedAt = System.nanoTime();
        }

        /** Where thread k's share of the P parameters starts. */
        private int start(int k) {
            return (int) ((long) adam.size() * k / workers.parts());
        }

        /** Ends the run's threads and gives its buffers back for the next run ({@link FloatArrays}). */
        @Override
        public void close() {
            workers.close();
            net.release();
            evaluator.release();
            adam.release();
            FloatArrays.giveBack(gradient, lastGood);
        }
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

    private static void shuffle(int[] a, Random rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Whether every weight is a finite number: only such weights become the last good ones. */
    static boolean allFinite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** Per column of {@code codes} [B, L], its smallest or largest value; null without codes. */
    static List<Double> columnExtreme(INDArray codes, boolean largest) {
        if (codes == null || codes.rows() == 0) {
            return null;
        }
        List<Double> out = new ArrayList<>();
        INDArray extreme = largest ? codes.max(0) : codes.min(0);                   // [L]
        for (int j = 0; j < extreme.length(); j++) {
            out.add(extreme.getDouble(j));
        }
        return out;
    }
}

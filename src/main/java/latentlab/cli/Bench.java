package latentlab.cli;

import latentlab.core.data.DataLocator;
import latentlab.core.data.Dataset;
import latentlab.core.data.DatasetCatalog;
import latentlab.core.data.ImageShape;
import latentlab.core.data.Split;
import latentlab.core.explore.Codec;
import latentlab.core.explore.LatentPaths;
import latentlab.core.model.Blas;
import latentlab.core.model.EpochRecord;
import latentlab.core.model.Model;
import latentlab.core.model.ModelConfig;
import latentlab.core.model.ModelKind;
import latentlab.core.model.ParameterLayout;
import latentlab.core.train.NativeThreads;
import latentlab.core.train.TrainConfig;
import latentlab.core.train.Trainer;
import latentlab.core.train.TrainingListener;
import latentlab.core.train.TrainingOutcome;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The benchmark: training throughput of the 784-512-2 VAE and AE at batch 100 on 1 and 2 threads,
 * decode latency for 1 and 400 points, and the machine's sgemm ceiling, all in one run.
 */
final class Bench {
    static final int BATCH = 100;
    static final List<Integer> HIDDEN = List.of(512);
    static final int LATENT = 2;
    static final int GEMM_SIZE = 2048;

    private final PrintStream out;

    Bench(PrintStream out) {
        this.out = out;
    }

    Map<String, Object> run(boolean quick, DataLocator locator, Args args) {
        args.rejectUnused();
        int maxThreads = Math.min(2, NativeThreads.available());
        Dataset full = DatasetCatalog.present(DatasetCatalog.MNIST, locator)
                ? DatasetCatalog.load(DatasetCatalog.MNIST, locator) : randomMnistShaped();
        int trainImages = quick ? 10_000 : 30_000;
        Dataset data = full.subset(trainImages, 100);
        out.printf(Locale.ROOT, "Latent Lab benchmark on %s (%d training images per measurement), %d cores, OMP_WAIT_POLICY=%s%n",
                data.name(), trainImages, NativeThreads.available(), System.getenv().getOrDefault("OMP_WAIT_POLICY", "(unset)"));

        Map<String, Object> kv = new LinkedHashMap<>();
        Map<Integer, Double> gemm = new LinkedHashMap<>();
        for (int t = 1; t <= maxThreads; t++) {
            NativeThreads.use(t);
            gemm.put(t, gemmGflops(quick ? 5 : 10));
            out.printf(Locale.ROOT, "sgemm %dx%d, %d thread%s: %.1f GFLOP/s%n", GEMM_SIZE, GEMM_SIZE, t,
                    t == 1 ? "" : "s", gemm.get(t), t);
        }
        NativeThreads.use(1);
        double stepGemm = stepProductsGflops(ModelConfig.vae(ImageShape.MNIST, HIDDEN, LATENT), quick ? 20 : 50);
        double stepFlops = trainingFlopsPerSample(ModelConfig.vae(ImageShape.MNIST, HIDDEN, LATENT));
        out.printf(Locale.ROOT, "the products of one training step alone (batch %d, 1 thread): %.1f GFLOP/s, a bound of "
                + "%,.0f samples/s%n", BATCH, stepGemm, stepGemm * 1e9 / stepFlops);
        kv.put("step_gemm_1t_gflops", stepGemm);
        for (ModelKind kind : List.of(ModelKind.VAE, ModelKind.AE)) {
            ModelConfig config = ModelConfig.vae(ImageShape.MNIST, HIDDEN, LATENT).withKind(kind);
            double flopsPerSample = trainingFlopsPerSample(config);
            for (int t = 1; t <= maxThreads; t++) {
                NativeThreads.use(t);
                double[] rates = trainingSamplesPerSecond(config, data, quick ? 3 : 5);
                double rate = percentile(rates, 50);
                double fraction = rate * flopsPerSample / (gemm.get(t) * 1e9);
                out.printf(Locale.ROOT, "train %s, batch %d, %d thread%s: %,.0f samples/s, median of %d epochs (best %,.0f; "
                                + "%.2f MFLOP/sample, %.0f%% of the sgemm ceiling)%n", config.describe(), BATCH, t,
                        t == 1 ? "" : "s", rate, rates.length, percentile(rates, 100), flopsPerSample / 1e6, 100 * fraction);
                String key = kind.name().toLowerCase(Locale.ROOT) + "_train_" + t + "t";
                kv.put(key + "_samples_per_s", rate);
                kv.put(key + "_best_samples_per_s", percentile(rates, 100));
                kv.put(key + "_ceiling_fraction", fraction);
            }
        }
        NativeThreads.use(maxThreads);
        kv.put("gemm_gflops", gemm.values().stream().mapToDouble(Double::doubleValue).max().orElse(0));
        double[] epoch = mnistEpochSeconds(full);
        out.printf(Locale.ROOT, "one epoch of %s (%,d images), %s, batch %d, %d thread%s: %.2f s training + %.2f s test ELBO%n",
                full.name(), full.train().size(), ModelConfig.vae(ImageShape.MNIST, HIDDEN, LATENT).describe(), BATCH,
                maxThreads, maxThreads == 1 ? "" : "s", epoch[0], epoch[1]);
        kv.put("epoch_" + maxThreads + "t_s", epoch[0]);
        kv.put("epoch_" + maxThreads + "t_with_test_s", epoch[0] + epoch[1]);
        Model model = Model.initialise(ModelConfig.vae(ImageShape.MNIST, HIDDEN, LATENT), data);
        Codec codec = new Codec(model);
        for (int points : List.of(1, 400)) {
            double[] ms = decodeLatencies(codec, points, quick ? 100 : 300);
            out.printf(Locale.ROOT, "decode %d point%s: median %.3f ms, p99 %.3f ms%n", points, points == 1 ? "" : "s",
                    percentile(ms, 50), percentile(ms, 99));
            kv.put("decode_" + points + "_median_ms", percentile(ms, 50));
            kv.put("decode_" + points + "_p99_ms", percentile(ms, 99));
        }
        // the headline line first in order: rebuild with the agreed keys leading
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (String k : List.of("vae_train_1t_samples_per_s", "vae_train_2t_samples_per_s", "ae_train_1t_samples_per_s",
                "ae_train_2t_samples_per_s", "gemm_gflops")) {
            if (kv.containsKey(k)) {
                ordered.put(k, kv.get(k));
            }
        }
        ordered.putAll(kv);
        return ordered;
    }

    /** Multiply-adds of one training step per sample: 6 in*out per dense layer, less the input's gradient. */
    static double trainingFlopsPerSample(ModelConfig config) {
        double flops = 0;
        for (ParameterLayout.Layer layer : ParameterLayout.of(config).allLayers()) {
            flops += 6.0 * layer.in() * layer.out();
        }
        ParameterLayout.Layer first = ParameterLayout.of(config).allLayers().get(0);
        return flops - 2.0 * first.in() * first.out();
    }

    /**
     * Training samples/s of {@code runs} epochs over {@code data}, one after the other from a fresh model
     * (after a warm-up epoch): on a shared machine their spread shows how quiet it was.
     */
    private static double[] trainingSamplesPerSecond(ModelConfig config, Dataset data, int runs) {
        Trainer trainer = new Trainer(Runnable::run);
        Model model = Model.initialise(config, data);
        Dataset warm = data.subset(Math.min(5000, data.train().size()), 100);
        trainer.start(model, warm, new TrainConfig(1, BATCH, 1e-3, 0, 1), TrainingListener.NONE).outcome().join();
        double[] rates = new double[runs];
        for (int r = 0; r < runs; r++) {
            TrainingOutcome o = trainer.start(model, data, new TrainConfig(1, BATCH, 1e-3, 0, 2 + r), TrainingListener.NONE)
                    .outcome().join();
            List<EpochRecord> h = o.model().history();
            rates[r] = data.train().size() / h.get(h.size() - 1).seconds();
        }
        return rates;
    }

    /** A whole epoch of the full training split: {training seconds, test-evaluation seconds}. */
    private static double[] mnistEpochSeconds(Dataset full) {
        Model model = Model.initialise(ModelConfig.vae(ImageShape.MNIST, HIDDEN, LATENT), full);
        long t0 = System.nanoTime();
        TrainingOutcome o = new Trainer(Runnable::run).start(model, full, new TrainConfig(1, BATCH, 1e-3, 0, 3),
                TrainingListener.NONE).outcome().join();
        double wall = (System.nanoTime() - t0) / 1e9;
        double training = o.model().history().get(0).seconds();
        return new double[]{training, wall - training};
    }

    /** sgemm of two GEMM_SIZE squares through the same direct BLAS call the training uses. */
    private static double gemmGflops(int reps) {
        INDArray a = Nd4j.rand(DataType.FLOAT, GEMM_SIZE, GEMM_SIZE);
        INDArray b = Nd4j.rand(DataType.FLOAT, GEMM_SIZE, GEMM_SIZE);
        INDArray c = Nd4j.create(DataType.FLOAT, GEMM_SIZE, GEMM_SIZE);
        Runnable product = () -> Blas.gemm(false, false, GEMM_SIZE, GEMM_SIZE, GEMM_SIZE, 1f, Blas.segment(a),
                Blas.segment(b), 0f, Blas.segment(c));
        product.run();
        double best = 0;
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            product.run();
            double s = (System.nanoTime() - t0) / 1e9;
            best = Math.max(best, 2.0 * GEMM_SIZE * GEMM_SIZE * GEMM_SIZE / s / 1e9);
        }
        return best;
    }

    /**
     * The matrix products of one training step of {@code config} at batch {@link #BATCH}, alone, as the
     * fast path calls them (forward, then weight and input gradients per layer): the ceiling that the
     * training rate is compared with when the elementwise work, the optimiser and the threads are left out.
     */
    private static double stepProductsGflops(ModelConfig config, int reps) {
        List<ParameterLayout.Layer> layers = ParameterLayout.of(config).allLayers();
        int widest = layers.stream().mapToInt(l -> Math.max(l.in(), l.out())).max().orElse(1);
        float[] activations = new float[BATCH * widest];
        float[] upstream = new float[BATCH * widest];
        float[] weights = new float[widest * widest];
        float[] gradient = new float[widest * widest];
        java.util.Arrays.fill(activations, 0.5f);
        java.util.Arrays.fill(upstream, 0.25f);
        java.lang.foreign.MemorySegment x = java.lang.foreign.MemorySegment.ofArray(activations);
        java.lang.foreign.MemorySegment d = java.lang.foreign.MemorySegment.ofArray(upstream);
        java.lang.foreign.MemorySegment w = java.lang.foreign.MemorySegment.ofArray(weights);
        java.lang.foreign.MemorySegment g = java.lang.foreign.MemorySegment.ofArray(gradient);
        Runnable step = () -> {
            for (ParameterLayout.Layer l : layers) {
                Blas.gemm(false, false, BATCH, l.out(), l.in(), 1f, x, w, 0f, d);          // forward
                Blas.gemm(true, false, l.in(), l.out(), BATCH, 1f, x, d, 0f, g);           // weight gradient
                if (l != layers.get(0)) {
                    Blas.gemm(false, true, BATCH, l.in(), l.out(), 1f, d, w, 0f, x);       // input gradient
                }
            }
        };
        for (int i = 0; i < 5; i++) {
            step.run();
        }
        double best = Double.MAX_VALUE;
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            step.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return trainingFlopsPerSample(config) * BATCH / best / 1e9;
    }

    private static double[] decodeLatencies(Codec codec, int points, int reps) {
        float[][] z = LatentPaths.samplePrior(points, codec.latent(), 5);
        for (int i = 0; i < 20; i++) {
            codec.decode(z);
        }
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            codec.decode(z);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    static double percentile(double[] values, double p) {
        double[] v = values.clone();
        Arrays.sort(v);
        int i = (int) Math.ceil(p / 100.0 * v.length) - 1;
        return v[Math.max(0, Math.min(v.length - 1, i))];
    }

    /** Random images of MNIST's shape, when MNIST is not on disk: speed does not depend on the pixels. */
    private static Dataset randomMnistShaped() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 30_000;
        float[] px = new float[n * 784];
        for (int i = 0; i < px.length; i++) {
            px[i] = rng.nextFloat();
        }
        Split train = new Split(px, new int[n], ImageShape.MNIST);
        Split test = train.head(100);
        return new Dataset("random-28x28", ImageShape.MNIST, train, test, List.of(), "uniform random");
    }
}

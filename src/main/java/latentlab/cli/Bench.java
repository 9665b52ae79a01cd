package latentlab.cli;

import latentlab.core.data.DataLocator;
import latentlab.core.data.Dataset;
import latentlab.core.data.DatasetCatalog;
import latentlab.core.data.ImageShape;
import latentlab.core.data.Split;
import latentlab.core.explore.Codec;
import latentlab.core.explore.LatentPaths;
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
        Dataset data = DatasetCatalog.present(DatasetCatalog.MNIST, locator)
                ? DatasetCatalog.load(DatasetCatalog.MNIST, locator) : randomMnistShaped();
        int trainImages = quick ? 10_000 : 30_000;
        data = data.subset(trainImages, 100);
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
        for (ModelKind kind : List.of(ModelKind.VAE, ModelKind.AE)) {
            ModelConfig config = ModelConfig.vae(ImageShape.MNIST, HIDDEN, LATENT).withKind(kind);
            double flopsPerSample = trainingFlopsPerSample(config);
            for (int t = 1; t <= maxThreads; t++) {
                NativeThreads.use(t);
                double rate = trainingSamplesPerSecond(config, data, quick);
                double fraction = rate * flopsPerSample / (gemm.get(t) * 1e9);
                out.printf(Locale.ROOT, "train %s, batch %d, %d thread%s: %,.0f samples/s (%.2f MFLOP/sample, %.0f%% of the sgemm ceiling)%n",
                        config.describe(), BATCH, t, t == 1 ? "" : "s", rate, flopsPerSample / 1e6, 100 * fraction);
                String key = kind.name().toLowerCase(Locale.ROOT) + "_train_" + t + "t";
                kv.put(key + "_samples_per_s", rate);
                kv.put(key + "_ceiling_fraction", fraction);
            }
        }
        NativeThreads.use(maxThreads);
        kv.put("gemm_gflops", gemm.values().stream().mapToDouble(Double::doubleValue).max().orElse(0));
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

    private static double trainingSamplesPerSecond(ModelConfig config, Dataset data, boolean quick) {
        Trainer trainer = new Trainer(Runnable::run);
        Model model = Model.initialise(config, data);
        Dataset warm = data.subset(quick ? 2000 : 5000, 100);
        trainer.start(model, warm, new TrainConfig(1, BATCH, 1e-3, 0, 1), TrainingListener.NONE).outcome().join();
        TrainingOutcome o = trainer.start(model, data, new TrainConfig(1, BATCH, 1e-3, 0, 2), TrainingListener.NONE)
                .outcome().join();
        List<EpochRecord> h = o.model().history();
        return data.train().size() / h.get(h.size() - 1).seconds();
    }

    private static double gemmGflops(int reps) {
        INDArray a = Nd4j.rand(DataType.FLOAT, GEMM_SIZE, GEMM_SIZE);
        INDArray b = Nd4j.rand(DataType.FLOAT, GEMM_SIZE, GEMM_SIZE);
        INDArray c = Nd4j.create(DataType.FLOAT, GEMM_SIZE, GEMM_SIZE);
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        double best = 0;
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            double s = (System.nanoTime() - t0) / 1e9;
            best = Math.max(best, 2.0 * GEMM_SIZE * GEMM_SIZE * GEMM_SIZE / s / 1e9);
        }
        return best;
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

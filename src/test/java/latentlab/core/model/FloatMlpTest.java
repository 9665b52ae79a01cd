package latentlab.core.model;

import latentlab.core.data.ImageShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The float fast path ({@link FloatMlp}, what {@link MlpNetwork} runs for FLOAT parameters) against the
 * SameDiff oracle and against the ND4J-operations path, for every kind, decoder and activation (the
 * SameDiff comparison in {@link SameDiffReferenceTest} covers ReLU).
 */
class FloatMlpTest {
    private static final ImageShape SHAPE = new ImageShape(8, 8);
    private static final List<Integer> HIDDEN = List.of(32, 16);
    private static final int LATENT = 3;
    private static final int BATCH = 16;
    /** |fast - reference| <= 1e-6 + 1e-4 * max|reference| per tensor, as in SameDiffReferenceTest. */
    private static final double ABS = 1e-6;
    private static final double REL = 1e-4;

    static Stream<Arguments> everyModel() {
        return Stream.of(ModelKind.values()).flatMap(kind -> Stream.of(DecoderKind.values()).flatMap(decoder ->
                Stream.of(Activation.values()).map(act -> Arguments.of(kind, decoder, act))));
    }

    @ParameterizedTest(name = "{0} with {1} decoder and {2}")
    @MethodSource("everyModel")
    void lossAndGradientsMatchSameDiff(ModelKind kind, DecoderKind decoder, Activation act) {
        ModelConfig config = config(kind, decoder, act);
        INDArray params = MlpNetwork.initialParams(config, DataType.FLOAT);
        INDArray x = uniform(BATCH, config.inputSize(), 1234L);
        INDArray eps = kind == ModelKind.VAE ? normal(BATCH, LATENT, 5678L) : null;

        SameDiffReference reference = new SameDiffReference(config, DataType.FLOAT);
        reference.setParams(params);
        SameDiffReference.Result ref = reference.lossAndGradient(x, eps);
        INDArray fastGradient = Nd4j.create(DataType.FLOAT, params.length());
        LossBreakdown fast = new MlpNetwork(config, params).lossAndGradient(x, eps, config.beta(), fastGradient);

        assertEquals(ref.objective(), fast.objective(), 1e-4 * Math.max(1, Math.abs(ref.objective())), "objective");
        assertEquals(ref.recon(), fast.reconstruction(), 1e-4 * Math.max(1, Math.abs(ref.recon())), "recon");
        assertEquals(ref.kl(), fast.kl(), 1e-4 * Math.max(1, Math.abs(ref.kl())), "kl");
        String worst = worstMismatch(config, ref.gradient(), fastGradient);
        assertNull(worst, worst);
    }

    @ParameterizedTest(name = "{0} with {1} decoder and {2}")
    @MethodSource("everyModel")
    void everyOutputMatchesTheNd4jPath(ModelKind kind, DecoderKind decoder, Activation act) {
        ModelConfig config = config(kind, decoder, act);
        INDArray params = MlpNetwork.initialParams(config, DataType.FLOAT);
        MlpNetwork fast = new MlpNetwork(config, params);
        MlpNetwork plain = new MlpNetwork(config, params, true);
        INDArray x = uniform(BATCH, config.inputSize(), 7L);
        INDArray eps = kind == ModelKind.VAE ? normal(BATCH, LATENT, 8L) : null;

        INDArray gFast = Nd4j.create(DataType.FLOAT, params.length());
        INDArray gPlain = Nd4j.create(DataType.FLOAT, params.length());
        LossBreakdown lFast = fast.lossAndGradient(x, eps, 0.5, gFast);
        LossBreakdown lPlain = plain.lossAndGradient(x, eps, 0.5, gPlain);
        assertEquals(lPlain.objective(), lFast.objective(), 1e-4 * Math.abs(lPlain.objective()), "objective with beta 0.5");
        String worst = worstMismatch(config, gPlain, gFast);
        assertNull(worst, worst);

        INDArray[] termsFast = fast.perImageTerms(x, eps);
        INDArray[] termsPlain = plain.perImageTerms(x, eps);
        assertClose(termsPlain[0], termsFast[0], 1e-5, "per-image reconstruction");
        assertClose(termsPlain[1], termsFast[1], 1e-5, "per-image KL");

        INDArray[] codeFast = fast.encode(x);
        INDArray[] codePlain = plain.encode(x);
        assertClose(codePlain[0], codeFast[0], 1e-5, "z_mean (or z)");
        if (kind == ModelKind.VAE) {
            assertClose(codePlain[1], codeFast[1], 1e-5, "z_log_var");
        } else {
            assertNull(codeFast[1], "an AE has no z_log_var");
        }
        INDArray z = normal(5, LATENT, 9L);
        assertClose(plain.decode(z), fast.decode(z), 1e-5, "decoded images");
    }

    static Stream<Arguments> kindsAndDecoders() {
        return Stream.of(ModelKind.values()).flatMap(kind -> Stream.of(DecoderKind.values()).map(d -> Arguments.of(kind, d)));
    }

    /** Like MNIST digits: a border that is blank in every image, which the first layer's products skip. */
    @ParameterizedTest(name = "{0} with {1} decoder")
    @MethodSource("kindsAndDecoders")
    void imagesWithBlankPixelsGiveTheSameLossAndGradients(ModelKind kind, DecoderKind decoder) {
        ModelConfig config = config(kind, decoder, Activation.RELU);
        INDArray params = MlpNetwork.initialParams(config, DataType.FLOAT);
        INDArray x = withBlankBorder(uniform(BATCH, config.inputSize(), 31L));
        INDArray eps = kind == ModelKind.VAE ? normal(BATCH, LATENT, 32L) : null;
        ActiveInputs active = new ActiveInputs(BATCH, config.inputSize(), HIDDEN.get(0));
        assertTrue(active.select(x.data().asFloat(), BATCH), "the blank border must be skipped");
        assertEquals(16, active.count(), "an 8 x 8 image less a border of 2 has 4 x 4 pixels");

        SameDiffReference reference = new SameDiffReference(config, DataType.FLOAT);
        reference.setParams(params);
        SameDiffReference.Result ref = reference.lossAndGradient(x, eps);
        INDArray fastGradient = Nd4j.create(DataType.FLOAT, params.length());
        fastGradient.assign(Float.NaN);                                            // every element must be written
        LossBreakdown fast = new MlpNetwork(config, params).lossAndGradient(x, eps, config.beta(), fastGradient);

        assertEquals(ref.objective(), fast.objective(), 1e-4 * Math.max(1, Math.abs(ref.objective())), "objective");
        String worst = worstMismatch(config, ref.gradient(), fastGradient);
        assertNull(worst, worst);
        INDArray[] codes = new MlpNetwork(config, params).encode(x);
        INDArray[] plainCodes = new MlpNetwork(config, params, true).encode(x);
        assertClose(plainCodes[0], codes[0], 1e-5, "codes");
    }

    /** What the trainer does with several threads: large products split by blocks of columns. */
    @ParameterizedTest(name = "{0} with {1} decoder")
    @MethodSource("kindsAndDecoders")
    void productsSplitOverThreadsGiveTheSameLossAndGradients(ModelKind kind, DecoderKind decoder) throws Exception {
        ModelConfig config = new ModelConfig(kind, new ImageShape(28, 28), List.of(256), 2, Activation.RELU, decoder, 1.0, 5L);
        INDArray params = MlpNetwork.initialParams(config, DataType.FLOAT);
        int rows = 60;
        float[] x = withBlankBorder28(uniform(rows, 784, 41L)).data().asFloat();
        float[] eps = normal(rows, 2, 42L).data().asFloat();
        float[] serial = new float[(int) params.length()];
        float[] split = new float[serial.length];
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            Parallel threads = new Parallel() {
                @Override
                public int parts() {
                    return 3;
                }

                @Override
                public void run(int count, java.util.function.IntConsumer part) {
                    List<java.util.concurrent.Future<?>> jobs = new java.util.ArrayList<>();
                    for (int k = 0; k < count; k++) {
                        int index = k;
                        jobs.add(pool.submit(() -> part.accept(index)));
                    }
                    for (java.util.concurrent.Future<?> job : jobs) {
                        try {
                            job.get();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            };
            LossBreakdown one = new FloatMlp(config, Blas.segment(params)).lossAndGradient(x, eps, rows, 1.0,
                    MemorySegment.ofArray(serial));
            LossBreakdown three = new FloatMlp(config, Blas.segment(params), threads).lossAndGradient(x, eps, rows, 1.0,
                    MemorySegment.ofArray(split));
            assertEquals(one.objective(), three.objective(), 1e-5 * Math.abs(one.objective()));
        } finally {
            pool.shutdownNow();
        }
        String worst = worstMismatch(config, Nd4j.createFromArray(serial), Nd4j.createFromArray(split));
        assertNull(worst, worst);
    }

    @Test
    void extremeLogitsGiveTheExactBernoulliLossAndGradient() {
        ModelConfig config = config(ModelKind.AE, DecoderKind.BERNOULLI, Activation.RELU);
        INDArray params = MlpNetwork.initialParams(config, DataType.FLOAT);
        ParameterLayout.Slot bias = ParameterLayout.of(config).slots().get("x_out.b");
        for (long i = 0; i < bias.length(); i++) {                       // logits from -150 to +150
            params.putScalar(bias.offset() + i, -150 + 300.0 * i / (bias.length() - 1));
        }
        INDArray x = uniform(BATCH, config.inputSize(), 3L);
        INDArray gFast = Nd4j.create(DataType.FLOAT, params.length());
        INDArray gPlain = Nd4j.create(DataType.FLOAT, params.length());
        LossBreakdown fast = new MlpNetwork(config, params).lossAndGradient(x, null, 0, gFast);
        LossBreakdown plain = new MlpNetwork(config, params, true).lossAndGradient(x, null, 0, gPlain);
        assertTrue(Double.isFinite(fast.objective()), "loss " + fast.objective());
        assertEquals(plain.objective(), fast.objective(), 1e-5 * plain.objective());
        String worst = worstMismatch(config, gPlain, gFast);
        assertNull(worst, worst);
    }

    @Test
    void theGradientsOfTwoHalvesOfABatchWeightedByTheirRowsAreTheGradientOfTheBatch() {
        ModelConfig config = config(ModelKind.VAE, DecoderKind.BERNOULLI, Activation.RELU);
        int d = config.inputSize();
        INDArray params = MlpNetwork.initialParams(config, DataType.FLOAT);
        MemorySegment weights = Blas.segment(params);
        float[] x = uniform(BATCH, d, 11L).data().asFloat();
        float[] eps = normal(BATCH, LATENT, 12L).data().asFloat();
        int p = (int) params.length();

        float[] whole = new float[p];
        LossBreakdown all = new FloatMlp(config, weights).lossAndGradient(x, eps, BATCH, 1.0, MemorySegment.ofArray(whole));
        int first = 7;                                                     // uneven halves: 7 and 9 rows
        float[] g1 = new float[p];
        float[] g2 = new float[p];
        LossBreakdown l1 = new FloatMlp(config, weights).lossAndGradient(x, eps, first, 1.0, MemorySegment.ofArray(g1));
        LossBreakdown l2 = new FloatMlp(config, weights).lossAndGradient(
                java.util.Arrays.copyOfRange(x, first * d, BATCH * d), java.util.Arrays.copyOfRange(eps, first * LATENT, BATCH * LATENT),
                BATCH - first, 1.0, MemorySegment.ofArray(g2));
        assertEquals(all.objective(), (first * l1.objective() + (BATCH - first) * l2.objective()) / BATCH, 1e-4);
        float[] combined = new float[p];
        for (int i = 0; i < p; i++) {
            combined[i] = (first * g1[i] + (BATCH - first) * g2[i]) / BATCH;
        }
        String worst = worstMismatch(config, Nd4j.createFromArray(whole), Nd4j.createFromArray(combined));
        assertNull(worst, worst);
    }

    @Test
    void oneNetworkServesSeveralBatchSizesInTurn() {
        ModelConfig config = config(ModelKind.VAE, DecoderKind.GAUSSIAN, Activation.SOFTPLUS);
        INDArray params = MlpNetwork.initialParams(config, DataType.FLOAT);
        MlpNetwork net = new MlpNetwork(config, params);
        INDArray x = uniform(BATCH, config.inputSize(), 21L);
        INDArray eps = normal(BATCH, LATENT, 22L);
        double before = net.loss(x, eps, 1.0).objective();
        INDArray head = Batches.rows(x, 0, 3);
        double small = net.loss(head, Batches.rows(eps, 0, 3), 1.0).objective();
        double expected = new MlpNetwork(config, params, true).loss(head, Batches.rows(eps, 0, 3), 1.0).objective();
        assertEquals(expected, small, 1e-4 * Math.abs(expected));
        assertEquals(before, net.loss(x, eps, 1.0).objective(), 0.0, "the same batch gives the same loss");
        float[] onRows = new float[]{(float) net.perImageTerms(head, Batches.rows(eps, 0, 3))[0].getDouble(1)};
        assertArrayEquals(new float[]{(float) net.perImageTerms(x, eps)[0].getDouble(1)}, onRows, 1e-4f);
    }

    // ------------------------------------------------------------------------------------------

    /** Null when every tensor agrees within ABS + REL * max|reference|, else a description of the worst. */
    static String worstMismatch(ModelConfig config, INDArray reference, INDArray fast) {
        Map<String, INDArray> ref = ParameterLayout.of(config).views(reference.reshape(reference.length()));
        Map<String, INDArray> got = ParameterLayout.of(config).views(fast.reshape(fast.length()));
        String worst = null;
        double worstRatio = 1.0;
        for (String name : ref.keySet()) {
            double scale = ref.get(name).amaxNumber().doubleValue();
            double tolerance = ABS + REL * scale;
            double error = ref.get(name).sub(got.get(name)).amaxNumber().doubleValue();
            if (!(error / tolerance <= worstRatio)) {
                worstRatio = error / tolerance;
                worst = String.format("%s: max |fast - reference| = %.3g exceeds tolerance %.3g (max |g| = %.3g)",
                        name, error, tolerance, scale);
            }
        }
        return worst;
    }

    private static void assertClose(INDArray expected, INDArray actual, double rel, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
        double error = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(error <= rel * scale, what + ": max difference " + error + " for values up to " + scale);
    }

    /** Zeroes a border four pixels wide in every 28 x 28 image of x, as MNIST's. */
    private static INDArray withBlankBorder28(INDArray x) {
        for (int r = 0; r < x.rows(); r++) {
            for (int i = 0; i < 28; i++) {
                for (int j = 0; j < 28; j++) {
                    if (i < 4 || i >= 24 || j < 4 || j >= 24) {
                        x.putScalar(r, i * 28 + j, 0.0);
                    }
                }
            }
        }
        return x;
    }

    /** Zeroes a border two pixels wide in every 8 x 8 image of x. */
    private static INDArray withBlankBorder(INDArray x) {
        for (int r = 0; r < x.rows(); r++) {
            for (int i = 0; i < 8; i++) {
                for (int j = 0; j < 8; j++) {
                    if (i < 2 || i >= 6 || j < 2 || j >= 6) {
                        x.putScalar(r, i * 8 + j, 0.0);
                    }
                }
            }
        }
        return x;
    }

    private static ModelConfig config(ModelKind kind, DecoderKind decoder, Activation act) {
        return new ModelConfig(kind, SHAPE, HIDDEN, LATENT, act, decoder, 1.0, 7L);
    }

    private static INDArray uniform(int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextDouble();
        }
        return Nd4j.createFromArray(v).reshape(rows, cols);
    }

    private static INDArray normal(int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Batches.nextGaussian(rng);
        }
        return Nd4j.createFromArray(v).reshape(rows, cols);
    }
}

package latentlab.core.model;

import latentlab.core.data.ImageShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hand-written fast path ({@link MlpNetwork}) against the SameDiff autodiff oracle
 * ({@link SameDiffReference}) on a small but realistic model: 8x8 images, hidden [32, 16], latent 3,
 * batch 16.
 */
class SameDiffReferenceTest {
    private static final ImageShape SHAPE = new ImageShape(8, 8);
    private static final List<Integer> HIDDEN = List.of(32, 16);
    private static final int LATENT = 3;
    private static final int BATCH = 16;

    /**
     * Float tolerance: |fast - reference| <= 1e-6 + 1e-4 * max|reference| per tensor. The two agree to
     * about 3e-8 here; 1e-4 + 1e-3 * max was loose enough to miss a 2% error in one bias element.
     */
    private static final double FLOAT_ABS = 1e-6;
    private static final double FLOAT_REL = 1e-4;
    /** Double tolerance: 1e-9 relative to the tensor's largest gradient. */
    private static final double DOUBLE_ABS = 1e-12;
    private static final double DOUBLE_REL = 1e-9;

    static Stream<Arguments> kindsAndDecoders() {
        return Stream.of(ModelKind.values()).flatMap(kind ->
                Stream.of(DecoderKind.values()).map(decoder -> Arguments.of(kind, decoder)));
    }

    @ParameterizedTest(name = "{0} with {1} decoder, float")
    @MethodSource("kindsAndDecoders")
    void fastPathMatchesSameDiffLossAndGradients(ModelKind kind, DecoderKind decoder) {
        ModelConfig config = config(kind, decoder, 1.0);
        Comparison c = compare(config, DataType.FLOAT);

        assertClose(c.reference.objective(), c.fast.objective(), 1e-4, "objective");
        assertClose(c.reference.recon(), c.fast.reconstruction(), 1e-4, "recon");
        assertClose(c.reference.kl(), c.fast.kl(), 1e-4, "kl");
        if (kind == ModelKind.AE) {
            assertEquals(0.0, c.reference.kl(), "an AE has no KL term");
        } else {
            assertTrue(c.reference.kl() > 0, "the KL of a VAE is positive, found " + c.reference.kl());
        }
        String worst = worstGradientMismatch(config, c.reference.gradient(), c.fastGradient, FLOAT_ABS, FLOAT_REL);
        assertNull(worst, worst);
    }

    @Test
    void fastPathMatchesSameDiffInDoublePrecisionForTheGaussianVae() {
        ModelConfig config = config(ModelKind.VAE, DecoderKind.GAUSSIAN, 1.0);
        Comparison c = compare(config, DataType.DOUBLE);

        assertClose(c.reference.objective(), c.fast.objective(), 1e-9, "objective");
        assertClose(c.reference.recon(), c.fast.reconstruction(), 1e-9, "recon");
        assertClose(c.reference.kl(), c.fast.kl(), 1e-9, "kl");
        String worst = worstGradientMismatch(config, c.reference.gradient(), c.fastGradient, DOUBLE_ABS, DOUBLE_REL);
        assertNull(worst, worst);
    }

    @Test
    void klWeightBetaScalesTheKlTermInBothLossAndGradient() {
        double beta = 2.5;
        ModelConfig config = config(ModelKind.VAE, DecoderKind.BERNOULLI, beta);
        Comparison c = compare(config, DataType.FLOAT);

        assertClose(c.reference.recon() + beta * c.reference.kl(), c.reference.objective(), 1e-6,
                "the reference objective is recon + beta * kl");
        assertClose(c.reference.objective(), c.fast.objective(), 1e-4, "objective");
        String worst = worstGradientMismatch(config, c.reference.gradient(), c.fastGradient, FLOAT_ABS, FLOAT_REL);
        assertNull(worst, worst);

        // the encoder heads' gradients depend on beta, so beta = 1 must give a different gradient
        SameDiffReference plain = new SameDiffReference(config.withBeta(1.0), DataType.FLOAT);
        INDArray plainGradient = plain.lossAndGradient(c.x, c.eps).gradient();
        INDArray head = ParameterLayout.of(config).views(c.reference.gradient()).get("z_log_var.b");
        INDArray plainHead = ParameterLayout.of(config).views(plainGradient).get("z_log_var.b");
        assertTrue(head.sub(plainHead).amaxNumber().doubleValue() > 1e-3,
                "beta must change the gradient of z_log_var.b: " + head + " vs " + plainHead);
    }

    @Test
    void comparisonCatchesASingleWrongGradientElement() {
        ModelConfig config = config(ModelKind.VAE, DecoderKind.GAUSSIAN, 1.0);
        Comparison c = compare(config, DataType.FLOAT);
        ParameterLayout layout = ParameterLayout.of(config);
        INDArray wrong = c.fastGradient.dup();
        INDArray decoderWeights = layout.views(wrong).get("decoder.1.W");
        double maxAbs = decoderWeights.amaxNumber().doubleValue();
        decoderWeights.putScalar(new long[]{2, 5}, decoderWeights.getDouble(2, 5) + 0.01 * maxAbs);

        String worst = worstGradientMismatch(config, c.reference.gradient(), wrong, FLOAT_ABS, FLOAT_REL);
        assertNotNull(worst, "a gradient off by 1% of its tensor's scale must be caught");
        assertTrue(worst.startsWith("decoder.1.W"), worst);
    }

    @Test
    void setParamsReplacesTheWeightsTheGraphUses() {
        ModelConfig config = config(ModelKind.AE, DecoderKind.GAUSSIAN_UNIT, 1.0);
        SameDiffReference reference = new SameDiffReference(config, DataType.FLOAT);
        INDArray x = uniform(BATCH, config.inputSize(), 5L, DataType.FLOAT);
        double before = reference.lossAndGradient(x, null).objective();

        INDArray other = MlpNetwork.initialParams(config.withSeed(99L), DataType.FLOAT);
        reference.setParams(other);
        double after = reference.lossAndGradient(x, null).objective();
        double fast = new MlpNetwork(config, other).loss(x, null, 0.0).objective();

        assertNotEquals(before, after, "new parameters must change the loss");
        assertClose(after, fast, 1e-5, "objective after setParams");
    }

    // ------------------------------------------------------------------------------------------

    /** Both implementations' results on the same parameters, batch and noise. */
    private record Comparison(SameDiffReference.Result reference, LossBreakdown fast, INDArray fastGradient,
                              INDArray x, INDArray eps) {
    }

    private static Comparison compare(ModelConfig config, DataType dtype) {
        INDArray params = MlpNetwork.initialParams(config, dtype);
        INDArray x = uniform(BATCH, config.inputSize(), 1234L, dtype);            // [B, D] in [0, 1)
        INDArray eps = config.kind() == ModelKind.VAE ? normal(BATCH, config.latent(), 5678L, dtype) : null; // [B, L]

        SameDiffReference reference = new SameDiffReference(config, dtype);
        reference.setParams(params);
        SameDiffReference.Result ref = reference.lossAndGradient(x, eps);

        INDArray fastGradient = Nd4j.create(dtype, params.length());
        LossBreakdown fast = new MlpNetwork(config, params).lossAndGradient(x, eps, config.beta(), fastGradient);

        assertEquals(params.length(), ref.gradient().length(), "gradient length");
        assertEquals(dtype, ref.gradient().dataType(), "gradient data type");
        return new Comparison(ref, fast, fastGradient, x, eps);
    }

    /**
     * Null when every tensor agrees within {@code abs + rel * max|reference|}; otherwise a description
     * of the tensor whose worst element exceeds its tolerance by the largest factor.
     */
    private static String worstGradientMismatch(ModelConfig config, INDArray reference, INDArray fast,
                                                double abs, double rel) {
        Map<String, INDArray> ref = ParameterLayout.of(config).views(reference);
        Map<String, INDArray> got = ParameterLayout.of(config).views(fast);
        String worst = null;
        double worstRatio = 1.0;
        for (String name : ref.keySet()) {
            double scale = ref.get(name).amaxNumber().doubleValue();
            double tolerance = abs + rel * scale;
            double error = ref.get(name).sub(got.get(name)).amaxNumber().doubleValue();
            double ratio = error / tolerance;
            if (!(ratio <= worstRatio)) {                                      // also catches NaN
                worstRatio = ratio;
                worst = String.format("%s: max |fast - reference| = %.3g exceeds tolerance %.3g (max |g| = %.3g)",
                        name, error, tolerance, scale);
            }
        }
        return worst;
    }

    private static void assertClose(double expected, double actual, double rel, String what) {
        assertEquals(expected, actual, rel * Math.max(1.0, Math.abs(expected)), what);
    }

    private static ModelConfig config(ModelKind kind, DecoderKind decoder, double beta) {
        return new ModelConfig(kind, SHAPE, HIDDEN, LATENT, Activation.RELU, decoder, beta, 7L);
    }

    private static INDArray uniform(int rows, int cols, long seed, DataType dtype) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] v = new double[rows][cols];
        for (double[] row : v) {
            for (int j = 0; j < cols; j++) {
                row[j] = rng.nextDouble();
            }
        }
        return Nd4j.createFromArray(v).castTo(dtype);
    }

    private static INDArray normal(int rows, int cols, long seed, DataType dtype) {
        java.util.Random rng = new java.util.Random(seed);
        double[][] v = new double[rows][cols];
        for (double[] row : v) {
            for (int j = 0; j < cols; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        return Nd4j.createFromArray(v).castTo(dtype);
    }
}

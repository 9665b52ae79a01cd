package latentlab.app.common;

import latentlab.core.data.ImageShape;
import latentlab.core.data.Split;
import latentlab.core.explore.Codec;
import latentlab.core.model.Activation;
import latentlab.core.model.DecoderKind;
import latentlab.core.model.MlpNetwork;
import latentlab.core.model.Model;
import latentlab.core.model.ModelConfig;
import latentlab.core.model.ModelKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The views' plain-Java codec against the model's own (ND4J) encoder and decoder, the oracle. */
class JavaCodecTest {

    private static Model model(ModelKind kind, Activation activation, DecoderKind decoder, int latent) {
        ModelConfig config = new ModelConfig(kind, ImageShape.MNIST, List.of(32, 16), latent, activation, decoder, 1.0, 7L);
        INDArray params = MlpNetwork.initialParams(config, DataType.FLOAT).muli(3);  // large enough to saturate some pixels
        return new Model(config, params, "synthetic", "test", List.of(), null);
    }

    @ParameterizedTest
    @CsvSource({"VAE, RELU, BERNOULLI, 2", "VAE, TANH, GAUSSIAN, 3", "AE, SOFTPLUS, GAUSSIAN_UNIT, 2",
            "VAE, IDENTITY, BERNOULLI, 4"})
    void decodesTheSameImagesAsTheModelsDecoder(ModelKind kind, Activation activation, DecoderKind decoder, int latent) {
        Model model = model(kind, activation, decoder, latent);
        float[][] z = new float[3][latent];
        for (int i = 0; i < z.length; i++) {
            for (int j = 0; j < latent; j++) {
                z[i][j] = 1.7f - 1.1f * j + 0.6f * i;
            }
        }

        assertArrayEquals(new Codec(model).decode(z), new JavaCodec(model).decode(z), 1e-5f);
        assertArrayEquals(new Codec(model).decode(z[1]), new JavaCodec(model).decode(z[1]), 1e-5f);
    }

    @ParameterizedTest
    @CsvSource({"VAE, RELU, BERNOULLI, 2", "AE, TANH, GAUSSIAN_UNIT, 3"})
    void encodesToTheSameCodesAsTheModelsEncoder(ModelKind kind, Activation activation, DecoderKind decoder, int latent) {
        Model model = model(kind, activation, decoder, latent);
        SplittableRandom random = new SplittableRandom(3);
        int n = 5;
        float[] pixels = new float[n * ImageShape.MNIST.pixels()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt(4) == 0 ? (float) random.nextDouble() : 0f;    // mostly black, as digits are
        }
        Split images = new Split(pixels, new int[] {0, 1, 2, 3, 4}, ImageShape.MNIST);

        float[][] expected = new Codec(model).encode(images).mean();
        float[][] actual = new JavaCodec(model).encode(images).mean();

        for (int i = 0; i < n; i++) {
            assertArrayEquals(expected[i], actual[i], 1e-4f, "image " + i);
        }
    }

    @org.junit.jupiter.api.Test
    void encodesTheFirstImagesOfASplitWithTheirLabels() {
        Model model = model(ModelKind.VAE, Activation.RELU, DecoderKind.BERNOULLI, 2);
        SplittableRandom random = new SplittableRandom(5);
        float[] pixels = new float[6 * ImageShape.MNIST.pixels()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextDouble();
        }
        Split images = new Split(pixels, new int[] {9, 8, 7, 6, 5, 4}, ImageShape.MNIST);

        var firstFour = new JavaCodec(model).encode(images, 4);
        float[][] all = new Codec(model).encode(images).mean();

        org.junit.jupiter.api.Assertions.assertEquals(4, firstFour.mean().length);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {9, 8, 7, 6}, firstFour.labels());
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(all[i], firstFour.mean()[i], 1e-4f, "image " + i);
        }
    }

    @org.junit.jupiter.api.Test
    void aCodecOverAReusedArrayReadsTheWeightsOfTheModelItIsBuiltFor() {
        Model first = model(ModelKind.VAE, Activation.RELU, DecoderKind.BERNOULLI, 2);
        Model second = new Model(first.config(), first.params().mul(-0.5), "synthetic", "test", List.of(), null);
        float[] reused = new float[(int) first.params().length()];
        float[][] z = {{0.3f, -1.2f}, {2f, 0.5f}};

        float[] fromFirst = new JavaCodec(first, reused).decode(z);
        float[] fromSecond = new JavaCodec(second, reused).decode(z);

        assertArrayEquals(new JavaCodec(first).decode(z), fromFirst, 0f);
        assertArrayEquals(new Codec(second).decode(z), fromSecond, 1e-5f);
        org.junit.jupiter.api.Assertions.assertArrayEquals(second.params().toFloatVector(), reused, 0f,
                "the array holds the weights of the last codec built over it");
    }

    @org.junit.jupiter.api.Test
    void codecWeightsServeModelsOfAnotherSizeInTurn() {
        Model small = model(ModelKind.VAE, Activation.RELU, DecoderKind.BERNOULLI, 2);
        Model wider = model(ModelKind.VAE, Activation.RELU, DecoderKind.BERNOULLI, 3);
        CodecWeights weights = new CodecWeights();
        float[] z2 = {0.5f, -1f};
        float[] z3 = {0.5f, -1f, 2f};

        float[] a = weights.codec(small).decode(z2);
        float[] b = weights.codec(wider).decode(z3);
        float[] c = weights.codec(small).decode(z2);

        assertArrayEquals(new Codec(small).decode(z2), a, 1e-5f);
        assertArrayEquals(new Codec(wider).decode(z3), b, 1e-5f);
        assertArrayEquals(a, c, 0f);
    }
}

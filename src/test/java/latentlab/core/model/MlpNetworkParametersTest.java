package latentlab.core.model;

import latentlab.core.data.ImageShape;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Which parameters a network reads: a plain network those it was made with (a copy, so that its
 * products run over Java arrays, as training's do), a training run's evaluator its run's master copy as
 * it is at each use.
 */
class MlpNetworkParametersTest {
    private static final ModelConfig CONFIG =
            new ModelConfig(ModelKind.VAE, new ImageShape(6, 6), List.of(24), 2, Activation.RELU, DecoderKind.BERNOULLI, 1.0, 3L);

    private static INDArray images() {
        SplittableRandom rng = new SplittableRandom(11);
        float[] v = new float[5 * CONFIG.inputSize()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextDouble();
        }
        return Nd4j.createFromArray(v).reshape(5, CONFIG.inputSize());
    }

    private static float[] means(MlpNetwork net) {
        return net.encode(images())[0].data().asFloat();                     // z_mean [5, 2], row-major
    }

    @Test
    void aNetworkKeepsTheParametersItWasMadeWithWhenTheModelsChangeLater() {
        INDArray params = MlpNetwork.initialParams(CONFIG, DataType.FLOAT);
        MlpNetwork before = new MlpNetwork(CONFIG, params);
        float[] first = means(before);

        params.addi(0.25f);                                                       // as a later training step would

        assertArrayEquals(first, means(before), 0f, "the network made before the change");
        float[] changed = means(new MlpNetwork(CONFIG, params));
        assertFalse(java.util.Arrays.equals(first, changed), "a network made after it sees the change");
    }

    @Test
    void anEvaluatorReadsItsRunsMasterCopyAsItIsAtEachUseAndAgreesWithANetworkOverTheSameValues() {
        INDArray params = MlpNetwork.initialParams(CONFIG, DataType.FLOAT);
        float[] master = params.data().asFloat();
        MlpNetwork evaluator = new MlpNetwork(CONFIG, params, master, Parallel.SERIAL);
        assertArrayEquals(means(new MlpNetwork(CONFIG, params)), means(evaluator), 0f, "the same values");

        for (int i = 0; i < master.length; i++) {
            master[i] *= 1.5f;                                                    // a step updates the master in place
        }
        INDArray stepped = Nd4j.createFromArray(master.clone());
        assertArrayEquals(means(new MlpNetwork(CONFIG, stepped)), means(evaluator), 0f, "after the step");
    }

    @Test
    void anEvaluatorNeedsFloatParametersAndAMasterCopyOfTheirSize() {
        INDArray params = MlpNetwork.initialParams(CONFIG, DataType.FLOAT);
        float[] shorter = new float[(int) params.length() - 1];
        assertThrows(IllegalArgumentException.class, () -> new MlpNetwork(CONFIG, params, shorter, Parallel.SERIAL));
        INDArray doubles = MlpNetwork.initialParams(CONFIG, DataType.DOUBLE);
        float[] master = new float[(int) doubles.length()];
        assertThrows(IllegalArgumentException.class, () -> new MlpNetwork(CONFIG, doubles, master, Parallel.SERIAL));
    }
}

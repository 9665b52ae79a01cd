package latentlab.core.model;

import latentlab.core.data.ImageShape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every gradient of a tiny AE and VAE against central finite differences, in double precision. */
class GradientCheckTest {

    static Stream<Arguments> configurations() {
        return Stream.of(ModelKind.values()).flatMap(kind -> Stream.of(DecoderKind.values()).flatMap(dec ->
                Stream.of(Activation.TANH, Activation.RELU, Activation.SOFTPLUS).map(act -> Arguments.of(kind, dec, act))));
    }

    @ParameterizedTest(name = "{0} with {1} decoder and {2}")
    @MethodSource("configurations")
    void everyParameterGradientMatchesFiniteDifferences(ModelKind kind, DecoderKind decoder, Activation act) {
        ModelConfig config = new ModelConfig(kind, new ImageShape(2, 3), List.of(5, 4), 2, act, decoder, 0.7, 3L);
        INDArray params = MlpNetwork.initialParams(config, DataType.DOUBLE);
        MlpNetwork net = new MlpNetwork(config, params);
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 6);                              // [4, 6] in [0, 1]
        INDArray eps = Nd4j.randn(DataType.DOUBLE, 4, 2);                           // [4, 2]
        double beta = 0.7;

        INDArray grad = Nd4j.create(DataType.DOUBLE, params.length());
        net.lossAndGradient(x, eps, beta, grad);

        double h = 1e-6;
        double worst = 0;
        for (long i = 0; i < params.length(); i++) {
            double p = params.getDouble(i);
            params.putScalar(i, p + h);
            double up = net.loss(x, eps, beta).objective();
            params.putScalar(i, p - h);
            double down = net.loss(x, eps, beta).objective();
            params.putScalar(i, p);
            double numeric = (up - down) / (2 * h);
            double analytic = grad.getDouble(i);
            double err = Math.abs(numeric - analytic) / Math.max(1e-4, Math.abs(numeric) + Math.abs(analytic));
            worst = Math.max(worst, err);
            assertEquals(numeric, analytic, 1e-6 + 1e-4 * Math.abs(numeric),
                    "gradient of parameter " + i + " (" + slotOf(net.layout(), i) + ")");
        }
        assertTrue(worst < 1e-4, "worst relative error " + worst);
    }

    private static String slotOf(ParameterLayout layout, long i) {
        for (ParameterLayout.Slot s : layout.slots().values()) {
            if (i >= s.offset() && i < s.offset() + s.length()) {
                return s.name() + " element " + (i - s.offset());
            }
        }
        return "?";
    }
}

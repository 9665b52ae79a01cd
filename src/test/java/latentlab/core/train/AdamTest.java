package latentlab.core.train;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The fused Adam against ND4J's Adam updater, which earlier versions trained and saved models with. */
class AdamTest {
    private static final int P = 1000;

    @Test
    void stepsMatchNd4jsAdamAndItsStateLayout() {
        INDArray params = randomVector(P, 1);                                    // [P]
        INDArray reference = params.dup();
        INDArray state = Nd4j.zeros(DataType.FLOAT, 1, 2 * P);                   // [1, 2P]: m then v
        INDArray referenceState = Nd4j.zeros(DataType.FLOAT, 1, 2 * P);
        double[] rates = {1e-3, 2e-3, 5e-4, 1e-3, 3e-3, 1e-3};
        GradientUpdater<?> nd4j = new org.nd4j.linalg.learning.config.Adam(
                new org.nd4j.linalg.schedule.MapSchedule(org.nd4j.linalg.schedule.ScheduleType.ITERATION, java.util.Map.of(
                        0, rates[0], 1, rates[1], 2, rates[2], 3, rates[3], 4, rates[4], 5, rates[5])))
                .instantiate(referenceState, true);
        Adam adam = new Adam(params, state);

        for (int t = 1; t <= rates.length; t++) {
            INDArray g = randomVector(P, 10 + t).muli(t % 2 == 0 ? 1e-3 : 1.0);
            INDArray update = g.reshape(1, P).dup();
            nd4j.applyUpdater(update, t - 1, 0);
            reference.subi(update.reshape(P));
            adam.step(g.data().asFloat(), rates[t - 1], t, 0, P / 3);              // in two ranges, as two threads would
            adam.step(g.data().asFloat(), rates[t - 1], t, P / 3, P);
        }
        adam.publish(0, P);

        assertArrayEquals(reference.data().asFloat(), params.data().asFloat(), 2e-6f, "parameters");
        assertArrayEquals(referenceState.data().asFloat(), state.data().asFloat(), 1e-6f, "moments m then v");
    }

    @Test
    void resumesFromAStateItWasGiven() {
        INDArray params = randomVector(P, 2);
        INDArray state = Nd4j.concat(1, randomVector(P, 3).reshape(1, P).muli(1e-2),
                randomVector(P, 4).reshape(1, P).muli(1e-3).muli(randomVector(P, 4).reshape(1, P)));   // v >= 0
        INDArray expectedParams = params.dup();
        INDArray expectedState = state.dup();
        GradientUpdater<?> nd4j = new org.nd4j.linalg.learning.config.Adam(1e-3).instantiate(expectedState, false);
        INDArray g = randomVector(P, 5);
        INDArray update = g.reshape(1, P).dup();
        nd4j.applyUpdater(update, 41, 0);                                        // the 42nd step
        expectedParams.subi(update.reshape(P));

        Adam adam = new Adam(params, state);
        adam.step(g.data().asFloat(), 1e-3, 42, 0, P);
        adam.publish(0, P);
        assertArrayEquals(expectedParams.data().asFloat(), params.data().asFloat(), 2e-6f);
        assertArrayEquals(expectedState.data().asFloat(), state.data().asFloat(), 1e-6f);
    }

    @Test
    void theModelSeesNothingUntilPublished() {
        INDArray params = randomVector(P, 6);
        INDArray state = Nd4j.zeros(DataType.FLOAT, 1, 2 * P);
        float[] before = params.data().asFloat();
        Adam adam = new Adam(params, state);
        adam.step(randomVector(P, 7).data().asFloat(), 1e-2, 1, 0, P);
        assertArrayEquals(before, params.data().asFloat(), 0f);
        adam.publish(0, P / 2);
        assertEquals(adam.params()[0], params.getFloat(0), 0f);
        assertEquals(before[P - 1], params.getFloat(P - 1), 0f);
    }

    private static INDArray randomVector(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rng.nextDouble(-1, 1);
        }
        return Nd4j.createFromArray(v);
    }
}

package latentlab.app.chart;

import latentlab.core.model.EpochRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LossHistoryTest {
    @Test
    void keepsEveryPointAndSmoothsTheStepCurves() {
        LossHistory h = new LossHistory();
        for (int i = 1; i <= 5000; i++) {
            h.addIteration(i, i / 100.0, i % 2 == 0 ? 110 : 90, 5, 1);
        }
        assertEquals(5000, h.size(LossSeries.TOTAL));
        assertEquals(115.0, h.raw(LossSeries.TOTAL)[1], 1e-12);
        assertEquals(100.0, h.smoothed(LossSeries.RECONSTRUCTION)[4999], 1.0, "the smoothed curve is the mean");
        assertEquals(90.0, h.smoothed(LossSeries.RECONSTRUCTION)[0], 1e-9, "the first smoothed value is unbiased");
    }

    @Test
    void writesStepsAndEpochsAsCsvInOrder() throws IOException {
        LossHistory h = new LossHistory();
        h.addIteration(1, 0.5, 100, 4, 1);
        h.addIteration(2, 1.0, 90, 5, 1);
        h.addEpoch(new EpochRecord(1, 1, 95, 4.5, 93, 4, 1.2));
        h.addIteration(3, 1.5, 80, 6, 0.5);
        StringWriter out = new StringWriter();
        h.writeCsv(out);
        String[] lines = out.toString().split("\n");
        assertEquals("kind,iteration,epoch,total_nats,reconstruction_nats,kl_nats,beta,test_elbo_nats", lines[0]);
        assertEquals(5, lines.length);
        assertTrue(lines[1].startsWith("iteration,1,0.500000,104.000000,100.000000,4.000000,1.000000,"), lines[1]);
        assertTrue(lines[3].startsWith("epoch,,1,,,,,-97.000000"), lines[3]);
        assertTrue(lines[4].startsWith("iteration,3,1.500000,83.000000"), lines[4]);
    }

    @Test
    void aCopyDoesNotGrowWithTheOriginal() {
        LossHistory h = new LossHistory();
        h.addIteration(1, 0.1, 1, 1, 1);
        LossHistory copy = h.copy();
        h.addIteration(2, 0.2, 1, 1, 1);
        assertEquals(1, copy.size(LossSeries.TOTAL));
        assertEquals(2, h.size(LossSeries.TOTAL));
    }
}

package latentlab.core.explore;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ActiveDimensionsTest {
    @Test
    void theWidestBoxesComeFirstWhateverTheirSign() {
        // widths 0.1, 4.0, 0.3, 2.5
        List<Double> low = List.of(-0.05, -3.0, 0.1, -0.5);
        List<Double> high = List.of(0.05, 1.0, 0.4, 2.0);
        assertArrayEquals(new int[] {1, 3}, ActiveDimensions.widest(low, high, 2));
        assertArrayEquals(new int[] {1, 3, 2, 0}, ActiveDimensions.widest(low, high, 4));
    }

    @Test
    void equalWidthsKeepTheLowerDimensionFirst() {
        assertArrayEquals(new int[] {0, 1}, ActiveDimensions.widest(List.of(-1.0, -1.0, -1.0), List.of(1.0, 1.0, 1.0), 2));
    }

    @Test
    void askingForMoreDimensionsThanThereAreFails() {
        assertThrows(IllegalArgumentException.class, () -> ActiveDimensions.widest(List.of(0.0), List.of(1.0), 2));
    }
}

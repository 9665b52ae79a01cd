package latentlab.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TrainTestSplitTest {
    @Test
    void shufflesExactlyAsCollectionsShuffleDoes() {
        List<Integer> expected = new ArrayList<>(IntStream.range(0, 500).boxed().toList());
        Collections.shuffle(expected, new Random(99));

        int[] order = TrainTestSplit.permutation(500, new Random(99));

        assertArrayEquals(expected.stream().mapToInt(Integer::intValue).toArray(), order);
    }

    @Test
    void holdsOutTheRequestedNumberOfImagesAndKeepsEveryImageOnce() {
        ImageShape shape = new ImageShape(1, 1);
        float[] pixels = new float[50];
        int[] labels = new int[50];
        for (int i = 0; i < 50; i++) {
            pixels[i] = i;
            labels[i] = i % 5;
        }

        TrainTestSplit split = TrainTestSplit.shuffled(new Split(pixels, labels, shape), 7, 1);

        assertEquals(43, split.train().size());
        assertEquals(7, split.test().size());
        float[] all = new float[50];
        System.arraycopy(split.train().pixels(), 0, all, 0, 43);
        System.arraycopy(split.test().pixels(), 0, all, 43, 7);
        for (int i = 0; i < 43; i++) {
            assertEquals((int) split.train().pixels()[i] % 5, split.train().labels()[i], "labels follow images");
        }
        Arrays.sort(all);
        assertArrayEquals(pixels, all);
    }

    @Test
    void refusesToHoldOutNothingOrEverything() {
        Split two = new Split(new float[2], new int[2], new ImageShape(1, 1));

        assertThrows(IllegalArgumentException.class, () -> TrainTestSplit.shuffled(two, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> TrainTestSplit.shuffled(two, 2, 1));
    }
}

package latentlab.core.data;

import java.util.Random;

/**
 * A train/test pair cut from one set of images by a seeded shuffle, so that the same seed always
 * gives the same split.
 *
 * @param train the training images
 * @param test  the held-out images
 */
public record TrainTestSplit(Split train, Split test) {

    /**
     * Shuffles the image order and cuts it in two: the first {@code all.size() - testCount} images of
     * the shuffled order train, the rest test. The shuffle is the Fisher-Yates shuffle of
     * {@link java.util.Collections#shuffle(java.util.List, Random)} (for i from n-1 down to 1, swap
     * element i with element {@code random.nextInt(i + 1)}) driven by {@code new Random(seed)}, so it
     * can be reproduced in any language that reimplements {@link Random}.
     *
     * @param all       the images to split
     * @param testCount how many go to the test split, 1..size-1
     * @param seed      the seed of the {@link Random}
     */
    public static TrainTestSplit shuffled(Split all, int testCount, long seed) {
        int n = all.size();
        if (testCount < 1 || testCount >= n) {
            throw new IllegalArgumentException("cannot hold out " + testCount + " of " + n
                    + " images: need at least one for training and one for testing");
        }
        int[] order = permutation(n, new Random(seed));
        int nTrain = n - testCount;
        int[] train = new int[nTrain];
        int[] test = new int[testCount];
        System.arraycopy(order, 0, train, 0, nTrain);
        System.arraycopy(order, nTrain, test, 0, testCount);
        return new TrainTestSplit(all.select(train), all.select(test));
    }

    /** The Fisher-Yates permutation of 0..n-1 that {@code Collections.shuffle} would produce. */
    static int[] permutation(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}

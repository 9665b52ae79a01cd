package latentlab.core.model;

import java.util.function.IntConsumer;

/**
 * Runs the parts of a piece of work side by side, on threads that the caller owns (the trainer's).
 * {@link FloatMlp} uses it to split its large matrix products by columns.
 */
public interface Parallel {
    /** Runs parts one after the other on the calling thread. */
    Parallel SERIAL = new Parallel() {
        @Override
        public int parts() {
            return 1;
        }

        @Override
        public void run(int count, IntConsumer part) {
            for (int k = 0; k < count; k++) {
                part.accept(k);
            }
        }
    };

    /** How many parts can run at the same time. */
    int parts();

    /** Runs {@code part.accept(k)} for k = 0 .. count-1 (count at most {@link #parts()}) and returns when all are done. */
    void run(int count, IntConsumer part);
}

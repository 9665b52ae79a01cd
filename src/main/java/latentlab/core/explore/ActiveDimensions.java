package latentlab.core.explore;

import latentlab.core.model.EpochRecord;
import latentlab.core.model.Model;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The latent dimensions a model uses most. A VAE given more latent dimensions than the data needs leaves
 * some of them inactive: their code means stay near 0 for every image (the KL term pulls them to the
 * prior; Burda et al. 2015 count "active units" so), and a manifold or a map spanned by two of those
 * shows one image, or one blob, everywhere. The width of the box of the test codes' means that training
 * records after each epoch ({@link EpochRecord#codeLow()}, {@link EpochRecord#codeHigh()}) tells the
 * active ones from the rest, and orders them. (The shipped 20-dimensional MNIST VAE uses all 20: widths
 * 5.1 to 6.7.)
 */
public final class ActiveDimensions {
    private ActiveDimensions() {
    }

    /**
     * The {@code count} dimensions whose codes spread widest, widest first (ties: the lower index first).
     *
     * @param codeLow  per dimension, the smallest code mean
     * @param codeHigh per dimension, the largest
     */
    public static int[] widest(List<Double> codeLow, List<Double> codeHigh, int count) {
        if (codeLow.size() != codeHigh.size() || count < 0 || count > codeLow.size()) {
            throw new IllegalArgumentException("asked for the " + count + " widest of " + codeLow.size()
                    + " dimensions (and " + codeHigh.size() + " upper ends)");
        }
        Comparator<Integer> widestFirst = Comparator.comparingDouble(j -> codeLow.get(j) - codeHigh.get(j));
        return IntStream.range(0, codeLow.size()).boxed()
                .sorted(widestFirst.thenComparing(j -> j))
                .limit(count).mapToInt(Integer::intValue).toArray();
    }

    /**
     * The two dimensions the model uses most, after its last epoch; empty for a model with fewer than
     * three latent dimensions (there is nothing to choose) or without a recorded box of codes. Reads the
     * model's history, so not while it trains.
     */
    public static Optional<int[]> widestPair(Model model) {
        int l = model.config().latent();
        List<EpochRecord> history = model.history();
        if (l < 3 || history.isEmpty()) {
            return Optional.empty();
        }
        EpochRecord last = history.get(history.size() - 1);
        if (!last.hasCodeBox() || last.codeLow().size() != l) {
            return Optional.empty();
        }
        return Optional.of(widest(last.codeLow(), last.codeHigh(), 2));
    }
}

package latentlab.core.model;

import java.util.Locale;

/** The hidden-layer non-linearity h = act(a). */
public enum Activation {
    RELU, TANH, SOFTPLUS,
    /** No non-linearity: with the unit-variance Gaussian decoder an AE becomes linear PCA. */
    IDENTITY;

    public static Activation parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown activation '" + s + "': use relu, tanh, softplus or identity");
        }
    }
}

package latentlab.app.chart;

/** The curves of the loss chart; all in nats per image. */
public enum LossSeries {
    /** The objective minimised per step: reconstruction + beta * KL. */
    TOTAL("Total loss", true),
    /** -log p(x|z) per step. */
    RECONSTRUCTION("Reconstruction", true),
    /** KL(q(z|x) || p(z)) per step; zero for an AE. */
    KL("KL", true),
    /** The negative test ELBO, -(reconstruction + KL) on the test split, once per epoch. */
    TEST("Test \u2212ELBO", false);

    private final String label;
    private final boolean perIteration;

    LossSeries(String label, boolean perIteration) {
        this.label = label;
        this.perIteration = perIteration;
    }

    /** The name in the legend. */
    public String label() {
        return label;
    }

    /** Whether it has a point per training step (else one per epoch). */
    public boolean perIteration() {
        return perIteration;
    }
}

package latentlab.core.model;

/** A model and data (or a model file and the architecture asked for) that do not fit together. */
public class IncompatibleModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public IncompatibleModelException(String message) {
        super(message);
    }
}

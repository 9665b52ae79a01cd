package latentlab.core.model;

/** Whether the encoder outputs a distribution q(z|x) (VAE) or a single code (AE). */
public enum ModelKind {
    /** Plain autoencoder: z = f(x), trained on reconstruction alone. */
    AE,
    /** Variational autoencoder: q(z|x) = N(z_mean, diag(exp(z_log_var))), trained on the ELBO. */
    VAE;

    public static ModelKind parse(String s) {
        return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "ae" -> AE;
            case "vae" -> VAE;
            default -> throw new IllegalArgumentException("unknown model kind '" + s + "': use vae or ae");
        };
    }
}

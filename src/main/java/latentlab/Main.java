package latentlab;

/** Entry point: with a command, the CLI; without, the app. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("Latent Lab");
    }
}

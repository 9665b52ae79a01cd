package latentlab;

import latentlab.cli.Cli;

/**
 * Entry point. With a command ({@code train}, {@code eval}, ...) it runs the headless CLI; with none
 * it will open the app. A plain class, not an {@code Application}, so that the CLI runs without a
 * display and JavaFX starts correctly from the class path.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code = new Cli(System.out, System.err).run(args);
        System.exit(code);
    }
}

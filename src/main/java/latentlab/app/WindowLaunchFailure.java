package latentlab.app;

import java.util.Optional;

/**
 * What to tell someone whose window could not open, from the exception JavaFX threw while it started.
 * The two usual causes on Linux, no display and no GTK 3, get what to do about them; anything else is
 * reported as it is (with its stack trace, by the caller), since it is a fault of the app.
 */
public final class WindowLaunchFailure {
    /** JavaFX's message when it cannot connect to an X display. */
    static final String NO_DISPLAY = "Unable to open DISPLAY";
    /** JavaFX's message when GTK 3 (the toolkit its Linux windows use) cannot be loaded. */
    static final String NO_GTK = "Unable to load glass GTK library";

    private WindowLaunchFailure() {
    }

    /**
     * The explanation for a known cause of a failed start, or empty for any other failure.
     *
     * @param failure what {@code Application.launch} threw
     */
    public static Optional<String> explain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (message.contains(NO_DISPLAY)) {
                return Optional.of("the window cannot open: there is no display to open it on (DISPLAY is "
                        + describe(System.getenv("DISPLAY")) + "). Start Latent Lab from a desktop session, or"
                        + " set DISPLAY to a running X server (for example Xvfb). The commands need no display:"
                        + " `latentlab help` lists them.");
            }
            if (message.contains(NO_GTK)) {
                return Optional.of("the window cannot open: JavaFX needs the GTK 3 library on Linux and could not"
                        + " load it. Install it (Debian and Ubuntu: sudo apt-get install libgtk-3-0; Fedora:"
                        + " sudo dnf install gtk3) and start Latent Lab again. The commands need no window:"
                        + " `latentlab help` lists them.");
            }
        }
        return Optional.empty();
    }

    private static String describe(String display) {
        return display == null || display.isBlank() ? "not set" : "'" + display + "', which did not answer";
    }
}

package latentlab.app.common;

import java.util.Objects;

/**
 * Something to tell the person at the window: an error never goes only to a log.
 *
 * @param severity how it is shown (errors stay until dismissed)
 * @param text     a sentence or two saying what happened and what to do
 */
public record Message(Severity severity, String text) {
    /** How serious a message is. */
    public enum Severity { INFO, WARNING, ERROR }

    public Message {
        Objects.requireNonNull(severity);
        Objects.requireNonNull(text);
    }

    public static Message info(String text) {
        return new Message(Severity.INFO, text);
    }

    public static Message warning(String text) {
        return new Message(Severity.WARNING, text);
    }

    public static Message error(String text) {
        return new Message(Severity.ERROR, text);
    }

    /** An error message for an exception: its own message, which the engine writes for people. */
    public static Message error(Throwable e) {
        String text = e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage();
        return error(text);
    }
}

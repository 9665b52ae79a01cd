package latentlab.app.common;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Asks the user for files. The window uses native choosers ({@link FxFileDialogs}); tests give
 * fixed answers, so that "Save model as..." can be driven without a dialog.
 */
public interface FileDialogs {
    /** The kinds of file the app reads and writes, with their extension patterns. */
    enum Kind {
        MODEL("Latent Lab model", "*.llab"),
        IMAGE("Image", "*.png", "*.jpg", "*.jpeg", "*.gif", "*.bmp"),
        PNG("PNG image", "*.png"),
        CSV("CSV table", "*.csv");

        private final String description;
        private final String[] patterns;

        Kind(String description, String... patterns) {
            this.description = description;
            this.patterns = patterns;
        }

        public String description() {
            return description;
        }

        public String[] patterns() {
            return patterns.clone();
        }

        /** The extension that a saved file gets, e.g. ".png". */
        public String extension() {
            return patterns[0].substring(1);
        }
    }

    /** A file to read, or empty when the user cancels. */
    Optional<Path> open(String title, Kind kind);

    /** A file to write, or empty when the user cancels; {@code suggestedName} is the initial name. */
    Optional<Path> save(String title, Kind kind, String suggestedName);

    /** A folder to read, or empty when the user cancels. */
    Optional<Path> folder(String title);
}

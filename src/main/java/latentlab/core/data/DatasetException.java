package latentlab.core.data;

import java.nio.file.Path;

/**
 * A dataset file that is missing, unreadable or malformed. The message names the file and says
 * what is wrong, in words meant for the person who has to fix it.
 */
public class DatasetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }

    public static DatasetException badFile(Path file, String problem) {
        return new DatasetException(file + ": " + problem);
    }

    public static DatasetException badFile(Path file, String problem, Throwable cause) {
        return new DatasetException(file + ": " + problem, cause);
    }
}

package latentlab.core.data.download;

import java.util.HexFormat;
import java.util.Locale;

/**
 * One file of a dataset exactly as its authors publish it.
 *
 * @param name   the file name, the same on every mirror and in the data folder
 * @param size   its length in bytes
 * @param sha256 its SHA-256, 64 lower-case hex digits; a download is used only if it matches
 */
public record PublishedFile(String name, long size, String sha256) {
    private static final int SHA256_HEX_DIGITS = 64;

    public PublishedFile {
        if (name.isBlank() || name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException("a published file needs a plain file name, found '" + name + "'");
        }
        if (size <= 0) {
            throw new IllegalArgumentException(name + ": size must be positive, found " + size);
        }
        sha256 = sha256.toLowerCase(Locale.ROOT);
        if (sha256.length() != SHA256_HEX_DIGITS || !sha256.chars().allMatch(HexFormat::isHexDigit)) {
            throw new IllegalArgumentException(name + ": a SHA-256 is " + SHA256_HEX_DIGITS
                    + " hex digits, found '" + sha256 + "'");
        }
    }
}

package latentlab.core.data.download;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of files. */
final class Checksums {
    private static final int BUFFER_BYTES = 1 << 20;

    private Checksums() {
    }

    /** The SHA-256 of the file's contents, as 64 lower-case hex digits. */
    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        byte[] buffer = new byte[BUFFER_BYTES];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Whether the file has the published size and SHA-256. */
    static boolean matches(Path file, PublishedFile published) throws IOException {
        return Files.size(file) == published.size() && sha256(file).equals(published.sha256());
    }
}

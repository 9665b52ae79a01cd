package latentlab.core.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AtomicFilesTest {

    @Test
    void writesTheContentIntoANewFolder(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("a/b/out.txt");
        AtomicFiles.write(file, out -> out.write("hello".getBytes(StandardCharsets.UTF_8)));
        assertEquals("hello", Files.readString(file));
    }

    @Test
    void aWrittenFileIsReadableByOthersLikeAnOrdinaryFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.llab");
        AtomicFiles.write(file, out -> out.write(1));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aFailedWriteKeepsTheEarlierFileAndLeavesNoPartialFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("out.txt");
        Files.writeString(file, "earlier");
        assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals("earlier", Files.readString(file));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the earlier file remains");
        }
    }
}

package latentlab;

import com.github.luben.zstd.ZstdOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PackedNatives} against packed folders made here the way {@code jlink/PackNatives.java} makes them
 * (Zstandard parts with checksums, a manifest): the files come back byte for byte, a second start writes
 * nothing, an unwritable image falls back to the cache, damage is reported as damage and leaves nothing half
 * written, and two starts at once agree.
 */
class PackedNativesTest {
    private static final int CHUNK = 100_000;

    @TempDir
    Path root;

    private final byte[] big = randomBytes(250_001, 1);                 // three parts of CHUNK bytes
    private final byte[] small = "a small library\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void theFirstStartUnpacksEveryFileByteForByteWithItsLinksBesideThePackedFolder() throws Exception {
        Path packed = pack(root.resolve("app/native.zst"));

        PackedNatives.Outcome outcome = PackedNatives.prepare(packed, root.resolve("cache"));

        Path dir = root.resolve("app/native");
        assertEquals(dir, outcome.dir());
        assertTrue(outcome.unpacked());
        assertEquals(big.length + small.length, outcome.bytes());
        assertArrayEquals(big, Files.readAllBytes(dir.resolve("libbig.so")));
        assertArrayEquals(small, Files.readAllBytes(dir.resolve("libsmall.so.1")));
        assertTrue(Files.isSymbolicLink(dir.resolve("libsmall.so")));
        assertArrayEquals(small, Files.readAllBytes(dir.resolve("libsmall.so")));
        assertTrue(Files.isExecutable(dir.resolve("libbig.so")));
        assertEquals("0123456789abcdef", Files.readString(dir.resolve(PackedNatives.COMPLETE)).strip());
        assertEquals("rwxr-xr-x", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir)), "other users of the image read it too");
        assertEquals(List.of(), leftovers(root.resolve("app")));
    }

    @Test
    void aLaterStartFindsTheUnpackedFolderAndWritesNothing() throws Exception {
        Path packed = pack(root.resolve("app/native.zst"));
        Path dir = PackedNatives.prepare(packed, root.resolve("cache")).dir();
        FileTime before = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(dir.resolve("libbig.so"), before);

        PackedNatives.Outcome again = PackedNatives.prepare(packed, root.resolve("cache"));

        assertFalse(again.unpacked());
        assertEquals(dir, again.dir());
        assertEquals(0, again.millis());
        assertEquals(before, Files.getLastModifiedTime(dir.resolve("libbig.so")));
    }

    @Test
    void whenTheImageFolderCannotBeWrittenItUnpacksIntoTheUsersCache() throws Exception {
        Path packed = pack(root.resolve("app/native.zst"));
        Path notAFolder = Files.writeString(root.resolve("file"), "x");
        Path cached = root.resolve("cache/natives-0123456789abcdef");

        PackedNatives.Outcome outcome = PackedNatives.prepare(packed, PackedNatives.readManifest(packed),
                List.of(notAFolder.resolve("native"), cached));

        assertEquals(cached, outcome.dir());
        assertArrayEquals(big, Files.readAllBytes(cached.resolve("libbig.so")));
        // and the next start finds it there without unpacking again
        PackedNatives.Outcome again = PackedNatives.prepare(packed, PackedNatives.readManifest(packed),
                List.of(notAFolder.resolve("native"), cached));
        assertFalse(again.unpacked());
        assertEquals(cached, again.dir());
    }

    @Test
    void aDamagedPartIsReportedAsDamageAndLeavesNoFolderBehind() throws Exception {
        Path packed = pack(root.resolve("app/native.zst"));
        Path part = packed.resolve("libbig.so.1.zst");
        byte[] bytes = Files.readAllBytes(part);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(part, bytes);

        PackedNatives.UnpackException e = assertThrows(PackedNatives.UnpackException.class,
                () -> PackedNatives.prepare(packed, root.resolve("cache")));

        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
        assertTrue(e.getMessage().contains("libbig.so.1.zst"), e.getMessage());
        assertTrue(e.getMessage().contains("Install Latent Lab again"), e.getMessage());
        assertFalse(Files.exists(root.resolve("app/native")));
        assertFalse(Files.exists(root.resolve("cache/natives-0123456789abcdef")));
        assertEquals(List.of(), leftovers(root.resolve("app")));
    }

    @Test
    void whenNoFolderCanBeWrittenTheMessageNamesBothAndWhatToDo() throws Exception {
        Path packed = pack(root.resolve("app/native.zst"));
        Path notAFolder = Files.writeString(root.resolve("file"), "x");

        PackedNatives.UnpackException e = assertThrows(PackedNatives.UnpackException.class,
                () -> PackedNatives.prepare(packed, PackedNatives.readManifest(packed),
                        List.of(notAFolder.resolve("native"), notAFolder.resolve("cache"))));

        assertTrue(e.getMessage().contains("could not unpack its native libraries"), e.getMessage());
        assertTrue(e.getMessage().contains(notAFolder.resolve("native").toString()), e.getMessage());
        assertTrue(e.getMessage().contains(notAFolder.resolve("cache").toString()), e.getMessage());
        assertTrue(e.getMessage().contains(PackedNatives.CACHE_PROPERTY), e.getMessage());
    }

    @Test
    void withoutEnoughDiskSpaceItSaysHowMuchItNeedsAndWritesNothing() throws Exception {
        Path packed = pack(root.resolve("app/native.zst"));
        long exabyte = 1L << 60;
        Files.writeString(packed.resolve(PackedNatives.MANIFEST), "id 0123456789abcdef\nfile libbig.so " + exabyte
                + " " + CHUNK + "\n");

        PackedNatives.UnpackException e = assertThrows(PackedNatives.UnpackException.class,
                () -> PackedNatives.prepare(packed, root.resolve("cache")));

        assertTrue(e.getMessage().contains("could not unpack"), e.getMessage());
        assertTrue(e.getMessage().contains("it needs " + ((exabyte >> 20) + 1) + " MB of disk space"), e.getMessage());
        assertFalse(Files.exists(root.resolve("app/native")));
        assertEquals(List.of(), leftovers(root.resolve("app")));
    }

    @Test
    void aFolderLeftByAnotherImageIsReplaced() throws Exception {
        Path packed = pack(root.resolve("app/native.zst"));
        Path dir = Files.createDirectories(root.resolve("app/native"));
        Files.writeString(dir.resolve(PackedNatives.COMPLETE), "another-id\n");
        Files.writeString(dir.resolve("libbig.so"), "an older library");
        Files.writeString(dir.resolve("libgone.so"), "only the old image had this");

        PackedNatives.Outcome outcome = PackedNatives.prepare(packed, root.resolve("cache"));

        assertTrue(outcome.unpacked());
        assertArrayEquals(big, Files.readAllBytes(dir.resolve("libbig.so")));
        assertFalse(Files.exists(dir.resolve("libgone.so")));
    }

    @Test
    void twoStartsAtOnceBothEndWithTheSameCompleteFolder() throws Exception {
        Path packed = pack(root.resolve("app/native.zst"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<PackedNatives.Outcome> start = () -> PackedNatives.prepare(packed, root.resolve("cache"));
            List<Future<PackedNatives.Outcome>> both = pool.invokeAll(List.of(start, start));
            for (Future<PackedNatives.Outcome> f : both) {
                assertEquals(root.resolve("app/native"), f.get().dir());
            }
        } finally {
            pool.shutdownNow();
        }
        assertArrayEquals(big, Files.readAllBytes(root.resolve("app/native/libbig.so")));
        assertEquals(List.of(), leftovers(root.resolve("app")));
    }

    @Test
    void aManifestThatNamesAFileOutsideItsFolderIsRefused() throws Exception {
        Path packed = pack(root.resolve("app/native.zst"));
        Files.writeString(packed.resolve(PackedNatives.MANIFEST), "id 0123456789abcdef\nfile ../evil.so 10 10\n");

        PackedNatives.UnpackException e = assertThrows(PackedNatives.UnpackException.class,
                () -> PackedNatives.prepare(packed, root.resolve("cache")));

        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
        assertFalse(Files.exists(root.resolve("app/evil.so")));
    }

    @Test
    void withoutThePropertyNothingIsDone() throws Exception {
        String before = System.getProperty(PackedNatives.PACKED_PROPERTY);
        System.clearProperty(PackedNatives.PACKED_PROPERTY);
        try {
            assertTrue(PackedNatives.prepareFromProperties().isEmpty());
        } finally {
            if (before != null) {
                System.setProperty(PackedNatives.PACKED_PROPERTY, before);
            }
        }
    }

    @Test
    void itLinksAndDoesNothingWhereZstdJniIsAbsentAsInAnImageWithUnpackedNatives() throws Exception {
        java.net.URL classes = PackedNatives.class.getProtectionDomain().getCodeSource().getLocation();
        try (java.net.URLClassLoader withoutZstd = new java.net.URLClassLoader(new java.net.URL[]{classes},
                ClassLoader.getPlatformClassLoader())) {
            assertThrows(ClassNotFoundException.class,
                    () -> withoutZstd.loadClass("com.github.luben.zstd.ZstdIOException"));
            Class<?> isolated = withoutZstd.loadClass(PackedNatives.class.getName());
            String before = System.getProperty(PackedNatives.PACKED_PROPERTY);
            System.clearProperty(PackedNatives.PACKED_PROPERTY);
            try {
                Object result = isolated.getMethod("prepareFromProperties").invoke(null);
                assertEquals(java.util.Optional.empty(), result);
            } finally {
                if (before != null) {
                    System.setProperty(PackedNatives.PACKED_PROPERTY, before);
                }
            }
        }
    }

    /** Writes libbig.so (three parts), libsmall.so.1 and a link libsmall.so to it, as PackNatives does. */
    private Path pack(Path packed) throws IOException {
        Files.createDirectories(packed);
        for (int k = 0; k * CHUNK < big.length; k++) {
            int from = k * CHUNK;
            int to = Math.min(big.length, from + CHUNK);
            compress(java.util.Arrays.copyOfRange(big, from, to), packed.resolve("libbig.so." + k + ".zst"));
        }
        compress(small, packed.resolve("libsmall.so.1.0.zst"));
        Files.write(packed.resolve(PackedNatives.MANIFEST), List.of(
                "# made by the test",
                "id 0123456789abcdef",
                "file libbig.so " + big.length + " " + CHUNK,
                "file libsmall.so.1 " + small.length + " " + CHUNK,
                "link libsmall.so libsmall.so.1"));
        return packed;
    }

    private static void compress(byte[] data, Path to) throws IOException {
        try (OutputStream file = Files.newOutputStream(to); ZstdOutputStream zstd = new ZstdOutputStream(file)) {
            zstd.setLevel(3).setChecksum(true);
            zstd.write(data);
        }
    }

    /** Temporary unpacking folders left in {@code dir}. */
    private static List<String> leftovers(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.contains("unpacking")).forEach(names::add);
        }
        return names;
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        Random random = new Random(seed);
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (random.nextInt(7) * 31);                  // compressible, like code
        }
        return b;
    }
}

package latentlab;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import latentlab.core.train.Libc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The app image's native libraries, shipped compressed and unpacked once.
 *
 * <p>ND4J's native libraries are 345 MB unpacked, 287 MB of it one file, {@code libnd4jcpu.so}; no image
 * that holds them unpacked can be small. The image ({@code jlink/build-image.sh}, default {@code --natives
 * packed}) holds them compressed with Zstandard in {@code lib/app/native.zst} (about 45 MB), in parts of at
 * most 160 MB that two threads unpack side by side, with a manifest: the files, their sizes, the symbolic links
 * between them, and an id that changes with their contents. The launcher names that folder in the system property
 * {@value #PACKED_PROPERTY}. At start, before anything loads ND4J, {@link #prepareFromProperties()} finds or makes
 * the unpacked folder and points {@code java.library.path} at it, where JavaCPP (with {@code
 * org.bytedeco.javacpp.pathsFirst}) loads the libraries from:
 * <ol>
 *   <li>{@code lib/app/native} beside the packed folder, when it holds this id's files: unpacked there by an earlier
 *       start, for every user of the image (or by {@code latentlab --self-test} run once by whoever installed it);</li>
 *   <li>else {@code natives-ID} in the user's cache folder ({@value #CACHE_PROPERTY}, else
 *       {@code $XDG_CACHE_HOME/latentlab}, else {@code ~/.cache/latentlab}), when complete;</li>
 *   <li>else it unpacks them into the first of those two that it can write: a few tenths of a second, once.</li>
 * </ol>
 * An unpacking goes into a temporary folder beside the target, which is renamed into place only once every file
 * is whole (each part's Zstandard checksum is checked): a start that is killed part way, a full disk, or two
 * starts at once leave either the complete folder or none. A folder whose marker names another id (an older
 * image) is replaced.
 */
public final class PackedNatives {
    /** The system property that names the packed folder (set by the image's launcher). */
    public static final String PACKED_PROPERTY = "latentlab.natives.packed";
    /** The system property that overrides the per-user cache folder. */
    public static final String CACHE_PROPERTY = "latentlab.cache.dir";
    /** The manifest's file name in the packed folder. */
    public static final String MANIFEST = "natives.manifest";
    /** The marker, holding the id, written last into an unpacked folder. */
    static final String COMPLETE = ".complete";
    private static final String UNPACKING = ".unpacking-";
    private static final Duration STALE = Duration.ofMinutes(30);
    private static final int THREADS = 2;
    private static final long SPACE_MARGIN = 16L << 20;

    private static volatile Outcome last;

    private PackedNatives() {
    }

    /**
     * Where the native libraries are, and whether this start unpacked them.
     *
     * @param dir      the folder the libraries load from
     * @param unpacked whether this call unpacked them (false: an earlier start had)
     * @param millis   how long the unpacking took (0 when none)
     * @param bytes    the unpacked size of the libraries
     */
    public record Outcome(Path dir, boolean unpacked, long millis, long bytes) {
        /** One line for the self-test and the start-up report. */
        public String describe() {
            return unpacked
                    ? String.format(Locale.ROOT, "unpacked %d MB of native libraries into %s in %.2f s (once)",
                    bytes >> 20, dir, millis / 1000.0)
                    : "native libraries unpacked earlier, in " + dir;
        }
    }

    /** A failure to unpack, with a message for the user. */
    public static final class UnpackException extends Exception {
        UnpackException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What {@link #prepareFromProperties()} found or did in this process, if the image is packed. */
    public static Optional<Outcome> last() {
        return Optional.ofNullable(last);
    }

    /**
     * When {@value #PACKED_PROPERTY} names a packed folder, finds or unpacks the libraries and sets
     * {@code java.library.path} to them; otherwise does nothing (a development run, or an image with its
     * libraries unpacked at build time).
     */
    public static Optional<Outcome> prepareFromProperties() throws UnpackException {
        String packed = System.getProperty(PACKED_PROPERTY);
        if (packed == null || packed.isBlank()) {
            return Optional.empty();
        }
        Outcome outcome = prepare(Path.of(packed), userCacheFolder());
        System.setProperty("java.library.path", outcome.dir().toString());
        last = outcome;
        return Optional.of(outcome);
    }

    /** The per-user cache folder: {@value #CACHE_PROPERTY}, else {@code $XDG_CACHE_HOME/latentlab}, else ~/.cache/latentlab. */
    static Path userCacheFolder() {
        String override = System.getProperty(CACHE_PROPERTY);
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "latentlab");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "latentlab");
    }

    /** Finds or makes the unpacked folder for {@code packed}: beside it, else in {@code cacheBase}. */
    static Outcome prepare(Path packed, Path cacheBase) throws UnpackException {
        Manifest manifest = readManifest(packed);
        return prepare(packed, manifest,
                List.of(packed.resolveSibling("native"), cacheBase.resolve("natives-" + manifest.id())));
    }

    static Manifest readManifest(Path packed) throws UnpackException {
        try {
            return Manifest.read(packed.resolve(MANIFEST));
        } catch (IOException | IllegalArgumentException e) {
            throw new UnpackException("This Latent Lab folder is damaged: its packed native libraries ("
                    + packed + ") cannot be read (" + describe(e) + "). Install Latent Lab again.", e);
        }
    }

    /** Uses the first of {@code targets} that is complete, else unpacks into the first that can be written. */
    static Outcome prepare(Path packed, Manifest manifest, List<Path> targets) throws UnpackException {
        for (Path dir : targets) {
            if (isComplete(dir, manifest.id())) {
                return new Outcome(dir, false, 0, manifest.totalBytes());
            }
        }
        List<String> failures = new ArrayList<>();
        IOException first = null;
        for (Path dir : targets) {
            long start = System.nanoTime();
            try {
                unpack(packed, manifest, dir);
                return new Outcome(dir, true, (System.nanoTime() - start) / 1_000_000, manifest.totalBytes());
            } catch (IOException e) {
                failures.add(dir + " (" + describe(e) + ")");
                first = first == null ? e : first;
            }
        }
        if (first instanceof DamagedException) {
            throw new UnpackException("This Latent Lab folder is damaged: " + describe(first) + " (in " + packed
                    + "). Install Latent Lab again.", first);
        }
        throw new UnpackException("Latent Lab could not unpack its native libraries (" + (manifest.totalBytes() >> 20)
                + " MB, once) into " + String.join(" nor into ", failures) + ". Free that much disk space, or"
                + " start it with -D" + CACHE_PROPERTY + "=FOLDER (or XDG_CACHE_HOME set) naming a folder you can"
                + " write, and start it again.", first);
    }

    /** Whether {@code dir} holds a complete unpacking of the manifest with this id. */
    static boolean isComplete(Path dir, String id) {
        try {
            return Files.readString(dir.resolve(COMPLETE)).strip().equals(id);
        } catch (IOException e) {
            return false;
        }
    }

    /** Unpacks into a temporary folder beside {@code dir}, then renames it to {@code dir}. */
    static void unpack(Path packed, Manifest manifest, Path dir) throws IOException {
        Path parent = Files.createDirectories(dir.toAbsolutePath().getParent());
        removeStale(parent, dir.getFileName().toString());
        Path tmp = Files.createTempDirectory(parent, "." + dir.getFileName() + UNPACKING);
        try {
            if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {             // a temporary folder is private:
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));  // the image's is for all
            }
            try {
                Zstd.load(packed);
            } catch (LinkageError e) {                                               // zstd-jni's jar is not there
                throw new DamagedException("the Zstandard library is missing (" + e + ")", e);
            }
            decompressAll(packed, manifest, tmp);
            for (Manifest.Link link : manifest.links()) {
                try {
                    Files.createSymbolicLink(tmp.resolve(link.name()), Path.of(link.target()));
                } catch (UnsupportedOperationException | IOException e) {
                    Files.copy(tmp.resolve(link.target()), tmp.resolve(link.name()));  // no symbolic links here (Windows)
                }
            }
            Files.writeString(tmp.resolve(COMPLETE), manifest.id() + "\n");
            if (isComplete(dir, manifest.id())) {
                return;                                                              // another start finished first
            }
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                deleteTree(dir);                                                     // another image's, or a damaged one
            }
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (!isComplete(dir, manifest.id())) {                                // else another start finished first: fine
                    throw e;
                }
            }
        } finally {
            deleteTree(tmp);                                                         // gone already when it was moved
        }
    }

    /** Decompresses every part on {@value #THREADS} threads, largest first; each part writes its own range. */
    private static void decompressAll(Path packed, Manifest manifest, Path into) throws IOException {
        record Part(Manifest.Entry file, int index) {
        }
        List<Part> parts = new ArrayList<>();
        long free = Files.getFileStore(into).getUsableSpace();
        if (free < manifest.totalBytes() + SPACE_MARGIN) {
            throw new IOException("it needs " + ((manifest.totalBytes() >> 20) + 1) + " MB of disk space and "
                    + (free >> 20) + " MB are free");
        }
        boolean allocate = free < 2 * manifest.totalBytes() + SPACE_MARGIN;          // little room: blocks first (below)
        for (Manifest.Entry file : manifest.files()) {
            reserve(into.resolve(file.name()), file.size(), allocate);               // its full size, before two threads map parts of it
            for (int k = 0; k < file.parts(); k++) {
                parts.add(new Part(file, k));
            }
        }
        parts.sort(Comparator.comparingLong((Part p) -> p.file().partLength(p.index())).reversed());
        ConcurrentLinkedQueue<Part> queue = new ConcurrentLinkedQueue<>(parts);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            for (Part p = queue.poll(); p != null && failure.get() == null; p = queue.poll()) {
                try {
                    Zstd.decompressPart(packed.resolve(p.file().partName(p.index())), into.resolve(p.file().name()),
                            p.file().partOffset(p.index()), p.file().partLength(p.index()));
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }
        };
        List<Thread> helpers = new ArrayList<>();
        for (int k = 1; k < THREADS; k++) {
            helpers.add(Thread.ofPlatform().name("latentlab-unpack-" + k).daemon().start(worker));
        }
        worker.run();
        try {
            for (Thread helper : helpers) {
                helper.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unpacking", e);
        }
        Throwable t = failure.get();
        if (t instanceof IOException io) {
            throw io;
        }
        if (t != null) {
            throw new IOException(describe(t), t);
        }
        for (Manifest.Entry file : manifest.files()) {                            // each is whole: its parts checked their lengths
            into.resolve(file.name()).toFile().setExecutable(true, false);
        }
    }

    /**
     * Creates {@code file} with {@code size} bytes. The parts are decompressed into mappings of the file,
     * and a mapped page that finds the disk full cannot report it (the process would end with SIGBUS). So
     * the caller checks the free space first, and when it is less than twice what is needed (another
     * program could fill the rest meanwhile) asks for {@code allocate}: the disk blocks are then allocated
     * here ({@code posix_fallocate}, Linux), where a full disk is an {@link IOException}. Not always,
     * because it costs: the unpacking took 400-550 ms with it, 290-370 ms without.
     */
    private static void reserve(Path file, long size, boolean allocate) throws IOException {
        try (FileChannel f = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            if (size == 0) {
                return;
            }
            if (allocate && Fallocate.reserve(file, size)) {
                return;
            }
            f.write(ByteBuffer.wrap(new byte[1]), size - 1);
        }
    }

    /** {@code posix_fallocate} through the FFM API, on Linux; {@link #reserve} is false where it is not there. */
    private static final class Fallocate {
        private static final int O_WRONLY = 1;
        private static final int ENOSPC = 28;
        private static final MethodHandle OPEN;
        private static final MethodHandle FALLOCATE;
        private static final MethodHandle CLOSE;

        static {
            MethodHandle open = Libc.function("open", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), Linker.Option.firstVariadicArg(2));
            MethodHandle fallocate = Libc.function("posix_fallocate", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
            MethodHandle close = Libc.function("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            boolean all = open != null && fallocate != null && close != null;   // else extend without allocating
            OPEN = all ? open : null;
            FALLOCATE = all ? fallocate : null;
            CLOSE = all ? close : null;
        }

        private Fallocate() {
        }

        /** Allocates {@code size} bytes of {@code file}; false when it cannot here (the caller extends it instead). */
        static boolean reserve(Path file, long size) throws IOException {
            if (OPEN == null) {
                return false;
            }
            try (Arena arena = Arena.ofConfined()) {
                int fd = (int) OPEN.invokeExact(arena.allocateFrom(file.toAbsolutePath().toString()), O_WRONLY, 0);
                if (fd < 0) {
                    return false;
                }
                int error = (int) FALLOCATE.invokeExact(fd, 0L, size);
                int ignored = (int) CLOSE.invokeExact(fd);
                if (error == ENOSPC) {
                    throw new IOException("No space left on device");
                }
                return error == 0;                                                   // else (not supported here): extend instead
            } catch (IOException e) {
                throw e;
            } catch (Throwable t) {
                return false;
            }
        }
    }

    /** A packed file that does not decompress to what the manifest says: the image, not the disk, is at fault. */
    static final class DamagedException extends IOException {
        DamagedException(String message) {
            super(message);
        }

        DamagedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The calls into zstd-jni, in a class of their own: an image built with its natives unpacked has no zstd-jni,
     * and {@link PackedNatives} must still link there (the verifier loads the exception types a method catches).
     */
    private static final class Zstd {
        private Zstd() {
        }

        /**
         * Decompresses one Zstandard part into {@code length} bytes of {@code target} from {@code offset}, in
         * one call from a mapping of the part into a mapping of that range of the target (which has its full
         * size already): no stream buffers to copy through, a third quicker than streaming (a 160 MB part:
         * 180 against 270 ms). Both mappings are closed before it returns.
         */
        static void decompressPart(Path part, Path target, long offset, long length) throws IOException {
            if (!Files.isRegularFile(part)) {
                throw new DamagedException(part.getFileName() + " is missing");
            }
            if (length > Integer.MAX_VALUE || Files.size(part) > Integer.MAX_VALUE) {
                throw new DamagedException(part.getFileName() + " is larger than a part can be");
            }
            if (length == 0) {
                return;
            }
            try (Arena arena = Arena.ofConfined();
                 FileChannel in = FileChannel.open(part, StandardOpenOption.READ);
                 FileChannel out = FileChannel.open(target, StandardOpenOption.READ, StandardOpenOption.WRITE);
                 ZstdDecompressCtx zstd = new ZstdDecompressCtx()) {
                MemorySegment src = in.map(FileChannel.MapMode.READ_ONLY, 0, in.size(), arena);
                MemorySegment dst = out.map(FileChannel.MapMode.READ_WRITE, offset, length, arena);
                long n;
                try {
                    n = zstd.decompressDirectByteBuffer(dst.asByteBuffer(), 0, (int) length,
                            src.asByteBuffer(), 0, (int) src.byteSize());
                } catch (ZstdException e) {                                          // not Zstandard, too long, or a failed checksum
                    throw new DamagedException(part.getFileName() + " is damaged: " + describe(e), e);
                }
                if (n != length) {
                    throw new DamagedException(part.getFileName() + " gave " + n + " bytes, expected " + length);
                }
            }
        }

        /** zstd-jni's own library: from the packed folder when it is there (the image), else from its jar. */
        static void load(Path packed) throws IOException {
            if (System.getProperty("ZstdNativePath") == null) {
                try (Stream<Path> files = Files.list(packed)) {
                    files.filter(f -> f.getFileName().toString().startsWith("libzstd-jni")).findFirst()
                            .ifPresent(f -> System.setProperty("ZstdNativePath", f.toAbsolutePath().toString()));
                }
            }
            try {
                com.github.luben.zstd.util.Native.load();
            } catch (UnsatisfiedLinkError e) {
                throw new IOException("the Zstandard library could not load: " + e.getMessage(), e);
            }
        }
    }

    /** Removes unpackings into {@code parent} that a killed start left behind, when older than half an hour. */
    private static void removeStale(Path parent, String name) {
        Instant before = Instant.now().minus(STALE);
        try (Stream<Path> siblings = Files.list(parent)) {
            for (Path p : siblings.filter(p -> p.getFileName().toString().startsWith("." + name + UNPACKING)).toList()) {
                FileTime modified = Files.getLastModifiedTime(p);
                if (modified.toInstant().isBefore(before)) {
                    deleteTree(p);
                }
            }
        } catch (IOException e) {
            // nothing to clean, or not ours to clean
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // left for removeStale
        }
    }

    private static String describe(Throwable e) {
        if (e instanceof NoSuchFileException n) {
            return "no such file: " + n.getFile();
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /**
     * The packed folder's manifest: lines {@code id ID}, {@code file NAME SIZE CHUNK} (the file's parts are
     * {@code NAME.K.zst}, each CHUNK bytes of it but the last) and {@code link NAME TARGET}.
     */
    record Manifest(String id, List<Entry> files, List<Link> links) {
        record Entry(String name, long size, long chunk) {
            int parts() {
                return (int) Math.max(1, (size + chunk - 1) / chunk);
            }

            String partName(int k) {
                return name + "." + k + ".zst";
            }

            long partOffset(int k) {
                return k * chunk;
            }

            long partLength(int k) {
                return Math.min(chunk, size - k * chunk);
            }
        }

        record Link(String name, String target) {
        }

        long totalBytes() {
            return files.stream().mapToLong(Entry::size).sum();
        }

        static Manifest read(Path file) throws IOException {
            String id = null;
            List<Entry> files = new ArrayList<>();
            List<Link> links = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                String[] f = line.strip().split("\\s+");
                if (f.length == 0 || f[0].isEmpty() || f[0].startsWith("#")) {
                    continue;
                }
                switch (f[0]) {
                    case "id" -> id = field(f, 2, line)[1];
                    case "file" -> {
                        String[] g = field(f, 4, line);
                        long size = Long.parseLong(g[2]);
                        long chunk = Long.parseLong(g[3]);
                        if (size < 0 || chunk < 1) {
                            throw new IllegalArgumentException("bad sizes in: " + line);
                        }
                        files.add(new Entry(plainName(g[1]), size, chunk));
                    }
                    case "link" -> {
                        String[] g = field(f, 3, line);
                        links.add(new Link(plainName(g[1]), plainName(g[2])));
                    }
                    default -> throw new IllegalArgumentException("unknown line: " + line);
                }
            }
            if (id == null || files.isEmpty()) {
                throw new IllegalArgumentException("the manifest has no id or no files");
            }
            return new Manifest(plainName(id), List.copyOf(files), List.copyOf(links));
        }

        private static String[] field(String[] f, int n, String line) {
            if (f.length != n) {
                throw new IllegalArgumentException("expected " + n + " fields in: " + line);
            }
            return f;
        }

        /** A name within the folder: no separators, no "..". */
        private static String plainName(String name) {
            if (name.contains("/") || name.contains("\\") || name.equals("..") || name.equals(".")) {
                throw new IllegalArgumentException("not a plain file name: " + name);
            }
            return name;
        }
    }
}

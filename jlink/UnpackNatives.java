import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Moves the native libraries out of JavaCPP's platform jars: every {@code .so}, {@code .so.N}, {@code .dylib}
 * and {@code .dll} entry of each jar given is written, flat, into one folder, and the jar is rewritten
 * without it, so that nothing is stored twice. JavaCPP then finds no library in the jars and loads them from
 * {@code java.library.path}, which the launcher points at that folder: nothing is unpacked at start.
 *
 * <p>Run by {@code jlink/build-image.sh --natives unpacked} with the JDK's source launcher:
 * {@code java jlink/UnpackNatives.java NATIVE_DIR JAR...}. Prints one line per library.
 */
public final class UnpackNatives {
    private UnpackNatives() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: java UnpackNatives.java NATIVE_DIR JAR...");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        for (int i = 1; i < args.length; i++) {
            unpack(Path.of(args[i]), dir);
        }
    }

    static boolean isNative(String name) {
        String file = name.substring(name.lastIndexOf('/') + 1);
        return !name.endsWith("/") && (file.endsWith(".so") || file.matches(".*\\.so\\.[0-9.]+")
                || file.endsWith(".dylib") || file.endsWith(".dll"));
    }

    private static void unpack(Path jar, Path dir) throws IOException {
        Path rewritten = jar.resolveSibling(jar.getFileName() + ".tmp");
        List<String> moved = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile());
             OutputStream file = Files.newOutputStream(rewritten);
             ZipOutputStream out = new ZipOutputStream(file)) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                try (InputStream in = zip.getInputStream(e)) {
                    if (isNative(e.getName())) {
                        Path target = dir.resolve(e.getName().substring(e.getName().lastIndexOf('/') + 1));
                        if (Files.exists(target)) {
                            throw new IOException(target + " would be written twice (again from " + jar + ")");
                        }
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                        target.toFile().setExecutable(true, false);
                        moved.add(target.getFileName().toString());
                    } else {
                        ZipEntry copy = new ZipEntry(e.getName());
                        copy.setTime(e.getTime());
                        out.putNextEntry(copy);
                        in.transferTo(out);
                        out.closeEntry();
                    }
                }
            }
        }
        Files.move(rewritten, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.println(jar.getFileName() + ": " + (moved.isEmpty() ? "no native libraries" : String.join(", ", moved)));
    }
}

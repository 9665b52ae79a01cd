import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Takes the native libraries out of a jar: the jar is rewritten without them, and each one is handed to a
 * {@link Taker} on the way. Shared by {@code UnpackNatives.java} and {@code PackNatives.java} (the JDK's source
 * launcher compiles this file with them: a multi-file source program).
 */
final class NativeJars {
    /** Receives one native library of the jar: its entry name and its bytes. */
    interface Taker {
        void take(String entryName, InputStream bytes) throws IOException;
    }

    private NativeJars() {
    }

    /** A {@code .so}, {@code .so.N}, {@code .dylib} or {@code .dll} entry. */
    static boolean isNative(String name) {
        String file = name.substring(name.lastIndexOf('/') + 1);
        return !name.endsWith("/") && (file.endsWith(".so") || file.matches(".*\\.so\\.[0-9.]+")
                || file.endsWith(".dylib") || file.endsWith(".dll"));
    }

    /** Rewrites {@code jar} without its native libraries, handing each to {@code taker}. */
    static void takeNatives(Path jar, Taker taker) throws IOException {
        Path rewritten = jar.resolveSibling(jar.getFileName() + ".tmp");
        try (ZipFile zip = new ZipFile(jar.toFile());
             OutputStream file = Files.newOutputStream(rewritten);
             ZipOutputStream out = new ZipOutputStream(file)) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                try (InputStream in = zip.getInputStream(e)) {
                    if (isNative(e.getName())) {
                        taker.take(e.getName(), in);
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
    }
}

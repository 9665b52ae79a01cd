import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves the native libraries out of JavaCPP's platform jars: every {@code .so}, {@code .so.N}, {@code .dylib}
 * and {@code .dll} entry of each jar given is written, flat, into one folder, and the jar is rewritten
 * without it, so that nothing is stored twice. JavaCPP then finds no library in the jars and loads them from
 * {@code java.library.path}, which the launcher points at that folder: nothing is unpacked at start.
 *
 * <p>Run by {@code jlink/build-image.sh} ({@code --natives unpacked} or {@code packed}) with the JDK's source
 * launcher, which compiles {@code NativeJars.java} beside it too: {@code java jlink/UnpackNatives.java NATIVE_DIR JAR...}. Prints one line per library.
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

    private static void unpack(Path jar, Path dir) throws IOException {
        List<String> moved = new ArrayList<>();
        NativeJars.takeNatives(jar, (name, in) -> {
            Path target = dir.resolve(name.substring(name.lastIndexOf('/') + 1));
            if (Files.exists(target)) {
                throw new IOException(target + " would be written twice (again from " + jar + ")");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            target.toFile().setExecutable(true, false);
            moved.add(target.getFileName().toString());
        });
        System.out.println(jar.getFileName() + ": " + (moved.isEmpty() ? "no native libraries" : String.join(", ", moved)));
    }
}

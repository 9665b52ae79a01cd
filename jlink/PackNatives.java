import com.github.luben.zstd.ZstdOutputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Packs the native libraries that {@code UnpackNatives.java} moved out of the jars into the folder that
 * {@code latentlab.PackedNatives} unpacks at the first start: each file compressed with Zstandard (level 12,
 * its default 8 MB window, frame checksums), in parts of at most {@value #CHUNK} bytes so that two threads
 * can unpack the largest file, and {@code natives.manifest} (the files, their sizes, the symbolic links, and an
 * id made from the parts' SHA-256). zstd-jni's own library for this platform is copied in uncompressed (it
 * unpacks the rest), and the zstd-jni jar given is rewritten without its libraries for every platform.
 *
 * <p>Run by {@code jlink/build-image.sh} (default {@code --natives packed}) with the JDK's source launcher:
 * {@code java -cp zstd-jni.jar jlink/PackNatives.java NATIVE_DIR PACKED_DIR ZSTD_JNI_JAR OS/ARCH}, where
 * OS/ARCH is zstd-jni's folder for the platform ({@code linux/amd64}, {@code darwin/aarch64}, {@code win/amd64}).
 * NATIVE_DIR is removed afterwards.
 */
public final class PackNatives {
    static final long CHUNK = 160L << 20;
    static final int LEVEL = 12;

    private PackNatives() {
    }

    public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
        if (args.length != 4) {
            System.err.println("usage: java -cp zstd-jni.jar PackNatives.java NATIVE_DIR PACKED_DIR ZSTD_JNI_JAR OS/ARCH");
            System.exit(2);
        }
        Path natives = Path.of(args[0]);
        Path packed = Files.createDirectories(Path.of(args[1]));
        List<String> manifest = new ArrayList<>();
        MessageDigest id = MessageDigest.getInstance("SHA-256");
        List<Path> entries;
        try (Stream<Path> s = Files.list(natives)) {
            entries = s.sorted().toList();
        }
        long in = 0;
        long out = 0;
        for (Path f : entries) {
            String name = f.getFileName().toString();
            if (Files.isSymbolicLink(f)) {
                manifest.add("link " + name + " " + Files.readSymbolicLink(f));
                continue;
            }
            long size = Files.size(f);
            manifest.add("file " + name + " " + size + " " + CHUNK);
            try (InputStream src = Files.newInputStream(f)) {
                for (int k = 0; k * CHUNK < size || (k == 0 && size == 0); k++) {
                    Path part = packed.resolve(name + "." + k + ".zst");
                    try (OutputStream file = Files.newOutputStream(part);
                         ZstdOutputStream zstd = new ZstdOutputStream(file)) {
                        zstd.setLevel(LEVEL).setChecksum(true).setWorkers(2);
                        long left = Math.min(CHUNK, size - k * CHUNK);
                        byte[] buffer = new byte[1 << 20];
                        while (left > 0) {
                            int n = src.readNBytes(buffer, 0, (int) Math.min(buffer.length, left));
                            if (n <= 0) {
                                throw new IOException(f + " ended early");
                            }
                            zstd.write(buffer, 0, n);
                            left -= n;
                        }
                    }
                    id.update(Files.readAllBytes(part));
                    out += Files.size(part);
                }
            }
            in += size;
            System.out.printf("%s: %d MB -> packed%n", name, size >> 20);
        }
        id.update(String.join("\n", manifest).getBytes(StandardCharsets.UTF_8));
        manifest.addFirst("id " + HexFormat.of().formatHex(id.digest()).substring(0, 16));
        manifest.addFirst("# latentlab.PackedNatives: files (name, size, chunk; parts NAME.K.zst) and links");
        Files.write(packed.resolve("natives.manifest"), manifest);
        copyZstdLibrary(Path.of(args[2]), args[3], packed);
        try (Stream<Path> s = Files.walk(natives)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        System.out.printf("packed %d MB of native libraries into %d MB%n", in >> 20, out >> 20);
    }

    /** Copies OS/ARCH's zstd-jni library into {@code packed} and rewrites the jar without any native library. */
    private static void copyZstdLibrary(Path jar, String platform, Path packed) throws IOException {
        boolean[] found = {false};
        NativeJars.takeNatives(jar, (name, in) -> {
            if (name.startsWith(platform + "/")) {
                Files.copy(in, packed.resolve(name.substring(name.lastIndexOf('/') + 1)), StandardCopyOption.REPLACE_EXISTING);
                found[0] = true;
            }
        });
        if (!found[0]) {
            throw new IOException(jar + " has no library for " + platform);
        }
    }
}

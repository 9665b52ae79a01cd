package latentlab;

import latentlab.core.model.Model;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The layering of the code: the core (data, model, train, explore) runs headless and never touches
 * JavaFX, the CLI or the app; data knows nothing of models; models and training know nothing of the
 * explore tools. Checked on the compiled classes (every name a class file refers to is in its constant
 * pool) and, for JavaFX, on the sources too.
 */
class ArchitectureTest {
    private static final String JAVAFX = "javafx/";
    private static final String DATA = "latentlab/core/data/";
    private static final String MODEL = "latentlab/core/model/";
    private static final String TRAIN = "latentlab/core/train/";
    private static final String EXPLORE = "latentlab/core/explore/";
    private static final String CLI = "latentlab/cli/";
    private static final String APP = "latentlab/app/";

    /** The compiled classes folder (target/classes) or the jar that holds the core. */
    private static Path compiledRoot() throws URISyntaxException {
        Path root = Path.of(Model.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isDirectory(root), "the core is not in a classes folder: " + root);
        return root;
    }

    /** Every class file under {@code latentlab/core/<pkg>} with the UTF-8 constants of its constant pool. */
    private static Map<String, Set<String>> classes(String packagePath) throws Exception {
        Path dir = compiledRoot().resolve(packagePath);
        assertTrue(Files.isDirectory(dir), "no compiled package at " + dir);
        Map<String, Set<String>> result = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                result.put(compiledRoot().relativize(f).toString(), utf8Constants(Files.readAllBytes(f)));
            }
        }
        return result;
    }

    /** The CONSTANT_Utf8 entries of a class file: class names, descriptors, signatures, strings. */
    static Set<String> utf8Constants(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();                                                     // minor
        in.readUnsignedShort();                                                     // major
        int count = in.readUnsignedShort();
        Set<String> utf8 = new LinkedHashSet<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8.add(in.readUTF());                                   // Utf8
                case 3, 4 -> in.skipNBytes(4);                                      // Integer, Float
                case 5, 6 -> {                                                      // Long, Double: two slots
                    in.skipNBytes(8);
                    i++;
                }
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);                          // Class, String, MethodType, Module, Package
                case 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);                     // refs, NameAndType, (Invoke)Dynamic
                case 15 -> in.skipNBytes(3);                                        // MethodHandle
                default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        return utf8;
    }

    /** Class files under {@code packagePath} with each forbidden name they refer to. */
    private static List<String> violations(String packagePath, String... forbidden) throws Exception {
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, Set<String>> c : classes(packagePath).entrySet()) {
            for (String constant : c.getValue()) {
                for (String f : forbidden) {
                    if (constant.contains(f)) {
                        found.add(c.getKey() + " refers to " + constant);
                    }
                }
            }
        }
        return found;
    }

    private static void assertNone(List<String> violations) {
        if (!violations.isEmpty()) {
            fail(violations.size() + " forbidden references:\n  " + String.join("\n  ", violations));
        }
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void noCoreClassReferencesJavaFx() throws Exception {
        Map<String, Set<String>> core = classes("latentlab/core");
        assertTrue(core.size() > 30, "only " + core.size() + " core classes found; is the build complete?");
        assertNone(violations("latentlab/core", JAVAFX));
    }

    @Test
    void noCoreSourceImportsJavaFx() throws IOException {
        Path src = Path.of("src/main/java/latentlab/core");
        assertTrue(Files.isDirectory(src), "run from the project folder; no " + src.toAbsolutePath());
        List<String> found = new ArrayList<>();
        int files = 0;
        try (Stream<Path> s = Files.walk(src)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".java")).toList()) {
                files++;
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    if (line.startsWith("import javafx.") || line.startsWith("import static javafx.")
                            || line.contains("javafx.")) {
                        found.add(f + ":" + (i + 1) + ": " + line);
                    }
                }
            }
        }
        assertTrue(files > 30, "only " + files + " core sources found");
        assertNone(found);
    }

    @Test
    void noCoreClassReferencesTheCliOrTheApp() throws Exception {
        assertNone(violations("latentlab/core", CLI, APP));
    }

    @Test
    void dataReferencesNoModelTrainingOrExploreClass() throws Exception {
        assertNone(violations("latentlab/core/data", MODEL, TRAIN, EXPLORE));
    }

    @Test
    void modelAndTrainingReferenceNoExploreClass() throws Exception {
        assertNone(violations("latentlab/core/model", EXPLORE));
        assertNone(violations("latentlab/core/train", EXPLORE));
    }

    // The checker itself must see a reference when there is one.

    /** A class that uses JavaFX and the explore package, compiled with the tests, to check the checker. */
    @SuppressWarnings("unused")
    private static final class Offender {
        private javafx.geometry.Point2D point;
        private latentlab.core.explore.Encoding codes;
    }

    @Test
    void theConstantPoolScanSeesJavaFxAndPackageReferences() throws IOException {
        String name = ArchitectureTest.class.getSimpleName() + "$Offender.class";
        byte[] bytes;
        try (InputStream in = ArchitectureTest.class.getResourceAsStream(name)) {
            assertTrue(in != null, "cannot read " + name);
            bytes = in.readAllBytes();
        }
        Set<String> constants = utf8Constants(bytes);
        assertTrue(constants.stream().anyMatch(c -> c.contains(JAVAFX)), "missed the JavaFX reference: " + constants);
        assertTrue(constants.stream().anyMatch(c -> c.contains(EXPLORE)), "missed the explore reference: " + constants);
        assertEquals(false, utf8Constants(Files.readAllBytes(Path.of(
                Model.class.getProtectionDomain().getCodeSource().getLocation().getPath(),
                "latentlab/core/model/Model.class"))).stream().anyMatch(c -> c.contains(JAVAFX)));
    }
}

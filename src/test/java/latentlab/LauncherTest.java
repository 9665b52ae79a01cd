package latentlab;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The image's launcher ({@code jlink/launcher.c}), compiled here with the machine's C compiler (skipped
 * without one, as build-image.sh then keeps jpackage's launcher), in a made-up image whose
 * {@code lib/runtime/bin/java} is a script that prints the command line it was given.
 */
class LauncherTest {
    @TempDir
    static Path build;

    private static Path launcher;

    @TempDir
    Path tmp;

    @BeforeAll
    static void compile() throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "the launcher is for Linux");
        String cc = Files.isExecutable(Path.of("/usr/bin/cc")) ? "/usr/bin/cc"
                : Files.isExecutable(Path.of("/usr/bin/gcc")) ? "/usr/bin/gcc" : null;
        assumeTrue(cc != null, "no C compiler");
        launcher = build.resolve("latentlab");
        Process p = new ProcessBuilder(cc, "-O2", "-Wall", "-o", launcher.toString(), "jlink/launcher.c")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "cc failed: " + out);
    }

    /** An image folder with the launcher, a .cfg and a java that prints its arguments, one per line. */
    private Path image(String cfg) throws IOException {
        Path root = tmp.resolve("my image");
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("lib/app"));
        Files.createDirectories(root.resolve("lib/runtime/bin"));
        Files.copy(launcher, root.resolve("bin/latentlab"));
        Files.writeString(root.resolve("lib/app/latentlab.cfg"), cfg);
        Path java = root.resolve("lib/runtime/bin/java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$0\" \"$@\"; do printf '%s\\n' \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return root;
    }

    private record Run(int code, List<String> lines) {
    }

    private static Run run(Path executable, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out.isEmpty() ? List.of() : List.of(out.split("\n")));
    }

    private static final String CFG = """
            [Application]
            app.classpath=$APPDIR/latentlab.jar
            app.classpath=$APPDIR/lib/a b.jar
            app.mainclass=latentlab.Main

            [JavaOptions]
            java-options=-Djpackage.app-version=0.1.0
            java-options=-Djava.library.path=$APPDIR/native
            java-options=-Dplaces=$ROOTDIR|$BINDIR
            """;

    @Test
    void theRuntimeGetsTheOptionsClassPathMainClassAndArgumentsOfTheCfgWithItsFoldersFilledIn() throws Exception {
        Path root = image(CFG).toRealPath();
        Run r = run(root.resolve("bin/latentlab"), "train", "--out", "my model.llab");
        String app = root + "/lib/app";
        assertEquals(0, r.code());
        assertEquals(List.of(root + "/lib/runtime/bin/java",
                "-Djpackage.app-version=0.1.0",
                "-Djava.library.path=" + app + "/native",
                "-Dplaces=" + root + "|" + root + "/bin",
                "-Djpackage.app-path=" + root + "/bin/latentlab",
                "-cp", app + "/latentlab.jar:" + app + "/lib/a b.jar",
                "latentlab.Main", "train", "--out", "my model.llab"), r.lines());
    }

    @Test
    void startedThroughASymbolicLinkItStillFindsItsImage() throws Exception {
        Path root = image(CFG).toRealPath();
        Path link = tmp.resolve("latentlab-link");
        Files.createSymbolicLink(link, root.resolve("bin/latentlab"));
        Run r = run(link, "--self-test");
        assertEquals(0, r.code());
        assertEquals(root + "/lib/runtime/bin/java", r.lines().getFirst());
        assertEquals("--self-test", r.lines().getLast());
    }

    @Test
    void withoutArgumentsTheCfgsDefaultArgumentsArePassed() throws Exception {
        Path root = image(CFG + "\n[ArgOptions]\narguments=--presenter\n");
        Run r = run(root.resolve("bin/latentlab"));
        assertEquals("--presenter", r.lines().getLast());
        r = run(root.resolve("bin/latentlab"), "help");
        assertEquals("help", r.lines().getLast(), "given arguments replace the defaults");
    }

    @Test
    void aMissingCfgOrRuntimeSaysWhatToDoAndExitsOne() throws Exception {
        Path root = image(CFG);
        Files.delete(root.resolve("lib/runtime/bin/java"));
        Run r = run(root.resolve("bin/latentlab"));
        assertEquals(1, r.code());
        assertTrue(r.lines().getFirst().contains("cannot start the Java runtime; install the app again"), r.lines().toString());
        Files.delete(root.resolve("lib/app/latentlab.cfg"));
        r = run(root.resolve("bin/latentlab"));
        assertEquals(1, r.code());
        assertTrue(r.lines().getFirst().contains("cannot read its settings; install the app again"), r.lines().toString());
    }
}

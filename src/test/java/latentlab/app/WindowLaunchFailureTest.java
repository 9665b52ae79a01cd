package latentlab.app;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What someone whose window cannot open is told: what is missing and what to do, not a stack trace. */
class WindowLaunchFailureTest {
    @Test
    void noDisplayIsExplainedWithWhatToDo() {
        String text = WindowLaunchFailure.explain(new UnsupportedOperationException("Unable to open DISPLAY")).orElseThrow();
        assertTrue(text.contains("no display"), text);
        assertTrue(text.contains("DISPLAY"), text);
        assertTrue(text.contains("latentlab help"), text);
    }

    @Test
    void aMissingGtkIsExplainedWithTheLibraryToInstallEvenWhenJavaFxWrappedIt() {
        RuntimeException wrapped = new RuntimeException("Exception in Application start method",
                new UnsupportedOperationException("Unable to load glass GTK library."));
        String text = WindowLaunchFailure.explain(wrapped).orElseThrow();
        assertTrue(text.contains("GTK 3"), text);
        assertTrue(text.contains("libgtk-3-0"), text);
    }

    @Test
    void anyOtherFailureIsNotExplainedAwaySoThatItsStackTraceIsPrinted() {
        assertEquals(Optional.empty(), WindowLaunchFailure.explain(new IllegalStateException("a bug of ours")));
        assertEquals(Optional.empty(), WindowLaunchFailure.explain(new RuntimeException((String) null)));
    }

    @Test
    void startingTheAppWithoutADisplayExitsWithTheExplanationAndNoStackTrace() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-cp", System.getProperty("java.class.path"),
                "latentlab.Main", "--dataset", "synthetic"));
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the app ended");
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("latentlab: the window cannot open"), out);
        assertFalse(out.contains("\tat "), "no stack trace: " + out);
        assertFalse(out.contains("Exception in thread"), out);
    }
}

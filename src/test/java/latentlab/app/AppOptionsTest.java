package latentlab.app;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppOptionsTest {
    @Test
    void noArgumentsAModelFileOrAppOptionsOpenTheApp() {
        assertTrue(AppOptions.isAppCommandLine(new String[0]));
        assertTrue(AppOptions.isAppCommandLine(new String[] {"models/mnist-vae.llab"}));
        assertTrue(AppOptions.isAppCommandLine(new String[] {"--dataset", "mnist"}));
        assertTrue(AppOptions.isAppCommandLine(new String[] {"app"}));
        assertFalse(AppOptions.isAppCommandLine(new String[] {"train", "--out", "x.llab"}));
    }

    @Test
    void parsesEveryOption() {
        AppOptions o = AppOptions.parse(List.of("app", "m.llab", "--data-dir", "/data", "--subset", "500", "--presenter"));
        assertEquals(Optional.of(Path.of("m.llab")), o.model());
        assertEquals(Optional.of(Path.of("/data")), o.dataDir());
        assertEquals(500, o.subset());
        assertTrue(o.presenter());
        assertFalse(o.startupReport());
        assertEquals(Optional.empty(), o.dataset());
        assertFalse(o.opensDefaultModel(), "a model file was given");
    }

    @Test
    void withNeitherAModelNorADatasetTheWindowOpensTheDefaultModel() {
        assertTrue(AppOptions.parse(List.of()).opensDefaultModel());
        assertTrue(AppOptions.parse(List.of("--presenter", "--startup-report")).opensDefaultModel());
        assertTrue(AppOptions.parse(List.of("--startup-report")).startupReport());
        AppOptions mnist = AppOptions.parse(List.of("--dataset", "mnist"));
        assertEquals(Optional.of("mnist"), mnist.dataset());
        assertFalse(mnist.opensDefaultModel());
        assertTrue(AppOptions.isAppCommandLine(new String[] {"--startup-report"}));
    }

    @Test
    void anUnknownOptionIsRefusedWithTheUsage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AppOptions.parse(List.of("--colour", "red")));
        assertTrue(e.getMessage().contains("--colour") && e.getMessage().contains("usage"), e.getMessage());
    }
}

package latentlab.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLocatorTest {
    private static final List<String> FILES = List.of("a.gz", "b.gz");

    @TempDir
    Path dir;

    @Test
    void searchesTheDataDirOptionThenTheEnvironmentVariableThenTheUserFolder() {
        Path flag = dir.resolve("flag");
        Path env = dir.resolve("env");
        Path home = dir.resolve("home");

        DataLocator locator = new DataLocator(Optional.of(flag), Map.of("LATENTLAB_DATA", env.toString())::get,
                "Linux", home);

        assertEquals(List.of(
                new DataLocator.Place(flag, "--data-dir"),
                new DataLocator.Place(env, "LATENTLAB_DATA"),
                new DataLocator.Place(home.resolve(".local/share/latentlab/datasets"), "per-user data folder")),
                locator.places());
    }

    @Test
    void usesTheFirstFolderThatHoldsTheDatasetFlagBeforeEnvironmentBeforeUserFolder() throws IOException {
        Path flag = dir.resolve("flag");
        Path env = dir.resolve("env");
        Path home = dir.resolve("home");
        Path user = DataLocator.userDataDir("Linux", name -> null, home);
        for (Path root : List.of(flag, env, user)) {
            populate(root.resolve("set"));
        }
        Map<String, String> environment = Map.of("LATENTLAB_DATA", env.toString());

        assertEquals(flag.resolve("set"), new DataLocator(Optional.of(flag), environment::get, "Linux", home)
                .find("set", FILES).orElseThrow());
        assertEquals(env.resolve("set"), new DataLocator(Optional.empty(), environment::get, "Linux", home)
                .find("set", FILES).orElseThrow());
        assertEquals(user.resolve("set"), new DataLocator(Optional.empty(), name -> null, "Linux", home)
                .find("set", FILES).orElseThrow());
        Files.delete(flag.resolve("set/b.gz"));
        assertEquals(env.resolve("set"), new DataLocator(Optional.of(flag), environment::get, "Linux", home)
                .find("set", FILES).orElseThrow(), "a folder missing a file is passed over");
    }

    @Test
    void placesThePerUserFolderWhereEachOperatingSystemExpectsIt() {
        Path home = Path.of("/home/ada");

        assertEquals(home.resolve(".local/share/latentlab/datasets"),
                DataLocator.userDataDir("Linux", name -> null, home));
        assertEquals(Path.of("/xdg/data/latentlab/datasets"),
                DataLocator.userDataDir("Linux", Map.of("XDG_DATA_HOME", "/xdg/data")::get, home));
        assertEquals(home.resolve(".local/share/latentlab/datasets"),
                DataLocator.userDataDir("Linux", Map.of("XDG_DATA_HOME", "relative/path")::get, home),
                "a relative XDG_DATA_HOME is invalid and ignored");
        assertEquals(home.resolve("Library/Application Support/LatentLab/datasets"),
                DataLocator.userDataDir("Mac OS X", name -> null, home));
        assertEquals(Path.of("/appdata/roaming", "LatentLab", "datasets"),
                DataLocator.userDataDir("Windows 11", Map.of("APPDATA", "/appdata/roaming")::get, home));
    }

    @Test
    void ignoresABlankEnvironmentVariable() {
        DataLocator locator = new DataLocator(Optional.empty(), Map.of("LATENTLAB_DATA", " ")::get, "Linux",
                dir);

        assertEquals(1, locator.places().size());
    }

    @Test
    void explainsAMissingDatasetByListingEveryPlaceSearchedAndHowToProvideIt() throws IOException {
        Path flag = dir.resolve("flag");
        Path env = dir.resolve("env");
        Path home = dir.resolve("home");
        Files.createDirectories(env.resolve("set"));
        Files.createFile(env.resolve("set/a.gz"));
        DataLocator locator = new DataLocator(Optional.of(flag), Map.of("LATENTLAB_DATA", env.toString())::get,
                "Linux", home);

        DatasetException e = assertThrows(DatasetException.class,
                () -> locator.require("my-set", "set", FILES, "Get them from example.org."));

        TestSupport.assertMessage(e, "\"my-set\" not found",
                flag.resolve("set") + " (--data-dir): no such folder",
                env.resolve("set") + " (LATENTLAB_DATA): missing b.gz",
                home.resolve(".local/share/latentlab/datasets/set") + " (per-user data folder): no such folder",
                "put the files a.gz, b.gz in a folder named \"set\"",
                "--data-dir DIR", "LATENTLAB_DATA=DIR", "Get them from example.org.");
    }

    private static void populate(Path folder) throws IOException {
        Files.createDirectories(folder);
        for (String file : FILES) {
            Files.createFile(folder.resolve(file));
        }
    }
}

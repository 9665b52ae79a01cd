package latentlab.app.common;

import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link FileDialogs} with the platform's choosers; remembers the last folder used. Model files start
 * in the user's models folder, where the model picker lists them.
 */
public final class FxFileDialogs implements FileDialogs {
    private final Supplier<Window> owner;
    private final Path modelsFolder;
    private File lastFolder;

    /**
     * @param owner        the window the dialogs belong to
     * @param modelsFolder where model files are opened and saved until the user picks another folder
     */
    public FxFileDialogs(Supplier<Window> owner, Path modelsFolder) {
        this.owner = owner;
        this.modelsFolder = modelsFolder;
    }

    @Override
    public Optional<Path> open(String title, Kind kind) {
        return remember(chooser(title, kind).showOpenDialog(owner.get()));
    }

    @Override
    public Optional<Path> save(String title, Kind kind, String suggestedName) {
        FileChooser chooser = chooser(title, kind);
        chooser.setInitialFileName(suggestedName);
        return remember(chooser.showSaveDialog(owner.get())).map(p -> withExtension(p, kind));
    }

    @Override
    public Optional<Path> folder(String title) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(title);
        if (lastFolder != null && lastFolder.isDirectory()) {
            chooser.setInitialDirectory(lastFolder);
        }
        File dir = chooser.showDialog(owner.get());
        if (dir != null) {
            lastFolder = dir.getParentFile();
        }
        return Optional.ofNullable(dir).map(File::toPath);
    }

    private FileChooser chooser(String title, Kind kind) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(kind.description(), kind.patterns()));
        if (lastFolder != null && lastFolder.isDirectory()) {
            chooser.setInitialDirectory(lastFolder);
        } else if (kind == Kind.MODEL && modelsFolder != null) {
            try {
                chooser.setInitialDirectory(Files.createDirectories(modelsFolder).toFile());
            } catch (IOException | RuntimeException e) {
                // the platform's default folder, then
            }
        }
        return chooser;
    }

    private Optional<Path> remember(File file) {
        if (file != null) {
            lastFolder = file.getParentFile();
        }
        return Optional.ofNullable(file).map(File::toPath);
    }

    /** Adds the kind's extension when the name typed has none. */
    static Path withExtension(Path path, Kind kind) {
        String name = path.getFileName().toString();
        return name.contains(".") ? path : path.resolveSibling(name + kind.extension());
    }
}

package latentlab.packaging;

import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.Image;
import latentlab.app.AppIcon;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Writes the app icon that the window draws in code ({@link AppIcon}) to PNG files in {@code assets/icons/},
 * for what cannot draw it: jpackage's {@code --icon} and the Linux {@code .desktop} entry. The files are
 * committed; {@link AppIconFilesTest} fails when they no longer match {@link AppIcon}.
 *
 * <p>Run headless from the project root after {@code mvn test-compile}:
 * <pre>java -Dglass.platform=Headless -Dprism.order=sw -cp "target/test-classes:target/classes:target/lib/*" \
 *     latentlab.packaging.AppIconFiles assets/icons</pre>
 */
public final class AppIconFiles {
    /** The sizes written, as {@code latentlab-<size>.png}; the largest also as {@value #MAIN_FILE}. */
    static final int[] SIZES = {48, 128, 256};
    /** The file jpackage and the .desktop entry use. */
    static final String MAIN_FILE = "latentlab.png";

    private AppIconFiles() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "assets/icons");
        Files.createDirectories(dir);
        startFx();
        for (int size : SIZES) {
            BufferedImage icon = render(size);
            write(icon, dir.resolve(fileName(size)));
            if (size == SIZES[SIZES.length - 1]) {
                write(icon, dir.resolve(MAIN_FILE));
            }
        }
        Platform.exit();
        System.out.println("wrote " + SIZES.length + " icons and " + MAIN_FILE + " to " + dir.toAbsolutePath());
    }

    static String fileName(int size) {
        return "latentlab-" + size + ".png";
    }

    /** Starts the JavaFX toolkit if it is not running yet. */
    static void startFx() throws InterruptedException {
        CompletableFuture<Void> started = new CompletableFuture<>();
        try {
            Platform.startup(() -> started.complete(null));
        } catch (IllegalStateException alreadyRunning) {
            started.complete(null);
        }
        try {
            started.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("JavaFX did not start", e);
        }
    }

    /** The icon at size x size, rendered on the FX thread. */
    static BufferedImage render(int size) throws InterruptedException {
        CompletableFuture<Image> image = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                image.complete(AppIcon.render(size));
            } catch (RuntimeException e) {
                image.completeExceptionally(e);
            }
        });
        try {
            return SwingFXUtils.fromFXImage(image.get(30, TimeUnit.SECONDS), null);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the icon could not be rendered", e);
        }
    }

    private static void write(BufferedImage image, Path file) {
        try {
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

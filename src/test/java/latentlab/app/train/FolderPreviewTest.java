package latentlab.app.train;

import javafx.scene.control.ComboBox;
import javafx.scene.control.TextArea;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import latentlab.app.AppTestSupport;
import latentlab.app.AppTestSupport.ScriptedDialogs;
import latentlab.app.MainWindow;
import latentlab.app.common.BackgroundExecutors;
import latentlab.core.data.DatasetCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static latentlab.app.AppTestSupport.onFx;
import static latentlab.app.AppTestSupport.runFx;
import static latentlab.app.AppTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Choosing "Folder of images..." shows the folder's images as the model will see them, with the files
 * that cannot be used, before they become the dataset.
 */
@ExtendWith(ApplicationExtension.class)
class FolderPreviewTest {
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private BackgroundExecutors executors;
    private MainWindow window;

    @TempDir
    Path folder;

    @Start
    void start(Stage stage) {
        executors = BackgroundExecutors.create();
        window = new MainWindow(AppTestSupport.context(executors, dialogs));
        window.training().settings().hiddenProperty().set("32");
        window.show(stage);
    }

    @AfterEach
    void stop() {
        runFx(window::shutdown);
        executors.shutdown(5_000);
    }

    /** Twelve black-on-white squares of growing size, and one file that is no image. */
    private void makeFolder() throws IOException {
        for (int k = 0; k < 12; k++) {
            BufferedImage image = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, 40, 40);
            g.setColor(Color.BLACK);
            g.fillRect(10, 10, 8 + k, 8 + k);
            g.dispose();
            ImageIO.write(image, "png", folder.resolve(String.format("square-%02d.png", k)).toFile());
        }
        Files.writeString(folder.resolve("notes.png"), "not an image");
    }

    private void chooseFolder() {
        waitFor(30, "the synthetic dataset", () -> window.training().state() == TrainingState.READY
                && window.training().busyProperty().get().isEmpty());
        dialogs.answer(folder);
        runFx(() -> {
            @SuppressWarnings("unchecked")
            ComboBox<DatasetChoice> choice = (ComboBox<DatasetChoice>) window.root().lookup("#dataset");
            choice.setValue(DatasetChoice.FOLDER);
        });
        waitFor(30, "the folder preview", () -> panel().folderPreview() != null);
    }

    private TrainingPanel panel() {
        return (TrainingPanel) window.views().get(0).lookup(".training-panel");
    }

    @Test
    void aFolderIsPreviewedAsTheModelSeesItWithTheSkippedFilesAndUsedOnlyWhenAsked(FxRobot robot) throws IOException {
        makeFolder();
        chooseFolder();
        FolderPreviewView preview = onFx(() -> panel().folderPreview());
        Image grid = onFx(() -> preview.grid().getImage());
        assertEquals(4 * 28, grid.getWidth(), 0, "12 images tile 4 to a row, 28 pixels each");
        assertEquals(3 * 28, grid.getHeight(), 0);
        // white on black: a preprocessed image's corner is black, its centre bright
        assertEquals(0.0, grid.getPixelReader().getColor(0, 0).getBrightness(), 0.05);
        assertTrue(grid.getPixelReader().getColor(14, 14).getBrightness() > 0.5, "the square is white at the centre");
        String skipped = onFx(() -> ((TextArea) preview.lookup("#folder-preview-skipped")).getText());
        assertTrue(skipped.contains("notes.png"), skipped);
        assertEquals(DatasetCatalog.SYNTHETIC, onFx(() -> window.training().datasetNameProperty().get()),
                "nothing is loaded before the user says so");

        Files.createDirectories(Path.of("target/screenshots"));
        ImageIO.write(onFx(() -> latentlab.app.common.FxImages.snapshot(preview.getScene().getRoot())), "png",
                Path.of("target/screenshots/folder-preview.png").toFile());             // to look at
        runFx(() -> preview.useButton().fire());
        waitFor(60, "the folder as the dataset", () -> window.training().datasetNameProperty().get()
                .equals(DatasetCatalog.FOLDER_PREFIX + folder) && window.training().busyProperty().get().isEmpty());
        assertNull(onFx(() -> panel().folderPreview()), "the preview closed");
        assertEquals(12, onFx(() -> window.workspace().session().dataset().train().size()
                + window.workspace().session().dataset().test().size()));
    }

    @Test
    void cancellingThePreviewKeepsTheDatasetAsItWas(FxRobot robot) throws IOException {
        makeFolder();
        chooseFolder();
        runFx(() -> panel().folderPreview().cancelButton().fire());
        waitFor(10, "the preview to close", () -> panel().folderPreview() == null);
        assertEquals(DatasetCatalog.SYNTHETIC, onFx(() -> window.training().datasetNameProperty().get()));
        assertNull(onFx(() -> window.training().folderPreviewProperty().get()));
    }

    @Test
    void aFolderWithNoUsableImageSaysSoAndOpensNoPreview(FxRobot robot) throws IOException {
        Files.writeString(folder.resolve("readme.txt"), "no images here");
        waitFor(30, "the synthetic dataset", () -> window.training().state() == TrainingState.READY
                && window.training().busyProperty().get().isEmpty());
        runFx(() -> window.training().previewFolder(folder));
        waitFor(30, "a message", () -> window.training().busyProperty().get().isEmpty()
                && window.messages().lastProperty().get() != null
                && window.messages().lastProperty().get().text().contains(folder.getFileName().toString()));
        assertNull(onFx(() -> panel().folderPreview()));
        assertNotNull(onFx(() -> window.workspace().session()));
        assertEquals(DatasetCatalog.SYNTHETIC, onFx(() -> window.training().datasetNameProperty().get()));
    }
}

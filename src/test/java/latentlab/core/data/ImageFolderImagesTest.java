package latentlab.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ImageFolderReader#readImages}: the user's images with their files, for encoding and for previews. */
class ImageFolderImagesTest {
    private static final ImageShape SHAPE = ImageShape.MNIST;

    @TempDir
    Path dir;

    @Test
    void keepsEachImageWithItsFileInNameOrderAndPreparesItAsTheEditorWould() throws IOException {
        for (String name : List.of("b.png", "a.png", "c.png")) {
            writeDot(dir.resolve(name));
        }

        ImageFolderReader.Images images = ImageFolderReader.readImages(dir, SHAPE, Integer.MAX_VALUE);

        assertEquals(List.of(dir.resolve("a.png"), dir.resolve("b.png"), dir.resolve("c.png")),
                images.images().stream().map(ImageFolderReader.Image::file).toList());
        assertArrayEquals(ImagePreprocessor.load(dir.resolve("a.png"), SHAPE), images.images().getFirst().pixels());
        assertEquals(-1, images.images().getFirst().label());
        assertEquals(3 * SHAPE.pixels(), images.pixels().length);
    }

    @Test
    void badFilesAreSkippedAndListedNotFatal() throws IOException {
        writeDot(dir.resolve("good.png"));
        Files.writeString(dir.resolve("broken.png"), "not a picture");
        Files.write(dir.resolve("empty.jpg"), new byte[0]);

        ImageFolderReader.Images images = ImageFolderReader.readImages(dir, SHAPE, Integer.MAX_VALUE);

        assertEquals(1, images.size());
        assertEquals(List.of(dir.resolve("broken.png"), dir.resolve("empty.jpg")),
                images.skipped().stream().map(ImageFolderReader.SkippedFile::path).toList());
    }

    @Test
    void aLimitIsSpreadOverTheClassSubfolders() throws IOException {
        for (String cls : List.of("cats", "dogs")) {
            Path sub = Files.createDirectory(dir.resolve(cls));
            for (int i = 0; i < 5; i++) {
                writeDot(sub.resolve(i + ".png"));
            }
        }

        ImageFolderReader.Images images = ImageFolderReader.readImages(dir, SHAPE, 4);

        assertEquals(List.of("cats", "dogs"), images.classNames());
        assertEquals(List.of(0, 0, 1, 1), images.images().stream().map(ImageFolderReader.Image::label).toList());
        assertEquals(dir.resolve("dogs/1.png"), images.images().getLast().file());
    }

    @Test
    void aFolderWithNoUsableImageGetsAClearMessageListingWhatWasSkipped() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "hello");

        DatasetException e = assertThrows(DatasetException.class,
                () -> ImageFolderReader.readImages(dir, SHAPE, Integer.MAX_VALUE));

        TestSupport.assertMessage(e, dir.toString(), "no usable image found", "PNG, JPEG, GIF, BMP", "notes.txt");
    }

    /** A white dot on black at a place that depends on the name. */
    private static void writeDot(Path file) throws IOException {
        BufferedImage image = new BufferedImage(40, 40, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        int at = 5 + Math.floorMod(file.getFileName().toString().hashCode(), 20);
        g.fillOval(at, at, 12, 12);
        g.dispose();
        assertTrue(ImageIO.write(image, "png", file.toFile()));
    }
}

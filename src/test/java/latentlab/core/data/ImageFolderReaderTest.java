package latentlab.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

class ImageFolderReaderTest {
    private static final ImageShape SHAPE = ImageShape.MNIST;

    @TempDir
    Path dir;

    @Test
    void readsAFlatFolderAsUnlabelledAndListsTheTextFileRenamedPngAsSkipped() throws IOException {
        for (int i = 0; i < 10; i++) {
            writeImage(dir.resolve("img" + i + ".png"), "png", i % 2 == 0);
        }
        writeImage(dir.resolve("photo.jpg"), "jpeg", true);
        writeImage(dir.resolve("scan.bmp"), "bmp", false);
        writeImage(dir.resolve("anim.gif"), "gif", true);
        Path fake = Files.writeString(dir.resolve("notes.png"), "shopping list");

        ImageFolderReader.Result result = ImageFolderReader.read(dir, SHAPE, 3);

        Dataset data = result.dataset();
        assertEquals(13, data.train().size() + data.test().size());
        assertEquals(1, data.test().size(), "a tenth, rounded, is held out");
        assertFalse(data.train().labelled());
        assertTrue(data.classNames().isEmpty());
        assertEquals("folder:" + dir, data.name());
        assertEquals(ImagePreprocessor.description(SHAPE), data.preprocessing());
        assertEquals(1, result.skipped().size());
        assertEquals(fake, result.skipped().get(0).path());
        assertTrue(result.skipped().get(0).reason().contains("not an image ImageIO can decode"),
                result.skipped().get(0).reason());
    }

    @Test
    void readsSubfoldersAsClassesSortedByName() throws IOException {
        Path vertical = Files.createDirectory(dir.resolve("vertical"));
        Path horizontal = Files.createDirectory(dir.resolve("horizontal"));
        Files.createDirectory(dir.resolve("empty"));
        for (int i = 0; i < 6; i++) {
            writeImage(vertical.resolve(i + ".png"), "png", true);
            writeImage(horizontal.resolve(i + ".png"), "png", false);
        }
        Path stray = Files.writeString(dir.resolve("README.txt"), "about these images");
        Path nested = Files.createDirectories(vertical.resolve("deeper"));

        ImageFolderReader.Result result = ImageFolderReader.read(dir, SHAPE, 5);

        Dataset data = result.dataset();
        assertEquals(List.of("horizontal", "vertical"), data.classNames(), "sorted, empty folder left out");
        assertEquals(12, data.train().size() + data.test().size());
        for (Split split : List.of(data.train(), data.test())) {
            for (int i = 0; i < split.size(); i++) {
                boolean tall = isTall(split.image(i));
                assertEquals(tall ? 1 : 0, split.labels()[i], "label of image " + i + " matches its shape");
            }
        }
        assertEquals(List.of(stray, nested), result.skipped().stream().map(ImageFolderReader.SkippedFile::path).toList());
    }

    @Test
    void splitsTheSameWayForTheSameSeed() throws IOException {
        for (int i = 0; i < 20; i++) {
            writeImage(dir.resolve(String.format("%02d.png", i)), "png", i % 3 == 0);
        }

        Dataset a = ImageFolderReader.read(dir, SHAPE, 11).dataset();
        Dataset b = ImageFolderReader.read(dir, SHAPE, 11).dataset();

        assertEquals(2, a.test().size());
        assertArrayEquals(a.test().pixels(), b.test().pixels());
        assertArrayEquals(a.train().pixels(), b.train().pixels());
    }

    @Test
    void reportsAnEmptyFolderClearly() {
        DatasetException e = assertThrows(DatasetException.class, () -> ImageFolderReader.read(dir, SHAPE));

        TestSupport.assertMessage(e, dir.toString(), "no usable image", "PNG, JPEG, GIF, BMP");
    }

    @Test
    void reportsAFolderOfUnreadableFilesAndListsThem() throws IOException {
        Files.writeString(dir.resolve("a.png"), "not an image");
        Files.writeString(dir.resolve("b.jpg"), "nor this");

        DatasetException e = assertThrows(DatasetException.class, () -> ImageFolderReader.read(dir, SHAPE));

        TestSupport.assertMessage(e, "no usable image", "a.png", "b.jpg", "not an image ImageIO can decode");
    }

    @Test
    void reportsAMissingFolder() {
        Path missing = dir.resolve("nope");

        DatasetException e = assertThrows(DatasetException.class, () -> ImageFolderReader.read(missing, SHAPE));

        TestSupport.assertMessage(e, "nope", "folder not found");
    }

    /** A black bar on white, tall (vertical) or wide (horizontal), at a varying place. */
    private static void writeImage(Path file, String format, boolean tall) throws IOException {
        BufferedImage image = new BufferedImage(60, 50, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 60, 50);
        g.setColor(Color.BLACK);
        int shift = Math.floorMod(file.getFileName().toString().hashCode(), 10);
        if (tall) {
            g.fillRect(20 + shift, 5, 8, 40);
        } else {
            g.fillRect(5 + shift, 20, 40, 8);
        }
        g.dispose();
        assertTrue(ImageIO.write(image, format, file.toFile()), "no writer for " + format);
    }

    private static boolean isTall(float[] image) {
        double rowSpread = 0;
        double colSpread = 0;
        double[] com = TestSupport.centreOfMass(image, SHAPE);
        double mass = 0;
        for (int r = 0; r < SHAPE.rows(); r++) {
            for (int c = 0; c < SHAPE.cols(); c++) {
                float v = image[r * SHAPE.cols() + c];
                mass += v;
                rowSpread += v * (r - com[0]) * (r - com[0]);
                colSpread += v * (c - com[1]) * (c - com[1]);
            }
        }
        return rowSpread / mass > colSpread / mass;
    }
}

package latentlab.packaging;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The committed icon files, which jpackage and the .desktop entry use, are what the window draws. */
class AppIconFilesTest {
    /** A channel may differ this much (antialiasing of another renderer build). */
    private static final int TOLERANCE = 8;
    private static final Path DIR = Path.of("assets", "icons");

    @BeforeAll
    static void startFx() throws InterruptedException {
        AppIconFiles.startFx();
    }

    @Test
    void theCommittedIconsMatchTheIconTheWindowDraws() throws Exception {
        for (int size : AppIconFiles.SIZES) {
            Path file = DIR.resolve(AppIconFiles.fileName(size));
            assertTrue(Files.isRegularFile(file), file + " is missing: run latentlab.packaging.AppIconFiles");
            assertSame(AppIconFiles.render(size), read(file), file);
        }
        int largest = AppIconFiles.SIZES[AppIconFiles.SIZES.length - 1];
        assertSame(read(DIR.resolve(AppIconFiles.fileName(largest))), read(DIR.resolve(AppIconFiles.MAIN_FILE)),
                DIR.resolve(AppIconFiles.MAIN_FILE));
    }

    private static BufferedImage read(Path file) throws IOException {
        return ImageIO.read(file.toFile());
    }

    private static void assertSame(BufferedImage expected, BufferedImage actual, Path file) {
        assertEquals(expected.getWidth(), actual.getWidth(), file + " width");
        assertEquals(expected.getHeight(), actual.getHeight(), file + " height");
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                int a = expected.getRGB(x, y);
                int b = actual.getRGB(x, y);
                for (int shift = 0; shift < 32; shift += 8) {
                    int d = Math.abs(((a >>> shift) & 0xff) - ((b >>> shift) & 0xff));
                    assertTrue(d <= TOLERANCE, file + " differs from AppIcon at (" + x + ", " + y + "): "
                            + Integer.toHexString(a) + " vs " + Integer.toHexString(b)
                            + "; run latentlab.packaging.AppIconFiles to write it again");
                }
            }
        }
    }
}

package latentlab.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagePreprocessorTest {
    private static final ImageShape MNIST = ImageShape.MNIST;

    @TempDir
    Path dir;

    @Test
    void turnsABlackOnWhiteDrawnDigitIntoACentredWhiteOnBlackDigitFittedTo20Pixels() {
        BufferedImage seven = canvas(300, 400, Color.WHITE);
        Graphics2D g = draw(seven, Color.BLACK, 24);
        g.drawLine(30, 40, 150, 40);
        g.drawLine(150, 40, 70, 220);
        g.dispose();

        float[] out = ImagePreprocessor.preprocess(seven, MNIST);

        assertEquals(MNIST.pixels(), out.length);
        assertInUnitRange(out);
        assertEquals(1f, max(out), 1e-3, "contrast is stretched to full range");
        for (int corner : new int[] {0, 25}) {
            assertEquals(0, TestSupport.regionMean(out, MNIST, corner, corner + 2, 0, 2), 0.01, "corner is background");
            assertEquals(0, TestSupport.regionMean(out, MNIST, corner, corner + 2, 25, 27), 0.01, "corner is background");
        }
        assertCentredByMass(out);
        int[] box = box(out, MNIST);
        assertEquals(20, box[0], 1, "the tall digit is 20 pixels high");
        assertTrue(box[1] <= 20, "width " + box[1]);
        int topRow = 0;
        while (max(Arrays.copyOfRange(out, topRow * 28, topRow * 28 + 28)) < 0.5f) {
            topRow++;
        }
        int bar = topRow * 28;
        long barPixels = IntStream.range(0, 28).filter(c -> out[bar + c] > 0.5f).count();
        assertTrue(barPixels >= 12, "the top row of the digit is its bar, " + barPixels + " pixels wide");
    }

    @Test
    void keepsAWhiteOnBlackImageTheRightWayRound() {
        BufferedImage bar = canvas(100, 100, Color.BLACK);
        Graphics2D g = draw(bar, Color.WHITE, 10);
        g.drawLine(50, 10, 50, 90);
        g.dispose();

        float[] out = ImagePreprocessor.preprocess(bar, MNIST);

        assertTrue(out[14 * 28 + 14] > 0.9, "the bar stays bright");
        assertEquals(0f, out[14 * 28 + 3], "the background stays dark");
        assertCentredByMass(out);
    }

    @Test
    void cropsADigitPhotographedOnUnevenlyLitNoisyPaperTightly() {
        BufferedImage photo = new BufferedImage(1200, 900, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = photo.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(215, 205, 190), 1200, 900, new Color(175, 170, 160)));
        g.fillRect(0, 0, 1200, 900);
        g.dispose();
        g = draw(photo, new Color(40, 40, 70), 40);
        g.drawArc(450, 200, 300, 250, -90, 270);
        g.drawArc(450, 450, 300, 270, -180, 270);
        g.dispose();
        addNoise(photo, 8, new Random(1));

        float[] out = ImagePreprocessor.preprocess(photo, MNIST);

        int[] box = box(out, MNIST);
        assertEquals(20, box[0], 1, "the digit, not the shaded paper, fills the 20-pixel box");
        assertTrue(box[1] <= 15, "width " + box[1]);
        assertCentredByMass(out);
        assertEquals(1f, max(out), 1e-3);
        assertEquals(0, TestSupport.regionMean(out, MNIST, 24, 27, 20, 27), 0.01, "the darker corner is background");
    }

    @Test
    void compositesTransparentBackgroundsOntoWhite() {
        BufferedImage ring = new BufferedImage(200, 200, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = draw(ring, Color.BLACK, 16);
        g.drawOval(40, 40, 120, 120);
        g.dispose();

        float[] out = ImagePreprocessor.preprocess(ring, MNIST);

        assertTrue(TestSupport.regionMean(out, MNIST, 14, 14, 4, 6) > 0.5, "the ring is bright");
        assertEquals(0f, out[14 * 28 + 14], "its inside is background");
        assertEquals(0f, out[0], "the transparent border is background");
    }

    @Test
    void processesAnEightThousandBySixThousandImageQuickly() {
        BufferedImage huge = canvas(8000, 6000, Color.WHITE);
        Graphics2D g = huge.createGraphics();
        g.setColor(Color.BLACK);
        g.fillOval(1000, 500, 3000, 3000);
        g.dispose();

        long start = System.nanoTime();
        float[] out = ImagePreprocessor.preprocess(huge, MNIST);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(millis < 5000, "took " + millis + " ms");
        assertCentredByMass(out);
        int[] box = box(out, MNIST);
        assertEquals(20, box[0], 1);
        assertEquals(20, box[1], 1);
    }

    @Test
    void readsALargeJpegWithSubsamplingAndPreprocessesIt() throws IOException {
        BufferedImage photo = canvas(6000, 4000, new Color(230, 225, 215));
        Graphics2D g = draw(photo, new Color(30, 30, 40), 200);
        g.drawLine(3000, 800, 3000, 3200);
        g.dispose();
        Path file = dir.resolve("photo.jpg");
        ImageIO.write(photo, "jpeg", file.toFile());

        BufferedImage read = ImagePreprocessor.read(file);
        float[] out = ImagePreprocessor.preprocess(read, MNIST);

        assertEquals(3000, read.getWidth(), "24 megapixels are decoded with a subsampling step of 2");
        assertEquals(2000, read.getHeight());
        assertCentredByMass(out);
        assertEquals(20, box(out, MNIST)[0], 1, "the stroke is 20 pixels high");
        assertTrue(out[14 * 28 + 14] > 0.8);
    }

    @Test
    void refusesImagesOfMoreThanOneHundredMegapixels() throws IOException {
        Path file = dir.resolve("enormous.png");
        Files.write(file, pngClaimingSize(20000, 20000));

        DatasetException e = assertThrows(DatasetException.class, () -> ImagePreprocessor.read(file));

        TestSupport.assertMessage(e, "enormous.png", "too large", "20000x20000", "400 megapixels", "100 megapixels");
    }

    @Test
    void givesAllZerosForBlankImages() {
        for (Color colour : new Color[] {Color.WHITE, Color.BLACK, Color.GRAY}) {
            float[] out = ImagePreprocessor.preprocess(canvas(64, 48, colour), MNIST);
            assertArrayEquals(new float[MNIST.pixels()], out, "blank " + colour);
        }
    }

    @Test
    void reportsAFileImageIoCannotDecode() throws IOException {
        Path file = Files.writeString(dir.resolve("digit.png"), "this is text, not a PNG");

        DatasetException e = assertThrows(DatasetException.class, () -> ImagePreprocessor.read(file));

        TestSupport.assertMessage(e, "digit.png", "not an image ImageIO can decode (PNG, JPEG, GIF, BMP)");
    }

    @Test
    void reportsAMissingImageFile() {
        DatasetException e = assertThrows(DatasetException.class,
                () -> ImagePreprocessor.read(dir.resolve("gone.png")));

        TestSupport.assertMessage(e, "gone.png", "file not found");
    }

    /**
     * MNIST digits are already fitted into 20x20 and centred by mass, so a digit saved as a greyscale PNG
     * (built here from the raw file bytes) should come back nearly unchanged.
     */
    @Test
    void bringsBackMnistTestDigitsSavedAsPngNearlyUnchanged() throws IOException {
        Path gz = TestSupport.sharedFile("mnist/t10k-images-idx3-ubyte.gz");
        int count = 50;
        byte[] raw = TestSupport.gunzippedBytes(gz, 16, count * MNIST.pixels());
        double worst = 1;
        double total = 0;
        for (int n = 0; n < count; n++) {
            BufferedImage digit = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            float[] original = new float[MNIST.pixels()];
            for (int p = 0; p < original.length; p++) {
                int b = raw[n * MNIST.pixels() + p] & 0xff;
                digit.getRaster().setSample(p % 28, p / 28, 0, b);
                original[p] = b / 255f;
            }
            Path file = dir.resolve("digit" + n + ".png");
            ImageIO.write(digit, "png", file.toFile());

            double r = TestSupport.correlation(original, ImagePreprocessor.load(file, MNIST));
            worst = Math.min(worst, r);
            total += r;
        }
        assertTrue(worst > 0.9, "worst correlation " + worst);
        assertTrue(total / count > 0.95, "mean correlation " + total / count);
    }

    @Test
    void fitsIntoTwentyOf28RowsAndFourteenOf20ColumnsForTheFreyShape() {
        BufferedImage square = canvas(100, 100, Color.WHITE);
        Graphics2D g = square.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(20, 20, 60, 60);
        g.dispose();

        float[] out = ImagePreprocessor.preprocess(square, ImageShape.FREY);

        int[] box = box(out, ImageShape.FREY);
        assertEquals(14, box[0], 1, "a square is limited by the 14-column box");
        assertEquals(14, box[1], 1);
    }

    @Test
    void makesPreviewImagesWhoseGreySamplesAreTheIntensities() {
        float[] pixels = {0f, 0.5f, 1f, 1.7f, -0.2f, 0.25f};
        ImageShape shape = new ImageShape(2, 3);

        BufferedImage image = ImagePreprocessor.toBufferedImage(pixels, shape);

        assertEquals(BufferedImage.TYPE_BYTE_GRAY, image.getType());
        assertEquals(3, image.getWidth());
        assertEquals(2, image.getHeight());
        int[] samples = image.getRaster().getSamples(0, 0, 3, 2, 0, (int[]) null);
        assertArrayEquals(new int[] {0, 128, 255, 255, 0, 64}, samples);
    }

    private static BufferedImage canvas(int width, int height, Color background) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(background);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    private static Graphics2D draw(BufferedImage image, Color ink, float width) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(ink);
        g.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        return g;
    }

    /** Adds Gaussian noise of the given standard deviation (in 0..255 units) to every channel. */
    private static void addNoise(BufferedImage image, double sigma, Random random) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int noise = (int) Math.round(random.nextGaussian() * sigma);
                int r = Math.clamp((rgb >> 16 & 0xff) + noise, 0, 255);
                int gr = Math.clamp((rgb >> 8 & 0xff) + noise, 0, 255);
                int b = Math.clamp((rgb & 0xff) + noise, 0, 255);
                image.setRGB(x, y, r << 16 | gr << 8 | b);
            }
        }
    }

    private static void assertCentredByMass(float[] image) {
        double[] com = TestSupport.centreOfMass(image, MNIST);
        assertEquals(14, com[0], 1, "row of the centre of mass");
        assertEquals(14, com[1], 1, "column of the centre of mass");
    }

    private static void assertInUnitRange(float[] values) {
        for (float v : values) {
            assertTrue(v >= 0f && v <= 1f, "value " + v);
        }
    }

    private static float max(float[] values) {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** {height, width} of the bounding box of the pixels above 0.1. */
    private static int[] box(float[] image, ImageShape shape) {
        int top = shape.rows();
        int bottom = -1;
        int left = shape.cols();
        int right = -1;
        for (int r = 0; r < shape.rows(); r++) {
            for (int c = 0; c < shape.cols(); c++) {
                if (image[r * shape.cols() + c] > 0.1f) {
                    top = Math.min(top, r);
                    bottom = Math.max(bottom, r);
                    left = Math.min(left, c);
                    right = Math.max(right, c);
                }
            }
        }
        return new int[] {bottom - top + 1, right - left + 1};
    }

    /** A valid 1x1 PNG whose header is changed to claim {@code width x height}, with a correct checksum. */
    private static byte[] pngClaimingSize(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY), "png", out);
        byte[] png = out.toByteArray();
        ByteBuffer buf = ByteBuffer.wrap(png);
        int ihdrType = 12;
        int ihdrData = 16;
        buf.putInt(ihdrData, width).putInt(ihdrData + 4, height);
        CRC32 crc = new CRC32();
        crc.update(png, ihdrType, 4 + 13);
        buf.putInt(ihdrData + 13, (int) crc.getValue());
        return png;
    }
}

package latentlab.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    private static final int IMAGE_HEADER = 16;
    private static final int LABEL_HEADER = 8;
    private static final int D = 28 * 28;

    @TempDir
    Path dir;

    @Test
    void readsMnistTrainImagesWithKnownCountsShapeAndLabels() throws IOException {
        Path images = TestSupport.sharedFile("mnist/train-images-idx3-ubyte.gz");
        Split train = IdxReader.read(images, TestSupport.sharedFile("mnist/train-labels-idx1-ubyte.gz"));

        assertEquals(60000, train.size());
        assertEquals(ImageShape.MNIST, train.shape());
        assertEquals(5, train.labels()[0], "the first MNIST training digit is a 5");
        assertTrue(Arrays.stream(train.labels()).allMatch(l -> l >= 0 && l <= 9));
        assertEquals(10, Arrays.stream(train.labels()).distinct().count());
        assertPixelsMatchRawBytes(images, train, 0);
        assertPixelsMatchRawBytes(images, train, 59999);
    }

    @Test
    void readsMnistTestImagesWhoseFirstLabelIsSeven() throws IOException {
        Path images = TestSupport.sharedFile("mnist/t10k-images-idx3-ubyte.gz");
        Split test = IdxReader.read(images, TestSupport.sharedFile("mnist/t10k-labels-idx1-ubyte.gz"));

        assertEquals(10000, test.size());
        assertEquals(7, test.labels()[0]);
        assertPixelsMatchRawBytes(images, test, 0);
        float max = 0;
        float min = 1;
        for (float v : test.pixels()) {
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
    }

    @Test
    void readsFashionMnistTrainImagesWhoseFirstLabelIsAnkleBoot() throws IOException {
        Path images = TestSupport.sharedFile("fashion-mnist/train-images-idx3-ubyte.gz");
        Split train = IdxReader.read(images, TestSupport.sharedFile("fashion-mnist/train-labels-idx1-ubyte.gz"));

        assertEquals(60000, train.size());
        assertEquals(9, train.labels()[0], "the first Fashion-MNIST training image is an ankle boot");
        assertPixelsMatchRawBytes(images, train, 0);
        assertPixelsMatchRawBytes(images, train, 31234);
    }

    @Test
    void reportsWrongMagicNumberWithExpectedAndFoundValues() throws IOException {
        Path labels = write("labels.gz", TestSupport.gzip(labelFile(new int[] {1, 2})));
        Path notImages = write("images.gz", TestSupport.gzip(labelFile(new int[] {1, 2})));

        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(notImages, labels));

        TestSupport.assertMessage(e, "images.gz", "wrong magic number", "expected 2051", "found 2049");
    }

    @Test
    void reportsWrongMagicNumberOfALabelFile() throws IOException {
        Path images = write("images.gz", TestSupport.gzip(imageFile(2, randomPixels(2))));
        Path notLabels = write("labels.gz", TestSupport.gzip(new byte[] {0, 0, 0x12, 0x34, 0, 0, 0, 2, 1, 2}));

        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(images, notLabels));

        TestSupport.assertMessage(e, "labels.gz", "wrong magic number", "expected 2049", "found 4660");
    }

    @Test
    void reportsGzipStreamCutOffMidwayAsTruncatedWithByteCounts() throws IOException {
        byte[] whole = TestSupport.gzip(imageFile(10, randomPixels(10)));
        Path cut = write("cut-images.gz", Arrays.copyOf(whole, whole.length / 2));
        Path labels = write("labels.gz", TestSupport.gzip(labelFile(new int[10])));

        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(cut, labels));

        TestSupport.assertMessage(e, "cut-images.gz", "truncated: expected 7840 bytes of pixel data, found ");
        int found = Integer.parseInt(e.getMessage().replaceAll("(?s).*found (\\d+).*", "$1"));
        assertTrue(found > 0 && found < 7840, "found " + found);
    }

    @Test
    void reportsIdxDataShorterThanItsHeaderSaysWithExactByteCounts() throws IOException {
        byte[] header10 = imageFile(10, randomPixels(3));
        Path images = write("short-images.gz", TestSupport.gzip(header10));
        Path labels = write("labels.gz", TestSupport.gzip(labelFile(new int[10])));

        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(images, labels));

        TestSupport.assertMessage(e, "short-images.gz", "truncated: expected 7840 bytes of pixel data, found 2352");
    }

    @Test
    void reportsImageAndLabelCountsThatDoNotMatch() throws IOException {
        Path images = write("images.gz", TestSupport.gzip(imageFile(3, randomPixels(3))));
        Path labels = write("labels.gz", TestSupport.gzip(labelFile(new int[] {1, 2})));

        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(images, labels));

        TestSupport.assertMessage(e, "images.gz", "labels.gz", "do not match", "3 images", "2 labels");
    }

    @Test
    void refusesAnUncompressedFile() throws IOException {
        Path images = write("images.gz", imageFile(1, randomPixels(1)));
        Path labels = write("labels.gz", TestSupport.gzip(labelFile(new int[] {1})));

        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(images, labels));

        TestSupport.assertMessage(e, "images.gz", "not a gzip file");
    }

    @Test
    void reportsAMissingFile() {
        Path missing = dir.resolve("nowhere-images.gz");

        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(missing, missing));

        TestSupport.assertMessage(e, "nowhere-images.gz", "file not found");
    }

    @Test
    void readsAValidGeneratedFileExactly() throws IOException {
        byte[] pixels = randomPixels(4);
        Path images = write("images.gz", TestSupport.gzip(imageFile(4, pixels)));
        Path labels = write("labels.gz", TestSupport.gzip(labelFile(new int[] {3, 1, 4, 1})));

        Split split = IdxReader.read(images, labels);

        assertArrayEquals(new int[] {3, 1, 4, 1}, split.labels());
        for (int i = 0; i < pixels.length; i++) {
            assertEquals((pixels[i] & 0xff) / 255f, split.pixels()[i]);
        }
    }

    /** Checks image n of the split against the bytes at 16 + n*784 of the decompressed file. */
    private static void assertPixelsMatchRawBytes(Path gz, Split split, int n) throws IOException {
        byte[] raw = TestSupport.gunzippedBytes(gz, IMAGE_HEADER + (long) n * D, D);
        float[] image = split.image(n);
        long rawSum = 0;
        for (int i = 0; i < D; i++) {
            assertEquals((raw[i] & 0xff) / 255f, image[i], "pixel " + i + " of image " + n);
            rawSum += raw[i] & 0xff;
        }
        assertTrue(rawSum > 0, "image " + n + " is not blank");
    }


    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] randomPixels(int images) {
        byte[] pixels = new byte[images * D];
        new Random(images).nextBytes(pixels);
        return pixels;
    }

    /** An IDX image file header for {@code count} 28x28 images, followed by {@code pixels}. */
    private static byte[] imageFile(int count, byte[] pixels) {
        return ByteBuffer.allocate(IMAGE_HEADER + pixels.length)
                .putInt(IdxReader.IMAGE_MAGIC).putInt(count).putInt(28).putInt(28).put(pixels).array();
    }

    private static byte[] labelFile(int[] labels) {
        ByteBuffer buf = ByteBuffer.allocate(LABEL_HEADER + labels.length).putInt(IdxReader.LABEL_MAGIC)
                .putInt(labels.length);
        for (int label : labels) {
            buf.put((byte) label);
        }
        return buf.array();
    }
}

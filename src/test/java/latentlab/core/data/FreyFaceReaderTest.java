package latentlab.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreyFaceReaderTest {
    private static final String FREY = "frey/frey_rawface.mat";
    /** Where the README says the pixel data of the published file starts; used only as an independent check. */
    private static final int PUBLISHED_DATA_OFFSET = 184;
    private static final int D = 560;
    private static final ImageShape SHAPE = ImageShape.FREY;

    @TempDir
    Path dir;

    @Test
    void readsAll1965FacesAsUnlabelled28By20WithPixelRange8To238() {
        Split all = FreyFaceReader.readAll(TestSupport.sharedFile(FREY));

        assertEquals(1965, all.size());
        assertEquals(new ImageShape(28, 20), all.shape());
        assertFalse(all.labelled());
        assertTrue(Arrays.stream(all.labels()).allMatch(l -> l == -1));
        float min = 1;
        float max = 0;
        for (float v : all.pixels()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(8 / 255f, min);
        assertEquals(238 / 255f, max);
    }

    @Test
    void facesMatchTheColumnsOfFfInTheRawFile() throws IOException {
        Path file = TestSupport.sharedFile(FREY);
        byte[] raw = Files.readAllBytes(file);
        Split all = FreyFaceReader.readAll(file);

        for (int face : new int[] {0, 1, 1000, 1964}) {
            float[] image = all.image(face);
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 20; c++) {
                    int stored = raw[PUBLISHED_DATA_OFFSET + face * D + r * 20 + c] & 0xff;
                    assertEquals(stored / 255f, image[r * 20 + c], "face " + face + " row " + r + " col " + c);
                }
            }
        }
    }

    /**
     * The mean face has a bright forehead (rows 0-3, mean 0.74 measured) over a dark eye band (rows 5-8,
     * 0.47), and between the eyes a bright nose bridge. Upside down, the same rows hold the chin and mouth
     * (0.55 both), and a transposed or scrambled reading has no such structure.
     */
    @Test
    void facesAreUprightWithTheForeheadAboveTheEyes() {
        Split all = FreyFaceReader.readAll(TestSupport.sharedFile(FREY));
        float[] mean = meanFace(all);
        float[] flipped = flipVertically(mean);

        double foreheadOverEyes = foreheadMinusEyeBand(mean);
        assertTrue(foreheadOverEyes > 0.2, "forehead minus eye band " + foreheadOverEyes);
        assertTrue(Math.abs(foreheadMinusEyeBand(flipped)) < 0.05,
                "the check must fail for an upside-down face: " + foreheadMinusEyeBand(flipped));
        double leftEye = TestSupport.regionMean(mean, SHAPE, 7, 8, 5, 7);
        double rightEye = TestSupport.regionMean(mean, SHAPE, 7, 8, 13, 15);
        double bridge = TestSupport.regionMean(mean, SHAPE, 7, 8, 9, 10);
        assertTrue(bridge - leftEye > 0.3 && bridge - rightEye > 0.3,
                "eyes " + leftEye + ", " + rightEye + " should be darker than the bridge " + bridge);
    }

    @Test
    void splitsFacesIntoTheDocumented1765And200ByTheFixedSeed() {
        Path file = TestSupport.sharedFile(FREY);
        Split all = FreyFaceReader.readAll(file);
        TrainTestSplit split = FreyFaceReader.read(file);

        assertEquals(1765, split.train().size());
        assertEquals(200, split.test().size());
        List<Integer> order = new ArrayList<>(IntStream.range(0, 1965).boxed().toList());
        Collections.shuffle(order, new Random(20131220L));
        assertArrayEquals(all.image(order.get(0)), split.train().image(0));
        assertArrayEquals(all.image(order.get(1764)), split.train().image(1764));
        assertArrayEquals(all.image(order.get(1765)), split.test().image(0));
        assertArrayEquals(all.image(order.get(1964)), split.test().image(199));
        assertArrayEquals(split.test().pixels(), FreyFaceReader.read(file).test().pixels(), "same split each time");
    }

    @Test
    void readsAConstructedLittleEndianFileWithASmallElementName() throws IOException {
        byte[] data = faceData(201);
        Path file = write("small.mat", new MatFileBuilder(ByteOrder.LITTLE_ENDIAN).uint8("ff", D, 201, data).bytes());

        Split all = FreyFaceReader.readAll(file);

        assertEquals(201, all.size());
        assertEquals((data[D + 3 * 20 + 4] & 0xff) / 255f, all.image(1)[3 * 20 + 4]);
    }

    @Test
    void readsBigEndianAndCompressedFilesAfterOtherVariables() throws IOException {
        byte[] data = faceData(210);
        byte[] other = new byte[16];
        Path big = write("big.mat", new MatFileBuilder(ByteOrder.BIG_ENDIAN)
                .uint8("x", 4, 4, other).uint8("ff", D, 210, data).bytes());
        Path compressed = write("v7.mat", new MatFileBuilder(ByteOrder.LITTLE_ENDIAN)
                .compressedVariable("other", MatFileBuilder.MX_UINT8_CLASS, new int[] {4, 4}, MatFileBuilder.MI_UINT8,
                        other)
                .compressedVariable("ff", MatFileBuilder.MX_UINT8_CLASS, new int[] {D, 210}, MatFileBuilder.MI_UINT8,
                        data)
                .bytes());

        float[] expected = UnitBytes.toUnitFloats(data);
        assertArrayEquals(expected, FreyFaceReader.readAll(big).pixels());
        assertArrayEquals(expected, FreyFaceReader.readAll(compressed).pixels());
    }

    @Test
    void refusesAFileThatIsNotAMatFile() throws IOException {
        Path file = write("faces.mat", "just some text, not a MAT-file".repeat(10).getBytes());

        DatasetException e = assertThrows(DatasetException.class, () -> FreyFaceReader.readAll(file));

        TestSupport.assertMessage(e, "faces.mat", "not a MATLAB 5 MAT-file");
    }

    @Test
    void reportsThatNoVariableIsNamedFfAndNamesThoseFound() throws IOException {
        Path file = write("renamed.mat", new MatFileBuilder(ByteOrder.LITTLE_ENDIAN)
                .uint8("faces", D, 201, faceData(201)).bytes());

        DatasetException e = assertThrows(DatasetException.class, () -> FreyFaceReader.readAll(file));

        TestSupport.assertMessage(e, "renamed.mat", "no variable named 'ff'", "faces");
    }

    @Test
    void reportsWrongDimensionsOfFf() throws IOException {
        Path file = write("transposed.mat", new MatFileBuilder(ByteOrder.LITTLE_ENDIAN)
                .uint8("ff", 201, D, faceData(201)).bytes());

        DatasetException e = assertThrows(DatasetException.class, () -> FreyFaceReader.readAll(file));

        TestSupport.assertMessage(e, "transposed.mat", "wrong dimensions", "201x560", "560xN");
    }

    @Test
    void reportsFfThatIsNotUint8() throws IOException {
        Path file = write("double.mat", new MatFileBuilder(ByteOrder.LITTLE_ENDIAN)
                .variable("ff", MatFileBuilder.MX_DOUBLE_CLASS, new int[] {D, 201}, MatFileBuilder.MI_DOUBLE,
                        new byte[D * 201 * 8])
                .bytes());

        DatasetException e = assertThrows(DatasetException.class, () -> FreyFaceReader.readAll(file));

        TestSupport.assertMessage(e, "double.mat", "not a real uint8 matrix");
    }

    @Test
    void reportsATruncatedFile() throws IOException {
        byte[] whole = new MatFileBuilder(ByteOrder.LITTLE_ENDIAN).uint8("ff", D, 201, faceData(201)).bytes();
        Path file = write("cut.mat", Arrays.copyOf(whole, whole.length - 1000));

        DatasetException e = assertThrows(DatasetException.class, () -> FreyFaceReader.readAll(file));

        TestSupport.assertMessage(e, "cut.mat", "truncated");
    }

    @Test
    void reportsATruncatedCopyOfTheRealFile() throws IOException {
        byte[] real = Files.readAllBytes(TestSupport.sharedFile(FREY));
        Path file = write("frey_rawface.mat", Arrays.copyOf(real, real.length / 2));

        DatasetException e = assertThrows(DatasetException.class, () -> FreyFaceReader.readAll(file));

        TestSupport.assertMessage(e, "frey_rawface.mat", "truncated", "needs 1100448 bytes, found 550156");
    }

    private static float[] meanFace(Split split) {
        float[] mean = new float[D];
        for (int i = 0; i < split.size(); i++) {
            for (int p = 0; p < D; p++) {
                mean[p] += split.pixels()[i * D + p] / split.size();
            }
        }
        return mean;
    }

    private static float[] flipVertically(float[] face) {
        float[] flipped = new float[D];
        for (int r = 0; r < 28; r++) {
            System.arraycopy(face, r * 20, flipped, (27 - r) * 20, 20);
        }
        return flipped;
    }

    private static double foreheadMinusEyeBand(float[] face) {
        return TestSupport.regionMean(face, SHAPE, 0, 3, 0, 19) - TestSupport.regionMean(face, SHAPE, 5, 8, 0, 19);
    }

    private static byte[] faceData(int faces) {
        byte[] data = new byte[D * faces];
        new Random(faces).nextBytes(data);
        return data;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }
}

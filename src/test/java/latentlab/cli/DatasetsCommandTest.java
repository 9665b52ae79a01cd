package latentlab.cli;

import latentlab.core.data.ImageShape;
import latentlab.core.data.download.LoopbackMirror;
import latentlab.core.model.MlpNetwork;
import latentlab.core.model.Model;
import latentlab.core.model.ModelConfig;
import latentlab.core.model.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static latentlab.cli.CliEndToEndTest.assertSucceeded;
import static latentlab.cli.CliEndToEndTest.cli;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code datasets} command and {@code encode --folder}, run in-process; downloads only from 127.0.0.1. */
class DatasetsCommandTest {
    @TempDir
    Path dir;

    @Test
    void listsTheDatasetsOfADataFolderWithWhereTheyAre() {
        Path shared = LoopbackMirror.sharedDatasets();

        CliEndToEndTest.Run r = cli("datasets", "--data-dir", shared.toString());

        assertSucceeded(r);
        assertEquals("synthetic", r.summary().get("built_in"));
        assertEquals("mnist,fashion-mnist,frey", r.summary().get("present"));
        assertTrue(r.out().contains(shared.resolve("frey").toString()), r.out());
    }

    @Test
    void downloadsADatasetFromAMirrorAndVerifiesIt() throws IOException {
        try (LoopbackMirror mirror = LoopbackMirror.start()) {
            Path data = dir.resolve("data");

            CliEndToEndTest.Run r = cli("datasets", "download", "frey", "--data-dir", data.toString(),
                    "--mirror", mirror.root().toString());

            assertSucceeded(r);
            assertEquals("frey", r.summary().get("datasets"));
            assertEquals("1100584", r.summary().get("fetched_bytes"));
            assertTrue(r.out().contains("checksum verified"), r.out());
            assertArrayEquals(mirror.bytes("frey/frey_rawface.mat"), Files.readAllBytes(data.resolve("frey/frey_rawface.mat")));
            CliEndToEndTest.Run list = cli("datasets", "--verify", "--data-dir", data.toString());
            assertEquals("frey", list.summary().get("verified"));
        }
    }

    @Test
    void withoutANetworkTheDownloadFailsSayingWhichFilesToPutInWhichFolder() throws IOException {
        URI nowhere = LoopbackMirror.unreachable();
        Path data = dir.resolve("data");

        CliEndToEndTest.Run r = cli("datasets", "download", "mnist", "--data-dir", data.toString(),
                "--mirror", nowhere.toString());

        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("no download site could be reached"), r.err());
        assertTrue(r.err().contains("train-images-idx3-ubyte.gz"), r.err());
        assertTrue(r.err().contains("in this folder:\n  " + data.resolve("mnist")), r.err());
    }

    @Test
    void anUnknownDatasetOrSubCommandIsAUsageError() {
        assertEquals(2, cli("datasets", "download", "cifar").code());
        assertEquals(2, cli("datasets", "download").code());
        assertEquals(2, cli("datasets", "fetch").code());
        assertEquals(2, cli("train", "stray-word").code(), "a word is still refused by commands that take none");
    }

    @Test
    void previewWritesATileOfTheImagesAsAModelSeesThemAndListsTheSkippedFiles() throws IOException {
        Path images = imageFolder(5);
        Path png = dir.resolve("preview.png");

        CliEndToEndTest.Run r = cli("datasets", "preview", "--folder", images.toString(), "--out", png.toString(),
                "--n", "4", "--scale", "1");

        assertSucceeded(r);
        assertEquals("4", r.summary().get("images"));
        BufferedImage tile = ImageIO.read(png.toFile());
        assertEquals(2 * 28 + 3, tile.getWidth());
        assertEquals(2 * 28 + 3, tile.getHeight());
    }

    @Test
    void encodesAFolderOfImagesWithAFileColumnAndSkipsTheBadOnes() throws IOException {
        Path images = imageFolder(3);
        Path model = tinyModel();
        Path csv = dir.resolve("codes.csv");

        CliEndToEndTest.Run r = cli("encode", "--model", model.toString(), "--folder", images.toString(),
                "--out", csv.toString());

        assertSucceeded(r);
        Map<String, String> kv = r.summary();
        assertEquals("3", kv.get("images"));
        assertEquals("1", kv.get("skipped"));
        assertTrue(r.out().contains("notes, draft.png: not an image"), r.out());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("z_mean_0,z_mean_1,z_log_var_0,z_log_var_1,label,file", lines.getFirst());
        assertEquals(List.of("0.png", "1.png", "2.png"),
                lines.subList(1, lines.size()).stream().map(l -> l.substring(l.lastIndexOf(',') + 1)).toList());
        assertEquals(3, CodesCsv.read(csv, 2).length, "decode cannot read the codes back");
    }

    @Test
    void encodingAFolderWithNoUsableImageSaysSo() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Files.writeString(empty.resolve("readme.txt"), "nothing to see");

        CliEndToEndTest.Run r = cli("encode", "--model", tinyModel().toString(), "--folder", empty.toString(),
                "--out", dir.resolve("x.csv").toString());

        assertEquals(1, r.code());
        assertTrue(r.err().contains("no usable image found"), r.err());
        assertTrue(r.err().contains("readme.txt"), r.err());
    }

    // ---------------------------------------------------------------------------------------------

    /** {@code count} PNGs of a dot, and one file that only pretends to be an image (its name has a comma). */
    private Path imageFolder(int count) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("images"));
        for (int i = 0; i < count; i++) {
            BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D g = image.createGraphics();
            g.setColor(Color.WHITE);
            g.fillOval(4 + 3 * i, 8, 10, 14);
            g.dispose();
            assertTrue(ImageIO.write(image, "png", folder.resolve(i + ".png").toFile()));
        }
        Files.writeString(folder.resolve("notes, draft.png"), "not a picture");
        return folder;
    }

    /** An untrained 2-D VAE for 28x28 images: encoding needs no training. */
    private Path tinyModel() {
        ModelConfig config = ModelConfig.vae(ImageShape.MNIST, List.of(16), 2);
        Path file = dir.resolve("tiny.llab");
        ModelFile.save(new Model(config, MlpNetwork.initialParams(config, DataType.FLOAT), "synthetic", "",
                List.of(), null), file);
        return file;
    }
}

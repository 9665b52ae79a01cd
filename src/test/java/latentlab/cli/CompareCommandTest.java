package latentlab.cli;

import latentlab.cli.CliEndToEndTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import static latentlab.cli.CliEndToEndTest.assertSucceeded;
import static latentlab.cli.CliEndToEndTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code compare} run in-process on a few synthetic faces with tiny models. */
class CompareCommandTest {
    private static final String[] SMALL = {"--dataset", "synthetic", "--subset", "600", "--n", "8", "--calibrate", "100",
            "--draws", "100", "--map-images", "120"};

    @TempDir
    Path dir;

    private static String[] args(String[] head, String... tail) {
        String[] all = new String[head.length + SMALL.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(SMALL, 0, all, head.length, SMALL.length);
        System.arraycopy(tail, 0, all, head.length + SMALL.length, tail.length);
        return all;
    }

    private static void assertFraction(Run r, String key) {
        double v = r.number(key);
        assertTrue(v >= 0 && v <= 1, key + " = " + v);
    }

    @Test
    void trainsBothModelsWritesOnePngAndEndsWithBothHoleFractions() throws IOException {
        Path png = dir.resolve("compare.png");
        Run r = cli(args(new String[]{"compare", "--hidden", "16", "--epochs", "1"}, "--out", png.toString()));
        assertSucceeded(r);
        for (String key : new String[]{"ae_hole_fraction", "vae_hole_fraction", "ae_hole_fraction_shared",
                "vae_hole_fraction_shared", "ae_draw_hole_fraction", "vae_draw_hole_fraction"}) {
            assertFraction(r, key);
        }
        assertTrue(r.number("ae_threshold") > 0 && r.number("vae_threshold") > 0);
        assertEquals(png.toString(), r.summary().get("out"));
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image.getWidth() > 2 * 8 * 28 && image.getHeight() > 2 * 8 * 28, "both columns of panels");
        assertTrue(r.out().contains("AE ") && r.out().contains("VAE"), r.out());
    }

    @Test
    void comparesTwoSavedModels() {
        Path ae = dir.resolve("ae.llab");
        Path vae = dir.resolve("vae.llab");
        assertSucceeded(cli("train", "--dataset", "synthetic", "--subset", "600", "--kind", "ae", "--hidden", "16",
                "--epochs", "1", "--out", ae.toString()));
        assertSucceeded(cli("train", "--dataset", "synthetic", "--subset", "600", "--kind", "vae", "--hidden", "16",
                "--epochs", "1", "--out", vae.toString()));
        Run r = cli(args(new String[]{"compare", "--ae", ae.toString(), "--vae", vae.toString()}, "--out",
                dir.resolve("saved.png").toString()));
        assertSucceeded(r);
        assertFraction(r, "ae_hole_fraction");
        assertFraction(r, "vae_hole_fraction");
    }

    @Test
    void measuresInAnotherSpaceWhenAsked() {
        Path ae = dir.resolve("ae.llab");
        Path vae = dir.resolve("vae.llab");
        Run r = cli(args(new String[]{"compare", "--hidden", "16", "--epochs", "1", "--save-ae", ae.toString(),
                "--save-vae", vae.toString()}, "--space", "binary", "--out", dir.resolve("binary.png").toString()));
        assertSucceeded(r);
        assertEquals("binary", r.summary().get("space"));
        assertFraction(r, "ae_hole_fraction");
        Run e = cli(args(new String[]{"compare", "--ae", ae.toString(), "--vae", vae.toString()}, "--space",
                "encoder:" + vae, "--out", dir.resolve("encoder.png").toString()));
        assertSucceeded(e);
        assertEquals("encoder:vae.llab", e.summary().get("space"));
        assertFraction(e, "vae_hole_fraction");
    }

    @Test
    void refusesAnUnknownSpace() {
        Run r = cli(args(new String[]{"compare", "--hidden", "16", "--epochs", "1"}, "--space", "blurred", "--out",
                dir.resolve("x.png").toString()));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--space takes pixels, binary or encoder:FILE"), r.err());
    }

    @Test
    void refusesAnAeWithoutAVae() {
        Run r = cli("compare", "--ae", dir.resolve("ae.llab").toString(), "--out", dir.resolve("x.png").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--ae and --vae go together"), r.err());
    }

    @Test
    void refusesTrainingOptionsWithSavedModels() {
        Run r = cli("compare", "--ae", "a.llab", "--vae", "b.llab", "--epochs", "3", "--out", "x.png");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--epochs"), r.err());
    }
}

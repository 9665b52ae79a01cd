package latentlab.core.explore.compare;

import latentlab.core.data.ImageShape;
import latentlab.core.explore.Encoding;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * The {@code compare} command's picture: one column per model (AE left, VAE right). In each column, top to
 * bottom: the latent map (test codes coloured by label) under the hole heat map of the shared region,
 * beside that region's decoded grid; the same for the grid of the model's own sampling rule; and 16
 * samples drawn the model's way. Hole cells and hole samples are outlined in red.
 */
public final class ComparisonFigure {
    /** Tableau's ten class colours, as the app's latent map uses. */
    private static final Color[] CLASS_COLOURS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
            new Color(0xbcbd22), new Color(0x17becf)};
    private static final Color UNLABELLED = new Color(0x4a6fa5);
    private static final Color HOLE = new Color(0xe0, 0x10, 0x10);
    private static final Color FILLED = new Color(0x30, 0xa0, 0x60);
    private static final int MARGIN = 16;
    private static final int GAP = 12;
    private static final int TITLE = 64;
    private static final int CAPTION = 40;
    private static final int SAMPLE_SCALE = 2;
    private static final int SAMPLE_COLUMNS = 8;
    private static final double MAP_MARGIN = 0.06;
    /** The smallest panel: wide enough for the two header lines above a column of two panels. */
    private static final int MIN_PANEL = 440;

    private ComparisonFigure() {
    }

    /** Draws the comparison; grids at one screen pixel per image pixel. */
    public static BufferedImage render(Comparison c) {
        ImageShape shape = c.shape();
        int n = c.shared().n();
        int panel = Math.max(n * Math.max(shape.cols(), shape.rows()), MIN_PANEL);
        int columnWidth = 2 * panel + GAP;
        int samplesHeight = sampleRows(c.ae()) * (shape.rows() * SAMPLE_SCALE + 2) + CAPTION;
        int width = 2 * MARGIN + 2 * columnWidth + 3 * GAP;
        int height = MARGIN + TITLE + 2 * (panel + CAPTION + GAP) + samplesHeight + MARGIN;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            // one frame for both shared maps, so that the same region looks the same in both columns
            double[] sharedFrame = viewBox(c.shared(), null);
            int x0 = MARGIN;
            for (ModelAnalysis m : List.of(c.ae(), c.vae())) {
                HoleMap shared = m == c.ae() ? c.aeShared() : c.vaeShared();
                column(g, c, m, shared, sharedFrame, x0, MARGIN, panel);
                x0 += columnWidth + 3 * GAP;
            }
            g.setColor(new Color(0xcccccc));
            int split = MARGIN + columnWidth + GAP + GAP / 2;
            g.fillRect(split, MARGIN, 2, height - 2 * MARGIN);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static int sampleRows(ModelAnalysis m) {
        return Math.max(1, (m.sampleCodes().length + SAMPLE_COLUMNS - 1) / SAMPLE_COLUMNS);
    }

    private static void column(Graphics2D g, Comparison c, ModelAnalysis m, HoleMap shared, double[] sharedFrame,
                               int x, int y, int panel) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 22));
        g.drawString(m.name(), x, y + 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        g.drawString(String.format(Locale.ROOT, "holes: %.1f %% of its sampling rule's grid, %.1f %% of %s;"
                        + " %d of %d samples", 100 * m.own().holeFraction(), 100 * shared.holeFraction(),
                c.shared().description(), m.sampleHoles(), m.sampleCodes().length), x, y + 46);
        g.drawString(String.format(Locale.ROOT, "threshold %.2f = %.0fth percentile of its test reconstructions'"
                        + " distance to the nearest training image", m.calibration().threshold(),
                100 * m.calibration().quantile()), x, y + 62);
        int top = y + TITLE;
        latentMap(g, m.testCodes(), shared, sharedFrame, x, top, panel);
        grid(g, shared, c.shape(), x + panel + GAP, top, panel);
        caption(g, "Map and decoded grid over " + c.shared().description() + " (red: holes)", x, top + panel);
        top += panel + CAPTION + GAP;
        latentMap(g, m.testCodes(), m.own(), viewBox(m.own().grid(), m.testCodes()), x, top, panel);
        grid(g, m.own(), c.shape(), x + panel + GAP, top, panel);
        caption(g, "Over its sampling rule, " + m.own().grid().description() + ": every cell equally likely", x,
                top + panel);
        top += panel + CAPTION + GAP;
        samples(g, m, c.shape(), x, top);
    }

    private static void caption(Graphics2D g, String text, int x, int y) {
        g.setColor(new Color(0x333333));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.drawString(text, x, y + 20);
    }

    /**
     * A square view box {xLo, xHi, yLo, yHi} around a grid's extent, widened to hold the central 98 % of the
     * codes on the grid's two dimensions, if given, with a small margin.
     */
    public static double[] viewBox(LatentGrid grid, Encoding codes) {
        double[] box = grid.extent();
        if (codes != null && codes.size() > 0) {
            double[] x = ModelAnalysis.trimmedRange(codes, grid.dimX(), 0.01);
            double[] y = ModelAnalysis.trimmedRange(codes, grid.dimY(), 0.01);
            box = new double[]{Math.min(box[0], x[0]), Math.max(box[1], x[1]), Math.min(box[2], y[0]),
                    Math.max(box[3], y[1])};
        }
        double span = Math.max(box[1] - box[0], box[3] - box[2]) * (1 + 2 * MAP_MARGIN);
        double cx = (box[0] + box[1]) / 2;
        double cy = (box[2] + box[3]) / 2;
        return new double[]{cx - span / 2, cx + span / 2, cy - span / 2, cy + span / 2};
    }

    /** The heat map of a hole map's cells, then the codes on top, then the axes through 0. */
    private static void latentMap(Graphics2D g, Encoding codes, HoleMap holes, double[] frame, int x, int y, int size) {
        Shape oldClip = g.getClip();
        g.setClip(new Rectangle2D.Double(x, y, size, size));
        g.setColor(Color.WHITE);
        g.fillRect(x, y, size, size);
        LatentGrid grid = holes.grid();
        int n = grid.n();
        for (int r = 0; r < n; r++) {
            for (int col = 0; col < n; col++) {
                double[] k = grid.corners(r, col);
                Path2D.Double cell = new Path2D.Double();
                for (int i = 0; i < 4; i++) {
                    double px = x + (k[2 * i] - frame[0]) / (frame[1] - frame[0]) * size;
                    double py = y + (frame[3] - k[2 * i + 1]) / (frame[3] - frame[2]) * size;
                    if (i == 0) {
                        cell.moveTo(px, py);
                    } else {
                        cell.lineTo(px, py);
                    }
                }
                cell.closePath();
                g.setColor(new Color(heatArgb(holes.distances()[r * n + col], holes.threshold()), true));
                g.fill(cell);
            }
        }
        int[] labels = codes.labels();
        for (int i = 0; i < codes.size(); i++) {
            float[] z = codes.mean()[i];
            double px = x + (z[grid.dimX()] - frame[0]) / (frame[1] - frame[0]) * size;
            double py = y + (frame[3] - z[grid.dimY()]) / (frame[3] - frame[2]) * size;
            int label = labels == null ? -1 : labels[i];
            g.setColor(label >= 0 ? CLASS_COLOURS[label % CLASS_COLOURS.length] : UNLABELLED);
            g.fill(new Rectangle2D.Double(px - 1, py - 1, 2.4, 2.4));
        }
        g.setClip(oldClip);
        g.setColor(new Color(0x888888));
        g.setStroke(new BasicStroke(1));
        g.drawRect(x, y, size, size);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(String.format(Locale.ROOT, "z%d %.1f..%.1f, z%d %.1f..%.1f", grid.dimX(), frame[0], frame[1],
                grid.dimY(), frame[2], frame[3]), x + 4, y + size - 5);
    }

    /**
     * A cell's colour: green and faint where its decode is as close to the data as the model's typical
     * reconstructions, red and stronger the further beyond the threshold it is.
     */
    public static int heatArgb(double distance, double threshold) {
        double r = threshold > 0 ? distance / threshold : distance > 0 ? Double.POSITIVE_INFINITY : 0;
        Color c = r > 1 ? HOLE : FILLED;
        int alpha = r > 1 ? (int) Math.round(110 + 110 * Math.min(1, (r - 1) / 0.5))
                : (int) Math.round(40 + 40 * Math.max(0, Math.min(1, r)));
        return alpha << 24 | c.getRed() << 16 | c.getGreen() << 8 | c.getBlue();
    }

    /** The decoded grid, one pixel per image pixel, with the hole cells outlined in red. */
    private static void grid(Graphics2D g, HoleMap holes, ImageShape shape, int x, int y, int size) {
        int n = holes.grid().n();
        int tw = shape.cols();
        int th = shape.rows();
        int ox = x + (size - n * tw) / 2;
        int oy = y + (size - n * th) / 2;
        g.setColor(Color.BLACK);
        g.fillRect(x, y, size, size);
        BufferedImage tiles = tiles(holes.images(), n * n, shape, n);
        g.drawImage(tiles, ox, oy, null);
        g.setColor(HOLE);
        g.setStroke(new BasicStroke(1.5f));
        for (int k = 0; k < n * n; k++) {
            if (holes.isHole(k)) {
                g.drawRect(ox + (k % n) * tw + 1, oy + (k / n) * th + 1, tw - 2, th - 2);
            }
        }
    }

    private static void samples(Graphics2D g, ModelAnalysis m, ImageShape shape, int x, int y) {
        int count = m.sampleCodes().length;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.drawString(count + " samples from its sampling rule: " + (m.kind() == latentlab.core.model.ModelKind.VAE
                ? "the prior N(0, I)" : "a Gaussian fitted to its training codes"), x, y + 14);
        int top = y + 22;
        int tw = shape.cols() * SAMPLE_SCALE;
        int th = shape.rows() * SAMPLE_SCALE;
        BufferedImage tiles = tiles(m.samples(), count, shape, count);
        for (int k = 0; k < count; k++) {
            int px = x + (k % SAMPLE_COLUMNS) * (tw + 2);
            int py = top + (k / SAMPLE_COLUMNS) * (th + 2);
            g.drawImage(tiles, px, py, px + tw, py + th, k * shape.cols(), 0, (k + 1) * shape.cols(), shape.rows(),
                    null);
            if (m.sampleDistances()[k] > m.calibration().threshold()) {
                g.setColor(HOLE);
                g.setStroke(new BasicStroke(2));
                g.drawRect(px + 1, py + 1, tw - 2, th - 2);
            }
        }
    }

    /** Greyscale tiles, {@code cols} to a row, no gaps. */
    private static BufferedImage tiles(float[] images, int count, ImageShape shape, int cols) {
        int rows = Math.max(1, (count + cols - 1) / cols);
        BufferedImage img = new BufferedImage(cols * shape.cols(), rows * shape.rows(), BufferedImage.TYPE_INT_RGB);
        int d = shape.pixels();
        int[] rgb = new int[shape.cols()];
        for (int k = 0; k < count; k++) {
            for (int r = 0; r < shape.rows(); r++) {
                for (int c = 0; c < shape.cols(); c++) {
                    int v = (int) Math.round(255 * Math.max(0, Math.min(1, images[k * d + r * shape.cols() + c])));
                    rgb[c] = v << 16 | v << 8 | v;
                }
                img.setRGB((k % cols) * shape.cols(), (k / cols) * shape.rows() + r, shape.cols(), 1, rgb, 0,
                        shape.cols());
            }
        }
        return img;
    }
}

package latentlab.app.common;

import javafx.scene.paint.Color;
import javafx.scene.text.Font;

import java.util.List;

/**
 * Colours and text size of what the app draws on canvases (chart, latent map), which CSS does not
 * reach: the normal theme and the presenter theme (large text, white on black, bright colours).
 *
 * @param background plot background
 * @param foreground axes, text
 * @param grid       grid lines
 * @param fontSize   text size in points
 * @param palette    series and class colours, in order
 * @param lineWidth  width of curves
 */
public record CanvasTheme(Color background, Color foreground, Color grid, double fontSize, List<Color> palette,
                          double lineWidth) {
    /** Tableau's ten colours, distinguishable and familiar from matplotlib. */
    private static final List<Color> TABLEAU = List.of(Color.web("#1f77b4"), Color.web("#ff7f0e"),
            Color.web("#2ca02c"), Color.web("#d62728"), Color.web("#9467bd"), Color.web("#8c564b"),
            Color.web("#e377c2"), Color.web("#7f7f7f"), Color.web("#bcbd22"), Color.web("#17becf"));
    /** Bright colours that stay apart on black under a projector. */
    private static final List<Color> BRIGHT = List.of(Color.web("#4fc3ff"), Color.web("#ffb020"),
            Color.web("#66ff66"), Color.web("#ff5c5c"), Color.web("#d69cff"), Color.web("#ffe066"),
            Color.web("#ff8fd8"), Color.web("#e0e0e0"), Color.web("#c8ff3c"), Color.web("#40ffe8"));

    public static final CanvasTheme NORMAL = new CanvasTheme(Color.WHITE, Color.web("#222222"),
            Color.web("#e6e6e6"), 12, TABLEAU, 1.6);
    public static final CanvasTheme PRESENTER = new CanvasTheme(Color.BLACK, Color.WHITE,
            Color.web("#404040"), 18, BRIGHT, 3);

    public CanvasTheme {
        palette = List.copyOf(palette);
    }

    /** The i-th colour, cycling. */
    public Color colour(int i) {
        return palette.get(Math.floorMod(i, palette.size()));
    }

    public Font font() {
        return Font.font(fontSize);
    }
}

package latentlab.app.common;

import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Labeled;
import javafx.scene.layout.Region;

/**
 * Holds one node whose own changes of layout (a figure's text, twice a second while training runs)
 * stay within it, unless they change the height it needs.
 *
 * <p>JavaFX passes a node's request for layout on to its parent, and so on up to the scene's root,
 * unless the node is unmanaged. A figure in the training panel that changed its text therefore had
 * the next pulse lay out the whole window again: the split pane, the scroll pane around the panel,
 * and the panel, which measured the widths and heights of all its settings (JFR: the layout pass was
 * a sixth of the FX thread's time while training ran). Here the node is unmanaged, so its requests
 * stop at it and only it is laid out again, at the size this island gave it. The island itself is an
 * ordinary managed region: its parent sizes and places it from the node's preferred sizes, and it asks
 * its parent for a new layout itself when the node needs another height (a text that wraps onto one
 * more line) or when the parent gives it another width.
 */
public final class LayoutIsland extends Region {
    private final Region node;
    /** The width the island last laid the node out at, and the node's preferred height at that width. */
    private double laidOutWidth = -1;
    private double laidOutHeight = -1;

    public LayoutIsland(Region node) {
        this.node = node;
        node.setManaged(false);
        getChildren().add(node);
        node.needsLayoutProperty().addListener((obs, was, needs) -> {
            if (needs) {
                checkHeight();
            }
        });
        if (node instanceof Labeled labeled) {
            // a second new text before the next pulse finds the node already waiting for its layout
            labeled.textProperty().addListener(o -> checkHeight());
        }
    }

    /** Asks the parent for a new layout when the node now needs another height at the width it has. */
    private void checkHeight() {
        if (laidOutWidth >= 0 && node.prefHeight(laidOutWidth) != laidOutHeight) {
            requestLayout();                                                     // this one reaches the parent
        }
    }

    /** The node's: a wrapping label's height depends on its width, and its parent must ask with the width. */
    @Override
    public Orientation getContentBias() {
        return node.getContentBias();
    }

    @Override
    protected double computeMinWidth(double height) {
        return horizontal() + node.minWidth(-1);
    }

    @Override
    protected double computePrefWidth(double height) {
        return horizontal() + node.prefWidth(-1);
    }

    @Override
    protected double computeMinHeight(double width) {
        return vertical() + node.minHeight(inner(width));
    }

    @Override
    protected double computePrefHeight(double width) {
        return vertical() + node.prefHeight(inner(width));
    }

    @Override
    protected double computeMaxWidth(double height) {
        return Double.MAX_VALUE;
    }

    @Override
    protected void layoutChildren() {
        Insets in = getInsets();
        double width = Math.max(0, getWidth() - horizontal());
        double height = Math.max(0, getHeight() - vertical());
        node.resizeRelocate(in.getLeft(), in.getTop(), width, height);
        laidOutWidth = width;
        laidOutHeight = node.prefHeight(width);
    }

    private double inner(double width) {
        return width < 0 ? -1 : Math.max(0, width - horizontal());
    }

    private double horizontal() {
        Insets in = getInsets();
        return in.getLeft() + in.getRight();
    }

    private double vertical() {
        Insets in = getInsets();
        return in.getTop() + in.getBottom();
    }
}

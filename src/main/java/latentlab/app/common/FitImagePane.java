package latentlab.app.common;

import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Region;

/**
 * Shows an image as large as its pane allows, whole, centred and with square pixels. Enlarged, it is
 * drawn nearest-neighbour (sharp pixels, as a grid of digits should look); reduced, smoothly, since
 * dropping rows of pixels would make digits flicker. The pane asks for no size of its own, so the
 * image never pushes its parent wider than the window gives it.
 */
public final class FitImagePane extends Region {
    private final ImageView view;

    public FitImagePane(ImageView view) {
        this.view = view;
        view.setPreserveRatio(true);
        view.setManaged(false);
        getChildren().add(view);
        view.imageProperty().addListener(o -> requestLayout());
        setMinSize(0, 0);
    }

    /** The image view it lays out. */
    public ImageView view() {
        return view;
    }

    @Override
    protected double computePrefWidth(double height) {
        return 0;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 0;
    }

    @Override
    protected void layoutChildren() {
        Image image = view.getImage();
        double w = getWidth();
        double h = getHeight();
        if (image == null || image.getWidth() <= 0 || image.getHeight() <= 0 || w <= 0 || h <= 0) {
            return;
        }
        double scale = Math.min(w / image.getWidth(), h / image.getHeight());
        double fw = Math.floor(image.getWidth() * scale);
        double fh = Math.floor(image.getHeight() * scale);
        view.setSmooth(scale < 1);
        view.setFitWidth(fw);
        view.setFitHeight(fh);
        view.relocate(Math.floor((w - fw) / 2), Math.floor((h - fh) / 2));
    }
}

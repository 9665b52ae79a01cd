package latentlab.app.compare;

import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Region;

/**
 * An image as large as its pane allows, whole, centred, with square pixels: sharp (nearest neighbour)
 * when enlarged, smooth when reduced. It asks for no size of its own.
 */
final class FittedImage extends Region {
    private final ImageView view = new ImageView();

    FittedImage() {
        view.setPreserveRatio(true);
        view.setManaged(false);
        getChildren().add(view);
        view.imageProperty().addListener(o -> requestLayout());
        setMinSize(0, 0);
    }

    ImageView view() {
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

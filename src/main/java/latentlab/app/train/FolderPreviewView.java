package latentlab.app.train;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import latentlab.app.common.FitImagePane;
import latentlab.app.common.FxImages;
import latentlab.core.data.ImageFolderReader;
import latentlab.core.data.ImageShape;

import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A folder of the user's images as a model will see them (28x28, white on black, centred: the same
 * preprocessing as the editor's), with the files that could not be used, before it becomes the dataset:
 * "Train on this folder" uses it, "Cancel" keeps the dataset as it was.
 */
public final class FolderPreviewView extends BorderPane {
    private final Button use = new Button("Train on this folder");
    private final Button cancel = new Button("Cancel");
    private final ImageView grid = new ImageView();

    public FolderPreviewView(TrainingViewModel.FolderPreview preview) {
        getStyleClass().addAll("view", "folder-preview");
        setId("folder-preview");
        setPadding(new Insets(10));
        ImageFolderReader.Images images = preview.images();
        ImageShape shape = ImageShape.MNIST;
        int n = images.size();
        int cols = Math.max(1, (int) Math.ceil(Math.sqrt(n)));
        int rows = (n + cols - 1) / cols;
        grid.setImage(FxImages.fromArgb(FxImages.tileArgb(images.pixels(), n, shape, cols), cols * shape.cols(),
                rows * shape.rows()));
        grid.setId("folder-preview-grid");

        Label title = new Label("Your images as the model will see them");
        title.getStyleClass().add("view-title");
        Label what = new Label(String.format(Locale.ROOT, "%s: the first %d usable image%s, preprocessed as for"
                        + " training and in the editor (%s, white on black, centred).%s", preview.folder(), n,
                n == 1 ? "" : "s", shape, images.classNames().isEmpty() ? ""
                        : " Classes (one subfolder each): " + String.join(", ", images.classNames()) + "."));
        what.setWrapText(true);
        VBox top = new VBox(4, title, what);
        top.setPadding(new Insets(0, 0, 8, 0));
        setTop(top);

        FitImagePane image = new FitImagePane(grid);
        image.setMinSize(200, 200);
        setCenter(image);

        TextArea skipped = new TextArea(images.skipped().isEmpty() ? "No file was skipped."
                : images.skipped().size() + " file" + (images.skipped().size() == 1 ? " was" : "s were")
                + " skipped and will not be used:\n" + images.skipped().stream()
                .map(f -> "  " + f.path().getFileName() + ": " + f.reason()).collect(Collectors.joining("\n")));
        skipped.setId("folder-preview-skipped");
        skipped.setEditable(false);
        skipped.setWrapText(true);
        skipped.setPrefRowCount(images.skipped().isEmpty() ? 1 : 4);
        use.setId("use-folder");
        use.setDefaultButton(true);
        cancel.setId("cancel-folder");
        cancel.setCancelButton(true);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox buttons = new HBox(6, gap, cancel, use);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        VBox bottom = new VBox(8, skipped, buttons);
        bottom.setPadding(new Insets(8, 0, 0, 0));
        setBottom(bottom);
    }

    public Button useButton() {
        return use;
    }

    public Button cancelButton() {
        return cancel;
    }

    /** The tiled images, for tests. */
    public ImageView grid() {
        return grid;
    }
}

package latentlab.app.manifold;

import javafx.beans.property.ObjectProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.StackPane;
import latentlab.app.common.DimensionChoice;
import latentlab.app.common.FitImagePane;
import latentlab.app.common.Formats;
import latentlab.app.common.FxImages;

import java.util.function.Consumer;

/**
 * The manifold: the decoded grid, scaled to fit its pane; hovering shows the cell's z, clicking sends it to
 * the editor. A toolbar sets n and, for more than two latent dimensions, which two span the grid.
 */
public final class ManifoldView extends BorderPane {
    private static final int MAX_CODE_VALUES = 6;

    private final ManifoldViewModel vm;
    private final ImageView image = new ImageView();
    private final Label hover = new Label(" ");
    private final Button exportPng = new Button("PNG");
    private Consumer<float[]> onPick = z -> { };
    // the view-model's dimensions as objects, for the choice boxes: held here because a bidirectional
    // binding holds both its ends weakly, and these wrappers have no other owner (once collected, choosing
    // a dimension changed the box but no longer the grid)
    private ObjectProperty<Integer> dimXObject;
    private ObjectProperty<Integer> dimYObject;

    public ManifoldView(ManifoldViewModel vm) {
        this.vm = vm;
        getStyleClass().addAll("view", "manifold-view");
        setId("manifold-view");
        createView();
        initListeners();
    }

    private void createView() {
        Label title = new Label("Manifold");
        title.getStyleClass().add("view-title");
        Spinner<Integer> n = new Spinner<>(ManifoldViewModel.MIN_N, ManifoldViewModel.MAX_N, vm.nProperty().get());
        n.setId("manifold-n");
        n.setPrefWidth(70);
        n.setEditable(true);
        n.getValueFactory().valueProperty().addListener((obs, was, is) -> vm.nProperty().set(is));
        n.setTooltip(new Tooltip("Cells per side"));
        ChoiceBox<Integer> dimX = DimensionChoice.create("manifold-dim-x", "Latent dimension along the columns",
                vm.latentProperty());
        ChoiceBox<Integer> dimY = DimensionChoice.create("manifold-dim-y", "Latent dimension along the rows",
                vm.latentProperty());
        dimXObject = vm.dimXProperty().asObject();
        dimYObject = vm.dimYProperty().asObject();
        dimX.valueProperty().bindBidirectional(dimXObject);
        dimY.valueProperty().bindBidirectional(dimYObject);
        Label dims = new Label("dims");
        for (var node : java.util.List.of(dims, dimX, dimY)) {
            node.visibleProperty().bind(vm.latentProperty().greaterThan(2));
            node.managedProperty().bind(node.visibleProperty());
        }
        exportPng.setId("export-manifold-png");
        exportPng.setTooltip(new Tooltip("Save the grid as a PNG image"));
        FlowPane bar = new FlowPane(6, 2, title, new Label("n"), n, dims, dimX, dimY, exportPng);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(2, 4, 2, 4));
        setTop(bar);

        image.setId("manifold-image");
        FitImagePane fit = new FitImagePane(image);
        StackPane holder = new StackPane(fit);
        holder.setMinSize(0, 0);
        setCenter(holder);
        hover.setId("manifold-hover");
        hover.setPadding(new Insets(0, 4, 2, 4));
        Label empty = new Label("A manifold needs at least 2 latent dimensions.");
        empty.visibleProperty().bind(vm.latentProperty().lessThan(2));
        holder.getChildren().add(empty);
        setBottom(hover);
        // the grid is drawn at the size it is shown, in the screen's pixels
        Runnable viewport = () -> {
            double s = getScene() != null && getScene().getWindow() != null ? getScene().getWindow().getRenderScaleX() : 1;
            vm.setViewport((int) Math.floor(fit.getWidth() * s), (int) Math.floor(fit.getHeight() * s));
        };
        fit.widthProperty().addListener(o -> viewport.run());
        fit.heightProperty().addListener(o -> viewport.run());
        sceneProperty().addListener((obs, was, scene) -> {
            if (scene != null) {
                scene.windowProperty().addListener((o, w, window) -> {
                    if (window != null) {
                        window.renderScaleXProperty().addListener(x -> viewport.run());
                        viewport.run();
                    }
                });
            }
        });
    }

    private void initListeners() {
        vm.renderedProperty().addListener((obs, was, r) -> {
            if (r != null) {
                image.setImage(FxImages.intoArgb(image.getImage(), r.argb(), r.argbWidth(), r.argbHeight()));
            }
        });
        image.addEventHandler(MouseEvent.MOUSE_MOVED, e -> {
            float[] z = codeAt(e);
            hover.setText(z == null ? " " : "z = " + Formats.code(z, MAX_CODE_VALUES) + "  (click: send to editor)");
        });
        image.addEventHandler(MouseEvent.MOUSE_EXITED, e -> hover.setText(" "));
        image.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            float[] z = codeAt(e);
            if (z != null) {
                onPick.accept(z);
            }
        });
    }

    /** The code under the mouse, or null outside the grid. */
    private float[] codeAt(MouseEvent e) {
        ManifoldViewModel.Rendered r = vm.renderedProperty().get();
        if (r == null || image.getImage() == null) {
            return null;
        }
        double scale = image.getBoundsInLocal().getWidth() / r.width();
        int column = (int) Math.floor(e.getX() / scale / r.shape().cols());
        int row = (int) Math.floor(e.getY() / scale / r.shape().rows());
        int n = r.grid().n();
        return column < 0 || row < 0 || column >= n || row >= n ? null : r.codeAt(column, row);
    }

    /** What a click on a cell does with its code: the window sends it to the editor. */
    public void setOnPick(Consumer<float[]> action) {
        this.onPick = action;
    }

    public Button exportPngButton() {
        return exportPng;
    }

    public ManifoldViewModel viewModel() {
        return vm;
    }
}

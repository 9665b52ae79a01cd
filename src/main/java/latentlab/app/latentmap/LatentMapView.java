package latentlab.app.latentmap;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.Circle;
import latentlab.app.common.CanvasTheme;
import latentlab.app.common.DimensionChoice;
import latentlab.app.common.LayoutIsland;

import java.util.List;

/**
 * The latent map: the encoded test images on a canvas, coloured by label with a legend; for more
 * than two latent dimensions, a choice of two dimensions or PCA.
 */
public final class LatentMapView extends BorderPane {
    private static final double SWATCH_RADIUS = 5;

    private final LatentMapViewModel vm;
    private final LatentMapCanvas canvas = new LatentMapCanvas();
    private final FlowPane legend = new FlowPane(10, 2);
    private final Button exportPng = new Button("PNG");

    public LatentMapView(LatentMapViewModel vm) {
        this.vm = vm;
        getStyleClass().addAll("view", "latent-map-view");
        setId("latent-map-view");
        createView();
        initListeners();
    }

    private void createView() {
        Label title = new Label("Latent map");
        title.getStyleClass().add("view-title");
        ChoiceBox<Integer> dimX = DimensionChoice.create("map-dim-x", "Latent dimension across the map",
                vm.latentProperty());
        ChoiceBox<Integer> dimY = DimensionChoice.create("map-dim-y", "Latent dimension up the map",
                vm.latentProperty());
        CheckBox pca = new CheckBox("PCA");
        pca.setId("map-pca");
        pca.setTooltip(new Tooltip("Project on the first two principal components of the codes"));
        dimX.setValue(0);
        dimY.setValue(1);
        Runnable apply = () -> vm.projectionProperty().set(pca.isSelected() ? Projection.PCA
                : Projection.dims(dimX.getValue() == null ? 0 : dimX.getValue(), dimY.getValue() == null ? 1 : dimY.getValue()));
        dimX.setOnAction(e -> apply.run());
        dimY.setOnAction(e -> apply.run());
        pca.setOnAction(e -> apply.run());
        dimX.disableProperty().bind(pca.selectedProperty());
        dimY.disableProperty().bind(pca.selectedProperty());
        Label axes = new Label("axes");
        for (Node node : List.of(axes, dimX, dimY, pca)) {
            node.visibleProperty().bind(vm.latentProperty().greaterThan(2));
            node.managedProperty().bind(node.visibleProperty());
        }
        vm.projectionProperty().addListener((obs, was, is) -> {
            if (!is.pca()) {
                dimX.setValue(is.dimX());
                dimY.setValue(is.dimY());
            }
            pca.setSelected(is.pca());
        });
        Button fit = new Button("Fit");
        fit.setId("map-fit");
        fit.setTooltip(new Tooltip("Frame all points (or double-click the map); drag to pan, scroll to zoom"));
        fit.setOnAction(e -> canvas.fitToPoints());
        exportPng.setId("export-map-png");
        exportPng.setTooltip(new Tooltip("Save the map as a PNG image"));
        FlowPane bar = new FlowPane(6, 2, title, axes, dimX, dimY, pca, fit, exportPng);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(2, 4, 2, 4));
        setTop(bar);
        canvas.setId("latent-map");
        Label empty = new Label();
        empty.setId("latent-map-empty");
        empty.getStyleClass().add("drop-hint");
        empty.setWrapText(true);
        empty.setPadding(new Insets(12));
        empty.textProperty().bind(vm.emptyReasonProperty());
        empty.visibleProperty().bind(vm.emptyReasonProperty().isNotEmpty());
        empty.setMouseTransparent(true);
        setCenter(new LayoutIsland(new StackPane(canvas, empty)));                   // redrawn while training
        legend.setId("map-legend");
        legend.setPadding(new Insets(2, 4, 2, 4));
        setBottom(legend);
    }

    private void initListeners() {
        canvas.pointsProperty().bind(vm.pointsProperty());
        vm.pointsProperty().addListener((obs, was, is) -> {
            if (is != null && (was == null || !was.encoded().classNames().equals(is.encoded().classNames()))) {
                buildLegend(is.encoded().classNames());
            }
        });
        canvas.themeProperty().addListener(o -> {
            var p = vm.pointsProperty().get();
            if (p != null) {
                buildLegend(p.encoded().classNames());
            }
        });
    }

    private void buildLegend(List<String> classNames) {
        legend.getChildren().clear();
        CanvasTheme t = canvas.themeProperty().get();
        for (int c = 0; c < classNames.size(); c++) {
            Label entry = new Label(classNames.get(c), new Circle(SWATCH_RADIUS, t.colour(c)));
            entry.getStyleClass().add("legend-entry");
            legend.getChildren().add(entry);
        }
        Label markers = new Label("\u25ef input   \u271a editor");
        markers.getStyleClass().add("legend-entry");
        legend.getChildren().add(markers);
    }

    public LatentMapCanvas canvas() {
        return canvas;
    }

    public Button exportPngButton() {
        return exportPng;
    }

    public LatentMapViewModel viewModel() {
        return vm;
    }
}

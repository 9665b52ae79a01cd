package latentlab.app.chart;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import latentlab.app.common.CanvasTheme;

/**
 * The loss chart with its toolbar: a toggle per curve (which is also the legend), the log scale, and
 * export buttons whose actions the window sets.
 */
public final class LossChartPane extends BorderPane {
    private static final double SWATCH = 10;

    private final LossChart chart;
    private final Button exportPng = new Button("PNG");
    private final Button exportCsv = new Button("CSV");

    public LossChartPane(LossHistory history) {
        this.chart = new LossChart(history);
        chart.setId("loss-chart");
        getStyleClass().addAll("view", "loss-chart-pane");
        Label title = new Label("Loss (nats per image)");
        title.getStyleClass().add("view-title");
        FlowPane bar = new FlowPane(8, 2);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(2, 4, 2, 4));
        bar.getChildren().add(title);
        for (LossSeries s : LossSeries.values()) {
            CheckBox toggle = new CheckBox(s.label());
            toggle.setId("show-" + s.name().toLowerCase(java.util.Locale.ROOT));
            toggle.selectedProperty().bindBidirectional(chart.shownProperty(s));
            Rectangle swatch = new Rectangle(SWATCH, SWATCH);
            swatch.fillProperty().bind(javafx.beans.binding.Bindings.createObjectBinding(
                    () -> (Color) chart.themeProperty().get().colour(s.ordinal()), chart.themeProperty()));
            toggle.setGraphic(swatch);
            toggle.setTooltip(new Tooltip(s.perIteration() ? "Per step, smoothed; the faint band is the raw values"
                    : "On the test images, once per epoch"));
            bar.getChildren().add(toggle);
        }
        CheckBox log = new CheckBox("Log scale");
        log.setId("log-scale");
        log.selectedProperty().bindBidirectional(chart.logScaleProperty());
        Region spacer = new Region();
        spacer.setMinWidth(8);
        exportPng.setId("export-chart-png");
        exportCsv.setId("export-chart-csv");
        exportPng.setTooltip(new Tooltip("Save the chart as a PNG image"));
        exportCsv.setTooltip(new Tooltip("Save every loss value as CSV"));
        bar.getChildren().addAll(log, spacer, exportPng, exportCsv);
        setTop(bar);
        setCenter(chart);
    }

    public LossChart chart() {
        return chart;
    }

    public Button exportPngButton() {
        return exportPng;
    }

    public Button exportCsvButton() {
        return exportCsv;
    }

    /** Switches the canvas between the normal and the presenter theme. */
    public void setTheme(CanvasTheme theme) {
        chart.themeProperty().set(theme);
    }
}

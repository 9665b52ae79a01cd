package latentlab.app.compare;

import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import latentlab.app.chart.LossChart;
import latentlab.app.common.FxImages;
import latentlab.core.model.ModelKind;

import java.util.Locale;

/**
 * One column of the Compare view: the model's name and hole figures; its latent map with the hole heat
 * map beside the decoded grid of the region; its samples beside its live loss curves; a caption under each.
 */
final class SideView extends VBox {
    private final CompareViewModel.Side side;
    private final HoleMapCanvas map = new HoleMapCanvas();
    private final FittedImage grid = new FittedImage();
    private final FittedImage samples = new FittedImage();
    private final LossChart chart;
    private final Label title = new Label();
    private final Label summary = new Label();
    private final Label samplesCaption = new Label();

    SideView(CompareViewModel.Side side) {
        this.side = side;
        this.chart = new LossChart(side.history());
        String id = side.kind().name().toLowerCase(Locale.ROOT);
        setId("compare-" + id);
        getStyleClass().addAll("view", "compare-side");
        setSpacing(4);
        setPadding(new Insets(4));
        map.setId("compare-" + id + "-map");
        grid.setId("compare-" + id + "-grid");
        grid.view().setId("compare-" + id + "-grid-image");
        samples.setId("compare-" + id + "-samples");
        samples.view().setId("compare-" + id + "-samples-image");
        chart.setId("compare-" + id + "-chart");
        title.getStyleClass().add("view-title");
        title.textProperty().bind(side.titleProperty());
        summary.setId("compare-" + id + "-summary");
        summary.textProperty().bind(side.summaryProperty());
        summary.setWrapText(true);
        summary.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);

        GridPane panes = new GridPane(6, 4);
        panes.add(map, 0, 0);
        panes.add(grid, 1, 0);
        panes.add(caption("Dots: test images at their codes, coloured by label. Cells: green where the decoded image"
                + " is as close to the training data as this model's reconstructions, red where it is further: a hole."
                + " Right: each cell's decoded image."), 0, 1, 2, 1);
        panes.add(samples, 0, 2);
        panes.add(chart, 1, 2);
        samplesCaption.setText(side.kind() == ModelKind.VAE
                ? "Left: 16 codes drawn from the prior N(0, I), the VAE's way to sample (red: holes). Right: its"
                + " loss, reconstruction + \u03b2 \u00d7 KL (blue), reconstruction (orange), KL (green), test"
                + " \u2212ELBO (red)."
                : "Left: 16 codes drawn from a Gaussian fitted to the AE's codes: an AE has no prior, so this is a"
                + " simple way to sample it (red: holes). Right: its loss, reconstruction only (orange; test in red).");
        panes.add(caption(samplesCaption), 0, 3, 2, 1);
        ColumnConstraints half = new ColumnConstraints();
        half.setPercentWidth(50);
        panes.getColumnConstraints().addAll(half, half);
        RowConstraints big = new RowConstraints();
        big.setPercentHeight(55);
        big.setVgrow(Priority.ALWAYS);
        RowConstraints text = new RowConstraints();
        text.setVgrow(Priority.NEVER);
        RowConstraints small = new RowConstraints();
        small.setPercentHeight(27);
        small.setVgrow(Priority.ALWAYS);
        panes.getRowConstraints().addAll(big, text, small, new RowConstraints());
        VBox.setVgrow(panes, Priority.ALWAYS);
        getChildren().addAll(title, summary, panes);

        side.panelProperty().addListener((obs, was, p) -> show(p));
    }

    private static Label caption(String text) {
        return caption(new Label(text));
    }

    private static Label caption(Label label) {
        label.getStyleClass().add("compare-caption");
        label.setWrapText(true);
        label.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        return label;
    }

    private void show(CompareRenderer.Panel p) {
        map.panelProperty().set(p);
        if (p == null) {
            return;
        }
        grid.view().setImage(FxImages.intoArgb(grid.view().getImage(), p.grid(), p.gridWidth(), p.gridHeight()));
        samples.view().setImage(FxImages.intoArgb(samples.view().getImage(), p.samples(), p.samplesWidth(),
                p.samplesHeight()));
    }

    CompareViewModel.Side side() {
        return side;
    }

    HoleMapCanvas map() {
        return map;
    }

    FittedImage grid() {
        return grid;
    }

    FittedImage samples() {
        return samples;
    }

    LossChart chart() {
        return chart;
    }

    Label summary() {
        return summary;
    }
}

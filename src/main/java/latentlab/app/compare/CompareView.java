package latentlab.app.compare;

import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import latentlab.app.common.FileDialogs;
import latentlab.app.train.DatasetChoice;

import java.util.Locale;

/**
 * The Compare view: a toolbar (dataset, architecture, epochs, Train both, Stop, Load two models, the VAE's
 * beta with Continue and Retrain, the region), then the AE and the VAE side by side ({@link SideView}), and
 * a caption on the region shown.
 */
public final class CompareView extends BorderPane {
    private final CompareViewModel vm;
    private final FileDialogs dialogs;
    private final SideView ae;
    private final SideView vae;
    private final Button train = new Button("Train both");
    private final Button stop = new Button("Stop");
    private final Button load = new Button("Load two models\u2026");
    private final Button continueVae = new Button("Continue VAE");
    private final Button retrainVae = new Button("Retrain VAE");
    private final Slider beta = new Slider(0, CompareViewModel.MAX_BETA, 1);

    public CompareView(CompareViewModel vm, FileDialogs dialogs) {
        this.vm = vm;
        this.dialogs = dialogs;
        this.ae = new SideView(vm.ae());
        this.vae = new SideView(vm.vae());
        getStyleClass().addAll("latentlab", "compare-view");
        setId("compare-view");
        createView();
        initListeners();
    }

    private void createView() {
        ComboBox<DatasetChoice> dataset = new ComboBox<>(FXCollections.observableArrayList(
                DatasetChoice.standard().stream().filter(c -> !c.asksForFolder()).toList()));
        dataset.setId("compare-dataset");
        dataset.setValue(DatasetChoice.of(vm.datasetNameProperty().get()));
        dataset.setOnAction(e -> {
            if (dataset.getValue() != null && !dataset.getValue().name().equals(vm.datasetNameProperty().get())) {
                vm.datasetNameProperty().set(dataset.getValue().name());
                vm.loadDataset();
            }
        });
        vm.datasetNameProperty().addListener((obs, was, is) -> dataset.setValue(DatasetChoice.of(is)));
        dataset.disableProperty().bind(vm.runningProperty().or(vm.busyProperty()));
        TextField hidden = new TextField();
        hidden.setId("compare-hidden");
        hidden.setPrefColumnCount(6);
        hidden.textProperty().bindBidirectional(vm.hiddenProperty());
        hidden.setTooltip(new Tooltip("Hidden layer sizes of both models; the latent plane is 2-D"));
        Spinner<Integer> epochs = new Spinner<>(1, 200, vm.epochsProperty().get());
        epochs.setId("compare-epochs");
        epochs.setPrefWidth(75);
        epochs.setEditable(true);
        epochs.valueProperty().addListener((obs, was, is) -> vm.epochsProperty().set(is));
        train.setId("compare-train");
        train.setDefaultButton(true);
        train.setTooltip(new Tooltip("Train a fresh AE, then a fresh VAE: same architecture, data, seed and epochs"));
        stop.setId("compare-stop");
        load.setId("compare-load");
        load.setTooltip(new Tooltip("Open a saved AE, then a saved VAE"));

        beta.setId("compare-beta");
        beta.setPrefWidth(150);
        beta.setMajorTickUnit(1);
        beta.setMinorTickCount(3);
        beta.setShowTickMarks(true);
        beta.setBlockIncrement(0.25);
        beta.valueProperty().bindBidirectional(vm.betaProperty());
        Label betaValue = new Label();
        betaValue.setId("compare-beta-value");
        betaValue.setMinWidth(55);
        betaValue.textProperty().bind(Bindings.createStringBinding(
                () -> String.format(Locale.ROOT, "\u03b2 = %.2f", vm.betaProperty().get()), vm.betaProperty()));
        continueVae.setId("compare-continue-vae");
        continueVae.setTooltip(new Tooltip("Train the VAE further from its current weights with this \u03b2"));
        retrainVae.setId("compare-retrain-vae");
        retrainVae.setTooltip(new Tooltip("Train a fresh VAE with this \u03b2"));

        ComboBox<CompareRenderer.Region> region = new ComboBox<>(FXCollections.observableArrayList(
                CompareRenderer.Region.values()));
        region.setId("compare-region");
        region.valueProperty().bindBidirectional(vm.regionProperty());
        region.setTooltip(new Tooltip("Which codes the grids decode; or drag a box on either map"));

        ProgressBar progress = new ProgressBar();
        progress.setId("compare-progress");
        progress.setPrefWidth(140);
        progress.progressProperty().bind(Bindings.createDoubleBinding(() -> vm.runningProperty().get()
                        ? vm.progressProperty().get() : vm.busyProperty().get() || vm.measuringProperty().get() ? -1 : 0,
                vm.runningProperty(), vm.progressProperty(), vm.busyProperty(), vm.measuringProperty()));
        Label status = new Label();
        status.setId("compare-status");
        status.textProperty().bind(Bindings.createStringBinding(() -> vm.measuringProperty().get()
                        && !vm.runningProperty().get() ? "Measuring the holes\u2026" : vm.statusProperty().get(),
                vm.statusProperty(), vm.measuringProperty(), vm.runningProperty()));

        FlowPane bar = new FlowPane(6, 4, new Label("Data"), dataset, new Label("hidden"), hidden, new Label("epochs"),
                epochs, train, stop, load, new Separator(javafx.geometry.Orientation.VERTICAL), new Label("VAE"), beta,
                betaValue, continueVae, retrainVae, new Separator(javafx.geometry.Orientation.VERTICAL),
                new Label("Grid region"), region, progress, status);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 6, 4, 6));
        Label betaCaption = caption("\u03b2 weighs the KL term that pulls the VAE's codes towards N(0, I): \u03b2 = 0"
                + " trains it like an AE (with noise on its codes), \u03b2 = 1 is the VAE, \u03b2 > 1 gives a smoother,"
                + " blurrier map. Continue trains from the current weights, so you can watch the holes open and close.");
        setTop(new VBox(bar, betaCaption));

        GridPane sides = new GridPane(8, 0);
        sides.add(ae, 0, 0);
        sides.add(vae, 1, 0);
        ColumnConstraints half = new ColumnConstraints();
        half.setPercentWidth(50);
        sides.getColumnConstraints().addAll(half, half);
        RowConstraints all = new RowConstraints();
        all.setVgrow(Priority.ALWAYS);
        sides.getRowConstraints().add(all);
        setCenter(sides);
        Label regionCaption = caption("");
        regionCaption.setId("compare-region-caption");
        regionCaption.textProperty().bind(Bindings.createStringBinding(() -> vm.regionTextProperty().get()
                + " A hole: a decoded image further from every training image than 95 % of the model's own"
                + " reconstructions of test images are.", vm.regionTextProperty()));
        setBottom(regionCaption);
    }

    private static Label caption(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("compare-caption");
        l.setWrapText(true);
        l.setPadding(new Insets(2, 8, 4, 8));
        return l;
    }

    private void initListeners() {
        var occupied = vm.runningProperty().or(vm.busyProperty());
        train.disableProperty().bind(occupied.or(vm.datasetProperty().isNull()));
        continueVae.disableProperty().bind(occupied.or(vm.datasetProperty().isNull()));
        retrainVae.disableProperty().bind(occupied.or(vm.datasetProperty().isNull()));
        load.disableProperty().bind(occupied);
        stop.disableProperty().bind(vm.runningProperty().not());
        train.setOnAction(e -> vm.trainBoth());
        stop.setOnAction(e -> vm.stop());
        continueVae.setOnAction(e -> vm.continueVae());
        retrainVae.setOnAction(e -> vm.retrainVae());
        load.setOnAction(e -> dialogs.open("Open the AE", FileDialogs.Kind.MODEL).ifPresent(a ->
                dialogs.open("Open the VAE", FileDialogs.Kind.MODEL).ifPresent(v -> vm.loadModels(a, v))));
        for (SideView side : new SideView[]{ae, vae}) {
            side.map().setOnBox(box -> {
                vm.customBoxProperty().set(box);
                vm.regionProperty().set(CompareRenderer.Region.CUSTOM);
            });
            side.map().setOnReset(() -> vm.regionProperty().set(CompareRenderer.Region.AE_RANGE));
        }
    }

    /**
     * Drains the trainers' events and redraws the charts; once per frame.
     *
     * @return whether there may be more to show: an event was drained, or training runs
     */
    public boolean frame() {
        boolean drained = vm.frame();
        ae.chart().redrawIfNeeded();
        vae.chart().redrawIfNeeded();
        return drained || vm.runningProperty().get();
    }

    public CompareViewModel viewModel() {
        return vm;
    }

    SideView ae() {
        return ae;
    }

    SideView vae() {
        return vae;
    }
}

package latentlab.app.editor;

import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.KeyValue;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import latentlab.app.common.Formats;
import latentlab.app.common.FxImages;
import latentlab.app.common.ScrollPanes;

import java.util.ArrayList;
import java.util.List;

/**
 * The slider editor: the preprocessed input beside the decoded image, one slider per latent
 * dimension, interpolation between two codes (slider or animation), reset and save. Images are
 * dropped on the window, pasted, opened or picked from the test set.
 */
public final class EditorView extends BorderPane {
    /** Side of the two image boxes. */
    static final double IMAGE_SIDE = 128;
    private static final Duration SWEEP = Duration.seconds(2.5);

    private final EditorViewModel vm;
    private final ImageView input = pixelated("editor-input");
    private final ImageView decoded = pixelated("editor-decoded");
    private final VBox sliders = new VBox(2);
    private final List<Slider> sliderList = new ArrayList<>();
    private final List<Label> valueLabels = new ArrayList<>();
    private final Button openImage = new Button("Open\u2026");
    private final Button paste = new Button("Paste");
    private final Button saveDecoded = new Button("Save PNG");
    private final Button exportPng = new Button("PNG");
    private final Slider mix = new Slider(0, 1, 0);
    private final DoubleProperty animatedMix = new SimpleDoubleProperty();
    private final Timeline sweep = new Timeline();
    private boolean showingCode;

    public EditorView(EditorViewModel vm) {
        this.vm = vm;
        getStyleClass().addAll("view", "editor-view");
        setId("editor-view");
        createView();
        initListeners();
    }

    private static ImageView pixelated(String id) {
        ImageView view = new ImageView();
        view.setId(id);
        view.setSmooth(false);
        view.setPreserveRatio(true);
        view.setFitWidth(IMAGE_SIDE);
        view.setFitHeight(IMAGE_SIDE);
        return view;
    }

    private void createView() {
        Label title = new Label("Editor");
        title.getStyleClass().add("view-title");
        openImage.setId("open-image");
        openImage.setTooltip(new Tooltip("Open an image file (or drop one anywhere on the window)"));
        paste.setId("paste-image");
        paste.setTooltip(new Tooltip("Use the image or image file on the clipboard (Ctrl+V)"));
        Button test = new Button("Test image");
        test.setId("random-test-image");
        test.setTooltip(new Tooltip("Use a random test image (or click a point on the latent map)"));
        test.setOnAction(e -> vm.pickRandomTestImage());
        test.disableProperty().bind(Bindings.createBooleanBinding(() -> vm.testImagesProperty().get() == 0,
                vm.testImagesProperty()));
        Button sample = new Button("Sample");
        sample.setId("sample-code");
        sample.setTooltip(new Tooltip("Decode a random code: from the prior N(0, I) for a VAE, from a Gaussian over"
                + " the range of its codes for an AE"));
        sample.setOnAction(e -> vm.sample());
        exportPng.setId("export-editor-png");
        exportPng.setTooltip(new Tooltip("Save this view as a PNG image"));
        FlowPane bar = new FlowPane(6, 2, title, openImage, paste, test, sample, exportPng);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(2, 4, 2, 4));
        setTop(bar);

        Label dropHint = new Label("Drop an image here,\npaste one (Ctrl+V),\nor pick a test image");
        dropHint.getStyleClass().add("drop-hint");
        dropHint.visibleProperty().bind(vm.inputProperty().isNull());
        StackPane inputBox = imageBox(input, dropHint);
        StackPane decodedBox = imageBox(decoded);
        Label inputCaption = new Label();
        inputCaption.setId("editor-input-caption");
        inputCaption.textProperty().bind(Bindings.createStringBinding(() -> vm.inputDescriptionProperty().get().isEmpty()
                ? "input" : "input: " + vm.inputDescriptionProperty().get(), vm.inputDescriptionProperty()));
        inputCaption.setMaxWidth(IMAGE_SIDE + 8);
        Label decodedCaption = new Label("decoded");
        GridPane images = new GridPane(8, 2);
        images.addRow(0, inputBox, decodedBox);
        images.addRow(1, inputCaption, decodedCaption);
        images.setAlignment(Pos.CENTER);

        ScrollPane sliderScroll = ScrollPanes.uncached(sliders);
        sliderScroll.setId("editor-sliders");
        sliderScroll.setFitToWidth(true);
        sliderScroll.setMinHeight(60);
        sliders.setPadding(new Insets(2, 6, 2, 2));
        VBox.setVgrow(sliderScroll, Priority.ALWAYS);

        Button setA = new Button("Set A");
        setA.setId("set-a");
        setA.setOnAction(e -> vm.setA());
        setA.setTooltip(new Tooltip("Remember the current code as the start A"));
        Button setB = new Button("Set B");
        setB.setId("set-b");
        setB.setOnAction(e -> vm.setB());
        setB.setTooltip(new Tooltip("Remember the current code as the end B"));
        mix.setId("interpolation");
        mix.setTooltip(new Tooltip("Interpolate between codes A and B"));
        HBox.setHgrow(mix, Priority.ALWAYS);
        ToggleButton play = new ToggleButton("\u25b6");
        play.setId("play-interpolation");
        play.setTooltip(new Tooltip("Animate from A to B and back"));
        var ready = vm.codeAProperty().isNull().or(vm.codeBProperty().isNull());
        mix.disableProperty().bind(ready);
        play.disableProperty().bind(ready);
        play.selectedProperty().addListener((obs, was, on) -> {
            if (on) {
                sweep.playFrom(Duration.millis(SWEEP.toMillis() * mix.getValue()));
            } else {
                sweep.stop();
            }
        });
        sweep.getKeyFrames().setAll(new KeyFrame(Duration.ZERO, new KeyValue(animatedMix, 0)),
                new KeyFrame(SWEEP, new KeyValue(animatedMix, 1)));
        sweep.setAutoReverse(true);
        sweep.setCycleCount(Animation.INDEFINITE);
        animatedMix.addListener((obs, was, is) -> mix.setValue(is.doubleValue()));
        setA.setMinWidth(Region.USE_PREF_SIZE);
        setB.setMinWidth(Region.USE_PREF_SIZE);
        HBox interpolation = new HBox(4, setA, setB, mix, play);
        interpolation.setAlignment(Pos.CENTER_LEFT);

        Button reset = new Button("Reset");
        reset.setId("editor-reset");
        reset.setTooltip(new Tooltip("Sliders back to the input's code"));
        reset.setOnAction(e -> vm.reset());
        saveDecoded.setId("save-decoded");
        saveDecoded.setTooltip(new Tooltip("Save the decoded image as a PNG"));
        saveDecoded.disableProperty().bind(vm.decodedProperty().isNull());
        HBox actions = new HBox(4, reset, saveDecoded);

        VBox body = new VBox(6, images, new Label("Latent code (drag the sliders)"), sliderScroll,
                new Label("Interpolation"), interpolation, actions);
        body.setPadding(new Insets(4, 6, 6, 6));
        setCenter(body);
    }

    private static StackPane imageBox(ImageView view, javafx.scene.Node... overlays) {
        StackPane box = new StackPane(view);
        box.getChildren().addAll(overlays);
        box.getStyleClass().add("image-box");
        box.setMinSize(IMAGE_SIDE + 4, IMAGE_SIDE + 4);
        box.setPrefSize(IMAGE_SIDE + 4, IMAGE_SIDE + 4);
        box.setMaxSize(IMAGE_SIDE + 4, IMAGE_SIDE + 4);
        return box;
    }

    private void initListeners() {
        vm.inputProperty().addListener((obs, was, is) -> input.setImage(is == null ? null
                : FxImages.grey(is, vm.inputShapeProperty().get())));
        vm.decodedProperty().addListener((obs, was, d) -> decoded.setImage(d == null ? null
                : FxImages.grey(d.pixels(), d.shape())));
        vm.latentProperty().addListener((obs, was, is) -> buildSliders(is.intValue()));
        vm.sliderRangesProperty().addListener((obs, was, is) -> applyRanges(is));
        vm.codeProperty().addListener((obs, was, z) -> showCode(z));
        mix.valueProperty().addListener((obs, was, is) -> {
            if (!showingCode) {
                vm.interpolate(is.doubleValue());
            }
        });
        buildSliders(vm.latentProperty().get());
    }

    private void buildSliders(int latent) {
        sliders.getChildren().clear();
        sliderList.clear();
        valueLabels.clear();
        for (int i = 0; i < latent; i++) {
            int dim = i;
            Slider slider = new Slider(-EditorViewModel.SLIDER_RANGE, EditorViewModel.SLIDER_RANGE, 0);
            slider.setId("z" + i);
            slider.setMajorTickUnit(1);
            slider.setShowTickMarks(latent <= 4);
            HBox.setHgrow(slider, Priority.ALWAYS);
            Label name = new Label("z" + i);
            name.setMinWidth(28);
            Label value = new Label(Formats.latent(0));
            value.setId("z" + i + "-value");
            value.setMinWidth(44);
            slider.valueProperty().addListener((obs, was, is) -> {
                value.setText(Formats.latent(is.doubleValue()));
                if (!showingCode) {
                    vm.setDimension(dim, is.doubleValue());
                }
            });
            HBox row = new HBox(4, name, slider, value);
            row.setAlignment(Pos.CENTER_LEFT);
            sliders.getChildren().add(row);
            sliderList.add(slider);
            valueLabels.add(value);
        }
        applyRanges(vm.sliderRangesProperty().get());
    }

    /** Gives each slider its dimension's range (an AE's follow its codes), without moving the code. */
    private void applyRanges(EditorViewModel.SliderRanges ranges) {
        if (ranges == null || ranges.low().length != sliderList.size()) {
            return;                                                   // the sliders for the new latent size come next
        }
        showingCode = true;                                           // a slider clamped here must not edit the code
        try {
            for (int i = 0; i < sliderList.size(); i++) {
                Slider slider = sliderList.get(i);
                double lo = ranges.low()[i];
                double hi = ranges.high()[i];
                if (lo > slider.getMax()) {
                    slider.setMax(hi);
                    slider.setMin(lo);
                } else {
                    slider.setMin(lo);
                    slider.setMax(hi);
                }
                slider.setMajorTickUnit(tickUnit(hi - lo));
            }
        } finally {
            showingCode = false;
        }
        showCode(vm.codeProperty().get());
    }

    /** A tick every 0.5, 1, 2, 5, 10, ... units: the first that leaves at most 8 ticks on the slider. */
    static double tickUnit(double width) {
        for (double decade = 0.1; ; decade *= 10) {
            for (double step : new double[] {5, 10, 20}) {
                if (width / (step * decade) <= 8) {
                    return step * decade;
                }
            }
        }
    }

    /** Moves the sliders to a code set elsewhere, without feeding it back. */
    private void showCode(float[] z) {
        if (z == null || z.length != sliderList.size()) {
            return;
        }
        showingCode = true;
        try {
            for (int i = 0; i < z.length; i++) {
                sliderList.get(i).setValue(z[i]);
                valueLabels.get(i).setText(Formats.latent(z[i]));          // the code, also beyond the slider's end
            }
            if (vm.mixProperty().get() != mix.getValue()) {
                mix.setValue(vm.mixProperty().get());
            }
        } finally {
            showingCode = false;
        }
    }

    /** Stops the interpolation animation; on exit. */
    public void shutdown() {
        sweep.stop();
    }

    public Button openImageButton() {
        return openImage;
    }

    public Button pasteButton() {
        return paste;
    }

    public Button saveDecodedButton() {
        return saveDecoded;
    }

    public Button exportPngButton() {
        return exportPng;
    }

    public EditorViewModel viewModel() {
        return vm;
    }
}

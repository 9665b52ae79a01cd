package latentlab.app.models;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import latentlab.app.models.ModelPickerViewModel.Row;

import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The model picker's content: a table of the shipped models and the user's own (title, origin, dataset
 * and whether it is here, architecture, epochs, test ELBO), the selected model's description, the files
 * that could not be read, and the user's models folder. Double-click or Open opens a model.
 */
public final class ModelPickerView extends BorderPane {
    private final ModelPickerViewModel vm;
    private final TableView<Row> table = new TableView<>();
    private final Button open = new Button("Open");
    private final Button refresh = new Button("Refresh");
    private final Button close = new Button("Close");
    private Runnable onClose = () -> { };

    public ModelPickerView(ModelPickerViewModel vm) {
        this.vm = vm;
        getStyleClass().addAll("latentlab", "model-picker");
        setId("model-picker");
        createView();
        initListeners();
    }

    public ModelPickerViewModel viewModel() {
        return vm;
    }

    public TableView<Row> table() {
        return table;
    }

    /** Runs {@code action} when the picker is done: Close, or a model was opened. */
    public void setOnClose(Runnable action) {
        onClose = action;
    }

    private void createView() {
        Label title = new Label("Models");
        title.getStyleClass().add("panel-title");
        Label yours = new Label("Your models");
        yours.setMinWidth(Region.USE_PREF_SIZE);
        TextField folder = new TextField(vm.userDir().toString());
        folder.setId("user-models-folder");
        folder.setEditable(false);
        folder.setFocusTraversable(false);
        folder.getStyleClass().add("dataset-folder");
        HBox.setHgrow(folder, Priority.ALWAYS);
        HBox where = new HBox(6, yours, folder);
        where.setAlignment(Pos.CENTER_LEFT);
        Label hint = new Label("Save a model into this folder (File \u203a Save model as\u2026) and it is listed here;"
                + " a shipped model opens as a copy, so saving never changes it.");
        hint.setWrapText(true);
        hint.getStyleClass().add("dataset-note");
        VBox top = new VBox(4, title, where, hint);
        top.setPadding(new Insets(10, 12, 6, 12));
        setTop(top);

        table.setId("models");
        table.setPlaceholder(new Label("No models found"));
        table.getColumns().add(column("Model", Row::title, 270));
        table.getColumns().add(column("Origin", Row::origin, 50));
        table.getColumns().add(column("Dataset", Row::dataset, 170));
        table.getColumns().add(column("Architecture", Row::architecture, 220));
        table.getColumns().add(column("Epochs", Row::epochs, 50));
        table.getColumns().add(column("Test ELBO", Row::testElbo, 80));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setRowFactory(t -> {
            TableRow<Row> row = new TableRow<>();
            row.itemProperty().addListener((obs, was, is) -> {
                row.getStyleClass().removeAll("model-yours", "model-shipped");
                if (is != null) {
                    row.getStyleClass().add(is.origin().equals("yours") ? "model-yours" : "model-shipped");
                }
            });
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) {
                    openSelected();
                }
            });
            return row;
        });

        Label description = new Label();
        description.setId("model-description");
        description.setWrapText(true);
        description.setMinHeight(Region.USE_PREF_SIZE);
        description.textProperty().bind(Bindings.createStringBinding(() -> describe(vm.selectedProperty().get()),
                vm.selectedProperty()));

        TextArea unreadable = new TextArea();
        unreadable.setId("unreadable");
        unreadable.setEditable(false);
        unreadable.setWrapText(true);
        unreadable.setPrefRowCount(2);
        unreadable.getStyleClass().add("download-problem");
        unreadable.textProperty().bind(Bindings.createStringBinding(() -> vm.unreadable().isEmpty() ? ""
                : "Could not be read:\n" + vm.unreadable().stream().map(u -> u.file().getFileName() + ": " + u.reason())
                .collect(Collectors.joining("\n")), vm.unreadable()));
        unreadable.visibleProperty().bind(Bindings.isNotEmpty(vm.unreadable()));
        unreadable.managedProperty().bind(unreadable.visibleProperty());

        VBox center = new VBox(6, table, description, unreadable);
        VBox.setVgrow(table, Priority.ALWAYS);
        center.setPadding(new Insets(0, 12, 0, 12));
        setCenter(center);

        open.setId("open");
        open.setDefaultButton(true);
        open.getStyleClass().add("accent");
        open.setTooltip(new Tooltip("Open the selected model in the window (or double-click it)"));
        refresh.setId("refresh");
        refresh.setTooltip(new Tooltip("Read the model folders again"));
        close.setId("close");
        close.setCancelButton(true);
        Label summary = new Label();
        summary.setId("models-summary");
        summary.getStyleClass().add("dataset-note");
        summary.textProperty().bind(vm.summaryProperty());
        summary.setMinWidth(0);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox bottom = new HBox(6, refresh, summary, gap, open, close);
        bottom.setAlignment(Pos.CENTER_LEFT);
        bottom.setPadding(new Insets(8, 12, 10, 12));
        setBottom(bottom);
    }

    private void initListeners() {
        table.setItems(vm.models());
        table.getSelectionModel().selectedItemProperty().addListener((obs, was, is) -> vm.selectedProperty().set(is));
        vm.selectedProperty().addListener((obs, was, is) -> {
            if (table.getSelectionModel().getSelectedItem() != is) {
                table.getSelectionModel().select(is);
            }
        });
        open.disableProperty().bind(vm.selectedProperty().isNull().or(vm.canOpenProperty().not()));
        refresh.disableProperty().bind(vm.loadingProperty());
        open.setOnAction(e -> openSelected());
        refresh.setOnAction(e -> vm.refresh());
        close.setOnAction(e -> onClose.run());
    }

    private void openSelected() {
        if (vm.openSelected()) {
            onClose.run();
        }
    }

    private static String describe(Row row) {
        if (row == null) {
            return "Choose a model to see what it is; double-click or Open opens it.";
        }
        return row.entry().description() + " Images of " + row.entry().shape() + " pixels; "
                + row.entry().file().getFileName() + "." + (row.datasetHere() ? "" : " Its dataset is not on this computer: the"
                + " model opens and decodes, and Data \u203a Datasets\u2026 gets the data to train it or see its latent map.");
    }

    private static TableColumn<Row, String> column(String name, Function<Row, String> value, double width) {
        TableColumn<Row, String> c = new TableColumn<>(name);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        c.setSortable(false);
        return c;
    }
}

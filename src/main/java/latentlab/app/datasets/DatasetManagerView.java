package latentlab.app.datasets;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import latentlab.app.common.BackgroundExecutors;
import latentlab.app.common.ScrollPanes;

import java.awt.Desktop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The dataset manager window's content: one card per dataset with its state, folder and size, a
 * Download / Resume / Retry button, a progress bar with Cancel, "Use it now" once it is here, and, when a
 * download fails, what went wrong and which files to put in which folder, as text that can be copied.
 * Node ids end in the dataset's name: {@code download-mnist}, {@code cancel-mnist}, {@code progress-mnist},
 * {@code problem-mnist}, ...
 */
public final class DatasetManagerView extends BorderPane {
    /** Lines of a failure's text shown without scrolling: the problem, a blank line and the manual alternative. */
    private static final int PROBLEM_ROWS = 8;
    private final DatasetManagerViewModel vm;
    private final Button verify = new Button("Verify checksums");
    private final Button refresh = new Button("Refresh");
    private final Button close = new Button("Close");
    private final Label checkText = new Label();

    public DatasetManagerView(DatasetManagerViewModel vm) {
        this.vm = vm;
        getStyleClass().addAll("latentlab", "dataset-manager");
        setId("dataset-manager");
        createView();
        initListeners();
    }

    public DatasetManagerViewModel viewModel() {
        return vm;
    }

    /** Runs {@code action} when Close is pressed (the window closes itself). */
    public void setOnClose(Runnable action) {
        close.setOnAction(e -> action.run());
    }

    private void createView() {
        Label title = new Label("Datasets");
        title.getStyleClass().add("panel-title");
        Label intro = new Label(vm.introduction());
        intro.setWrapText(true);
        intro.setId("datasets-intro");
        VBox top = new VBox(4, title, intro);
        top.setPadding(new Insets(10, 12, 6, 12));
        setTop(top);

        VBox cards = new VBox(8);
        cards.setPadding(new Insets(4, 12, 8, 12));
        for (DatasetRow row : vm.rows()) {
            cards.getChildren().add(card(row));
        }
        ScrollPane scroll = ScrollPanes.uncached(cards);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("dataset-cards");
        setCenter(scroll);

        verify.setId("verify");
        verify.setTooltip(new Tooltip("Check every file against its published SHA-256"));
        refresh.setId("refresh");
        refresh.setTooltip(new Tooltip("Look again at which datasets are here"));
        close.setId("close");
        close.setCancelButton(true);
        checkText.setId("check-text");
        checkText.getStyleClass().add("dataset-note");
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox bottom = new HBox(6, verify, refresh, checkText, gap, close);
        bottom.setAlignment(Pos.CENTER_LEFT);
        bottom.setPadding(new Insets(6, 12, 10, 12));
        setBottom(bottom);
    }

    private void initListeners() {
        verify.setOnAction(e -> vm.verify());
        refresh.setOnAction(e -> vm.refresh());
        verify.disableProperty().bind(vm.checkingProperty());
        refresh.disableProperty().bind(vm.checkingProperty());
        checkText.textProperty().bind(Bindings.createStringBinding(() -> vm.checkingProperty().get()
                        ? "Checking\u2026" : vm.verifiedProperty().get()
                        ? "Checksums checked: a dataset marked verified matches its published SHA-256."
                        : "Sizes checked; Verify checks every SHA-256.",
                vm.checkingProperty(), vm.verifiedProperty()));
    }

    /** One dataset. */
    private Node card(DatasetRow row) {
        String n = row.name();
        Label title = new Label(row.title());
        title.getStyleClass().add("dataset-title");
        title.setMinWidth(Region.USE_PREF_SIZE);
        Label state = new Label();
        state.setId("state-" + n);
        state.getStyleClass().add("dataset-state");
        state.textProperty().bind(row.stateTextProperty());
        state.setMinWidth(Region.USE_PREF_SIZE);
        row.stateTextProperty().addListener((obs, was, is) -> styleState(state, is));
        styleState(state, row.stateTextProperty().get());
        Label size = new Label();
        size.setId("size-" + n);
        size.getStyleClass().add("dataset-size");
        size.textProperty().bind(row.sizeTextProperty());
        size.setMinWidth(0);

        Button action = new Button();
        action.setId("download-" + n);
        action.getStyleClass().add("accent");
        action.textProperty().bind(row.actionTextProperty());
        showWhen(action, row.actionTextProperty().isNotEmpty());
        action.setOnAction(e -> vm.download(n));
        action.setTooltip(new Tooltip("Download the missing files into the folder below; an interrupted download"
                + " resumes where it stopped"));
        Button cancel = new Button("Cancel");
        cancel.setId("cancel-" + n);
        showWhen(cancel, row.downloadingProperty());
        cancel.setOnAction(e -> vm.cancel(n));
        Button use = new Button();
        use.setId("use-" + n);
        use.textProperty().bind(Bindings.when(row.justDownloadedProperty()).then("Use it now").otherwise("Use"));
        use.setTooltip(new Tooltip("Load this dataset in the main window"));
        showWhen(use, Bindings.createBooleanBinding(row::usable, row.statusProperty(), row.downloadingProperty()));
        use.disableProperty().bind(vm.canUseProperty().not());
        use.setOnAction(e -> vm.use(n));
        for (Button b : List.of(action, cancel, use)) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox head = new HBox(8, title, state, size, gap, action, cancel, use);
        head.setAlignment(Pos.CENTER_LEFT);

        VBox card = new VBox(4, head);
        card.getStyleClass().add("dataset-row");
        card.setId("row-" + n);
        card.setPadding(new Insets(6, 8, 6, 8));
        if (row.builtIn()) {
            Label built = new Label("Drawn by Latent Lab as it runs: cartoon faces that turn their head and smile or"
                    + " frown. Always here, nothing to download.");
            built.setWrapText(true);
            built.getStyleClass().add("dataset-note");
            card.getChildren().add(built);
            return card;
        }

        TextField folder = new TextField();
        folder.setId("folder-" + n);
        folder.setEditable(false);
        folder.setFocusTraversable(false);
        folder.getStyleClass().add("dataset-folder");
        folder.textProperty().bind(row.folderTextProperty());
        folder.setTooltip(new Tooltip("Select and copy the path to put the files there by hand"));
        HBox.setHgrow(folder, Priority.ALWAYS);
        Label folderLabel = new Label("Folder");
        folderLabel.setMinWidth(Region.USE_PREF_SIZE);
        Button open = new Button("Open folder");
        open.setId("open-folder-" + n);
        open.setMinWidth(Region.USE_PREF_SIZE);
        open.setTooltip(new Tooltip("Open the folder in the file manager (or copy its path when that is not possible)"));
        Label opened = new Label();
        opened.getStyleClass().add("dataset-note");
        open.setOnAction(e -> opened.setText(openFolder(Path.of(row.folderTextProperty().get()))));
        HBox where = new HBox(6, folderLabel, folder, open);
        where.setAlignment(Pos.CENTER_LEFT);

        ProgressBar bar = new ProgressBar();
        bar.setId("progress-" + n);
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(row.progressProperty());
        HBox.setHgrow(bar, Priority.ALWAYS);
        Label progressText = new Label();
        progressText.setId("progress-text-" + n);
        progressText.getStyleClass().add("dataset-note");
        progressText.textProperty().bind(row.progressTextProperty());
        progressText.setWrapText(true);
        VBox progress = new VBox(2, bar, progressText);
        showWhen(progress, row.downloadingProperty().or(Bindings.createBooleanBinding(() ->
                !row.usable() && row.progressProperty().get() > 0, row.progressProperty(), row.statusProperty(),
                row.downloadingProperty())));

        Label note = new Label();
        note.setId("note-" + n);
        note.setWrapText(true);
        note.getStyleClass().add("dataset-note");
        note.textProperty().bind(row.noteProperty());
        showWhen(note, row.noteProperty().isNotEmpty());

        TextArea problem = new TextArea();
        problem.setId("problem-" + n);
        problem.setEditable(false);
        problem.setWrapText(true);
        problem.setPrefRowCount(PROBLEM_ROWS);
        problem.getStyleClass().add("download-problem");
        problem.textProperty().bind(row.problemProperty());
        showWhen(problem, row.problemProperty().isNotEmpty());
        showWhen(opened, opened.textProperty().isNotEmpty());

        card.getChildren().addAll(where, opened, progress, note, problem);
        return card;
    }

    private static void showWhen(Node node, ObservableValue<Boolean> condition) {
        node.visibleProperty().bind(condition);
        node.managedProperty().bind(node.visibleProperty());
    }

    private static void styleState(Label label, String state) {
        label.getStyleClass().removeIf(c -> c.startsWith("state-"));
        label.getStyleClass().add("state-" + state.toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "-")
                .replaceAll("-$", ""));
    }

    /**
     * Copies the folder's path to the clipboard and, where the desktop allows it, opens the folder (made
     * first, so that the files can be put there) in the file manager. Returns what it did, for the card.
     */
    private static String openFolder(Path folder) {
        ClipboardContent content = new ClipboardContent();
        content.putString(folder.toString());
        Clipboard.getSystemClipboard().setContent(content);
        boolean canOpen;
        try {
            canOpen = Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.OPEN);
        } catch (RuntimeException | LinkageError e) {
            canOpen = false;
        }
        if (!canOpen) {
            return "The folder's path is copied: paste it into your file manager.";
        }
        Thread t = BackgroundExecutors.named("latentlab-open-folder").newThread(() -> {
            try {
                Files.createDirectories(folder);
                Desktop.getDesktop().open(folder.toFile());
            } catch (IOException | RuntimeException e) {
                // the path is on the clipboard, and the card says so
            }
        });
        t.start();
        return "Opening the folder; its path is also copied.";
    }
}
